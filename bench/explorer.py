"""The explorer (``render MODEL -o chart.html``) of the national model in headless Chromium:
``bench/run.py --explorer``, or ``.venv/bin/python bench/explorer.py [MODEL]``.

Measures the render (wall seconds), the file's size, the time from navigation to the first
levels drawn, a search (the first one, which folds every name once, and the next), the
expansion of the widest unit (its first page of children), and how many unit boxes the
page holds after each step (only those on screen are drawn)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OG = str(Path(sys.executable).parent / "orggraph")
NATIONAL = HERE / "data" / "national" / "national.csv"
#: The explorer of the page, in its scripts
X = "orggraph.explorers.get('og')"
TIMED = """async ([what, arg]) => {
  const x = orggraph.explorers.get("og"), t = performance.now();
  if (what === "search") x.reveal(x.find(arg)[0]);
  else if (what === "all") for (let k = 0; k < 100 && x.boxes() < arg; k++) x.more(x.row("khoi0"));
  else x.click(x.row(arg));
  await new Promise(requestAnimationFrame);
  return performance.now() - t;
}"""


def measure(model=NATIONAL, query="g31234-c2"):
    from playwright.sync_api import sync_playwright

    if not Path(model).exists():  # a fresh checkout: the national model is generated once
        import generate
        generate.write_national(Path(model).parent)
    out = Path(tempfile.mkdtemp()) / "explorer.html"
    start = time.perf_counter()
    subprocess.run([OG, "render", str(model), "-o", str(out)], check=True,
                   capture_output=True)
    result = {"render s": time.perf_counter() - start, "MB": out.stat().st_size / 1e6}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(f"file://{out}")
        page.wait_for_selector("#og-svg [data-unit-id]")
        result["open s"] = time.perf_counter() - start
        drawn = "document.querySelectorAll('#og-svg [data-unit-id]').length"
        result["boxes open"] = page.evaluate(drawn)
        result["first search ms"] = page.evaluate(TIMED, ["search", query])
        result["search ms"] = page.evaluate(TIMED, ["search", "tinh uy thot not"])
        result["found"] = page.evaluate("document.querySelector('.og-hit').dataset.unitId")
        widest = page.evaluate(X + ".widest()")
        page.evaluate(TIMED, ["search", widest])
        result["widest"] = widest
        result["children"] = page.evaluate(f"{X}.kids({X}.row({widest!r}))")
        result["expand ms"] = page.evaluate(TIMED, ["click", widest])
        result["boxes after"] = page.evaluate(drawn)
        boxes = page.evaluate(X + ".boxes()")
        result["all pages ms"] = page.evaluate(TIMED, ["all", boxes - 1 + result["children"] - 50])
        result["boxes laid out"] = page.evaluate(X + ".boxes()")
        result["boxes drawn"] = page.evaluate(drawn)
        result["errors"] = errors
        browser.close()
    shutil.rmtree(out.parent)
    return result


if __name__ == "__main__":
    for key, value in measure(*(sys.argv[1:2] or [NATIONAL])).items():
        print(f"{key:>16}: {value:.3f}" if isinstance(value, float) else f"{key:>16}: {value}")
