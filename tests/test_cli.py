"""The command line as such: exit codes, messages, commands that only the CLI has."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import orggraph
from orggraph.schemas import text

from tests.helpers import BASE, MODELS, ROOT, schema_errors


def test_validate_and_show_commands(cli):
    r = cli("validate", "models/can-tho-2011.yaml")
    assert r.code == 0, r
    assert "valid: 264 units in 4 layers" in r.out
    r = cli("show", "models/can-tho-2011.yaml", "--focus", "thot-not", "--depth", "1")
    assert r.code == 0
    lines = r.out.splitlines()
    assert "Quận ủy Thốt Nốt [thot-not] · huyen-uy · span 46" in lines[1]
    assert len([ln for ln in lines if ln.startswith(("├─", "└─"))]) == 46


def test_validate_strict_fails_on_findings(cli):
    assert cli("validate", "--strict", BASE).code == 1


def test_internal_bug_is_one_line_without_traceback(cli, monkeypatch):
    def boom(*a, **k):
        raise ZeroDivisionError("oops")
    monkeypatch.setattr("orggraph.cli.load", boom)
    r = cli("show", BASE)
    assert r.code == 3
    assert "internal error (a bug in orggraph" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_console_script_exit_codes(sh, tmp_path):
    assert sh("--version").code == 0
    assert sh("validate").code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("orggraph: 1\nunits: [{id: r, name: R, type: x, members: -1}]\n")
    r = sh("validate", bad)
    assert r.code == 1 and re.search(r"bad\.yaml:2: unit 'r'", r.err)
    assert "Traceback" not in r.err


def test_missing_file_and_directory(cli, tmp_path):
    r = cli("validate", tmp_path / "nope.yaml")
    assert r.code == 1 and "no such file" in r.err
    d = tmp_path / "dir.yaml"
    d.mkdir()
    r = cli("validate", d)
    assert r.code == 1 and "dir.yaml: no model or scenario files in the folder" in r.err
    r = cli("show", d)
    assert r.code == 1 and "dir.yaml: is a folder, not a model file" in r.err


def test_validate_a_folder_checks_every_model_and_scenario_below_it(cli, tmp_path):
    r = cli("validate", MODELS)
    assert r.code == 0, r
    checked = [line.split(": valid:")[0] for line in r.out.splitlines() if ": valid:" in line]
    assert checked == [str(MODELS / "can-tho-2011.yaml")] + [
        str(MODELS / "scenarios" / f) for f in
        ("pilot-2011.yaml", "reverse-thot-not-2013.yaml", "staffing-2012.yaml")]
    # messages name a scenario's base without detours through ".."
    assert f"\n  {MODELS / 'can-tho-2011.yaml'}:720: thot-not: wide-span: span 27" in r.out
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.csv").write_text("id,parent,name,type\nr,,R,x\nr,r,R,x\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("not: a model\n")
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / "settings.yaml").write_text("# not a model\nlabel: x\nspans: {}\n")
    r = cli("validate", tmp_path)
    assert r.code == 1 and "bad.csv:3: unit 'r': duplicate id 'r'" in r.err
    assert "x.yaml" not in r.err + r.out
    # a file that is no orggraph file at all: one line, not one per unknown key
    assert [line for line in r.err.splitlines() if "settings.yaml" in line] == [
        f"{tmp_path / 'settings.yaml'}:2: not an orggraph model or scenario: no 'orggraph: 1', "
        "no 'units' (a scenario starts with 'orggraph-scenario: 1')"]


def test_long_error_lists_are_cut_at_20_lines(cli, tmp_path):
    p = tmp_path / "many.csv"
    p.write_text("id,parent,name,type\nr,,R,x\n" + "".join(
        f"a{i},ghost{i},A,x\n" for i in range(30)), "utf-8")
    r = cli("validate", p)
    lines = r.err.splitlines()
    assert r.code == 1 and len(lines) == 21 and lines[0].startswith(f"{p}:3: unit 'a0'")
    assert lines[-1] == "… and 10 more errors (--all shows every one)"
    assert len(cli("validate", p, "--all").err.splitlines()) == 30
    r = cli("metrics", p)
    assert r.code == 1 and r.err.splitlines()[-1] == (
        "… and 10 more errors (orggraph validate FILE --all lists every one)")


def test_export_import_cli(cli, tmp_path):
    out = tmp_path / "m.csv"
    r = cli("export", BASE, "-o", out)
    assert r.code == 0 and "not in CSV: 4 people" in r.err
    back = tmp_path / "m.yaml"
    assert cli("import", out, "-o", back, "--profile", "cpv").code == 0
    assert len(orggraph.load(back)) == 264


def test_export_refuses_to_overwrite_input(cli, tmp_path):
    src = tmp_path / "m.yaml"
    src.write_bytes(BASE.read_bytes())
    r = cli("export", src, "-o", src)
    assert r.code == 1 and "inputs are never modified" in r.err
    assert src.read_bytes() == BASE.read_bytes()


def test_no_output_is_written_over_an_input(cli, tmp_path):
    for name in ("models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"):
        shutil.copy(ROOT / name, tmp_path / os.path.basename(name))
    base, pilot = tmp_path / "can-tho-2011.yaml", tmp_path / "pilot-2011.yaml"
    pilot.write_text(pilot.read_text("utf-8").replace("../can-tho-2011.yaml", "can-tho-2011.yaml"),
                     "utf-8")
    before = base.read_bytes()
    for args in (["apply", pilot, "-o", base], ["export", pilot, "-o", base],
                 ["render", pilot, "-o", base], ["report", pilot, "-o", base]):
        r = cli(*args)
        assert r.code == 1 and "inputs are never modified" in r.err, args
    assert base.read_bytes() == before


def test_dry_run_writes_nothing(cli, tmp_path):
    out = tmp_path / "x.yaml"
    res = cli("apply", "models/scenarios/pilot-2011.yaml", "-o", out, "--dry-run")
    assert res.code == 0 and "(move)" in res.out and not out.exists()


def complete(words):
    env = {**os.environ, "_ORGGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(words),
           "COMP_CWORD": str(len(words) - 1)}
    exe = Path(sys.executable).parent / "orggraph"
    return subprocess.run([str(exe)], env=env, capture_output=True, text=True, cwd=ROOT).stdout


def test_shell_completion():
    assert "plain,compare" in complete(["orggraph", "comp"])
    assert "plain,--focus" in complete(["orggraph", "show", "models/can-tho-2011.yaml", "--fo"])
    ids = complete(["orggraph", "show", "models/can-tho-2011.yaml", "--focus", "thot"])
    assert "plain,thot-not" in ids and "ninh-kieu" not in ids
    for shell in ("bash", "zsh", "fish"):
        env = {**os.environ, "_ORGGRAPH_COMPLETE": f"{shell}_source"}
        exe = Path(sys.executable).parent / "orggraph"
        script = subprocess.run([str(exe)], env=env, capture_output=True, text=True).stdout
        assert "_ORGGRAPH_COMPLETE" in script


def test_new_files_validate_as_they_are(cli, tmp_path):
    model, plan = tmp_path / "model.yaml", tmp_path / "plan.yaml"
    assert cli("new", "model", "-o", model).code == 0
    assert cli("new", "scenario", "-o", plan).code == 0
    assert (tmp_path / "model.schema.json").exists() and (tmp_path / "scenario.schema.json").exists()
    assert cli("validate", model, plan).code == 0  # findings, as the tutorial explains, no errors
    assert schema_errors(model) == [] and schema_errors(plan) == []
    r = cli("new", "model", "-o", model)
    assert r.code == 1 and "never overwrites" in r.err


def test_schema_command(cli, tmp_path):
    r = cli("schema", "scenario")
    assert r.code == 0 and '"propertyNames"' in r.out
    out = tmp_path / "s.json"
    assert cli("schema", "model", "-o", out).code == 0
    assert out.read_text("utf-8") == text("model")


def test_the_columns_file_of_a_table_is_an_input_too(cli, tmp_path):
    hr = tmp_path / "nhan-su.csv"
    hr.write_text("employee_id,manager_id,name,title\nE1,,Nguyễn Văn An,Vụ trưởng\n"
                  "E2,E1,Trần Thị Bình,Chuyên viên\n", "utf-8")
    side = tmp_path / "nhan-su.columns.yaml"
    side.write_text("columns: {id: employee_id, parent: manager_id}\n", "utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("orggraph-scenario: 1\nbase: nhan-su.csv\nsteps:\n"
                    "  - update: {select: {id: E2}, set: {title: Phó Vụ trưởng}}\n", "utf-8")
    for args in (["export", hr], ["import", hr], ["apply", plan], ["render", plan]):
        r = cli(*args, "-o", side)
        assert r.code == 1, (args, r)
        assert f"{side}: output path is one of the inputs ({side}); inputs are never " \
               "modified" in r.err
        assert side.read_text("utf-8") == "columns: {id: employee_id, parent: manager_id}\n"
    r = cli("export", hr, "-o", tmp_path / "khac.columns.yaml")  # another table's: written
    assert r.code == 0, r


# ------------------------------------------------------------ the language (issue 17)

import pytest  # noqa: E402

from orggraph import i18n  # noqa: E402

from tests.helpers import PILOT, english_words, model_words  # noqa: E402

GOV = ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2025.yaml"
#: What each command says in each language, told or not: (command, Vietnamese, English).
SAYS = [
    (["validate", BASE], "hợp lệ: 264 đơn vị trong 4 cấp", "valid: 264 units in 4 layers"),
    (["show", BASE, "--depth", "0"], "26.543 đảng viên", "26,543 party members"),
    (["metrics", BASE], "đảng viên", "party members"),
    (["compare", BASE, PILOT], "Các phương án:", "Plans:"),
    (["apply", PILOT], "đã áp dụng 11 bước; 268 đơn vị", "11 steps applied; 268 units"),
]


def said(r):
    return r.out + r.err


@pytest.mark.parametrize("args, vi, en", SAYS)
def test_lang_on_every_command_that_reads_a_model(cli, natural_language, args, vi, en):
    assert vi in said(cli(*args, "--lang", "vi")) and en not in said(cli(*args, "--lang", "vi"))
    assert en in said(cli(*args, "--lang", "en"))  # --lang en beats the model's lang: vi
    assert vi in said(cli(*args))  # the bundled model says lang: vi


@pytest.mark.parametrize("command", [["render", BASE, "-o", "{tmp}/c.dot"],
                                     ["report", BASE, PILOT, "-o", "{tmp}/r.html", "--no-charts"],
                                     ["export", BASE, "-o", "{tmp}/m.yaml"],
                                     ["import", "{tmp}/m.yaml", "-o", "{tmp}/n.yaml"],
                                     ["schema", "model", "-o", "{tmp}/s.json"],
                                     ["new", "model", "-o", "{tmp}/new.yaml"]])
def test_lang_on_every_command_that_writes_a_file(cli, tmp_path, command):
    args = [str(a).format(tmp=tmp_path) for a in command]
    if args[0] == "import":
        assert cli("export", BASE, "-o", tmp_path / "m.yaml").code == 0
    r = cli(*args, "--lang", "vi")
    assert r.code == 0 and "đã ghi " in r.err and "wrote" not in r.err, r
    for f in tmp_path.iterdir():
        if f.name not in ("m.yaml",):
            f.unlink()
    r = cli(*args, "--lang", "en")
    assert r.code == 0 and "wrote " in r.err, r


def test_the_environment_speaks_for_a_model_without_lang(cli, natural_language, monkeypatch):
    assert orggraph.load(GOV).lang is None
    monkeypatch.setenv("ORGGRAPH_LANG", "vi")
    assert "hợp lệ: 21 đơn vị" in cli("validate", GOV).out
    monkeypatch.delenv("ORGGRAPH_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert "hợp lệ: 21 đơn vị" in cli("validate", GOV).out
    assert "Các phương án:" in cli("compare", GOV, GOV).out
    monkeypatch.setenv("ORGGRAPH_LANG", "en")  # before LANG
    assert "valid: 21 units" in cli("validate", GOV).out
    assert "hợp lệ: 264 đơn vị" in cli("validate", BASE).out  # the model's lang: before both
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("ORGGRAPH_LANG")
    assert "valid: 21 units" in cli("validate", GOV).out  # else English


def test_a_language_orggraph_does_not_speak_is_refused(cli, natural_language, monkeypatch, sh):
    monkeypatch.setenv("ORGGRAPH_LANG", "fr")
    r = cli("validate", BASE)
    assert r.code == 2 and r.out == ""
    assert "ORGGRAPH_LANG: 'fr' is not a language orggraph speaks (choose en or vi)" in r.err
    r = sh("metrics", BASE)  # the console script too
    assert r.code == 2 and "'fr' is not a language orggraph speaks" in r.err, r
    monkeypatch.delenv("ORGGRAPH_LANG")
    r = cli("validate", BASE, "--lang", "fr")
    assert r.code == 2 and "'fr' is not one of 'en', 'vi'" in r.err


def test_a_command_leaves_the_language_as_it_found_it(cli, natural_language):
    assert i18n._STATE.get() is None
    cli("metrics", BASE)  # adopts the model's vi for the command only
    assert i18n._STATE.get() is None and i18n.current() in ("en", i18n.from_environment())


def vietnamese_left_in_english(text, *paths):
    """The English words of a Vietnamese message, but the models' words, the names of
    files and rules and the command line's tokens."""
    from orggraph.analysis.rules import RULES
    allowed = {"orggraph", "yaml", "csv", "json", "all", "until", "log", "show", "validate",
               "apply", "format"} | {r.name for r in RULES}
    for path in paths:
        allowed |= model_words(orggraph.load(path)) | set(Path(path).parts) | {Path(path).stem}
    return english_words(text, allowed)


def test_validate_apply_and_conversions_in_vietnamese_have_no_english_word_left(cli, tmp_path):
    r = cli("validate", BASE, PILOT, "--lang", "vi")
    assert r.code == 0 and vietnamese_left_in_english(r.out + r.err, BASE, PILOT) == []
    assert f"{BASE}: hợp lệ: 264 đơn vị trong 4 cấp, đơn vị gốc 'can-tho', 26.543 đảng " \
           "viên, mẫu cpv; 2 phát hiện" in r.out
    out = tmp_path / "pilot.yaml"
    for args in (["apply", PILOT, "-o", out, "--log"], ["apply", PILOT, "--until", 3],
                 ["apply", PILOT, "--dry-run"]):
        r = cli(*args, "--lang", "vi")
        assert r.code == 0, r
        assert vietnamese_left_in_english(r.err.replace(str(out), ""), BASE, PILOT) == [], args
    r = cli("apply", PILOT, "-o", tmp_path / "again.yaml", "--lang", "vi")
    assert r.err == f"đã ghi {tmp_path / 'again.yaml'} (268 đơn vị, đã áp dụng 11 bước)\n"
    r = cli("apply", PILOT, "--until", 3, "--lang", "vi")
    assert "đã áp dụng 3 bước trong tổng số 11; 266 đơn vị (chưa ghi tệp nào: thêm -o TỆP " \
           "để ghi kết quả)" in r.err
    r = cli("export", BASE, "-o", tmp_path / "m.csv", "--lang", "vi")
    assert r.code == 0
    assert f"lưu ý: {tmp_path / 'm.csv'} chỉ giữ các đơn vị; CSV không lưu được: 4 người, " \
           "tiêu đề, nguồn, ngôn ngữ (lang:) (dùng YAML hoặc JSON để giữ)" in r.err
    assert vietnamese_left_in_english(r.err.replace(str(tmp_path), ""), BASE) == []


def test_the_footers_of_errors_in_vietnamese(cli, tmp_path):
    p = tmp_path / "many.csv"
    p.write_text("id,parent,name,type\nr,,R,x\n" + "".join(
        f"a{i},ghost{i},A,x\n" for i in range(30)), "utf-8")
    assert cli("validate", p, "--lang", "vi").err.splitlines()[-1] == \
        "… và 10 lỗi khác (--all hiện đủ)"
    assert cli("metrics", p, "--lang", "vi").err.splitlines()[-1] == \
        "… và 10 lỗi khác (orggraph validate TỆP --all liệt kê đủ)"
    p.write_text("id,parent,name,type\nr,,R,x\n" + "".join(
        f"a{i},ghost{i},A,x\n" for i in range(21)), "utf-8")
    assert cli("metrics", p).err.splitlines()[-1] == \
        "… and 1 more error (orggraph validate FILE --all lists every one)"  # was "errors"


def test_the_steps_applied_before_a_failing_step_in_vietnamese(cli, tmp_path):
    (tmp_path / "base.yaml").write_text("orggraph: 1\nunits:\n  - {id: r, name: R, type: x}\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n"
                    "  - create: {id: a, name: A, type: x, parent: r}\n"
                    "  - create: {id: b, name: B, type: x, parent: r}\n"
                    "  - move: {select: {id: a}, to: nowhere}\n", "utf-8")
    lines = cli("apply", plan, "--lang", "vi").err.splitlines()
    assert f"đã áp dụng các bước 1–2 trước khi bước 3 bị lỗi (mô hình ngay trước bước đó: " \
           f"orggraph show {plan}@2):" in lines
    lines = cli("apply", plan, "--lang", "en").err.splitlines()
    assert f"steps 1–2 applied before step 3 failed (the model just before it: orggraph show " \
           f"{plan}@2):" in lines


def test_usage_errors_in_vietnamese(cli, tmp_path):
    r = cli("compare", BASE, "--lang", "vi")
    assert r.code == 2 and "compare cần ít nhất hai phương án" in r.err
    r = cli("metrics", BASE, "--format", "xlsx", "--lang", "vi")
    assert r.code == 2 and "thêm -o TỆP.xlsx" in r.err
    r = cli("metrics", BASE, "--focus", "nope", "--lang", "vi")
    assert r.code == 1 and "--focus: không có đơn vị nào mang mã 'nope'" in r.err
    r = cli("metrics", BASE, "--buckets", "x", "--lang", "vi")
    assert r.code == 2 and "viết các khoảng như 1-2,3-5,6-9,10+" in r.err
    r = cli("export", BASE, "-o", BASE, "--lang", "vi")
    assert r.code == 1 and "orggraph không bao giờ sửa tệp đầu vào" in r.err
    model = tmp_path / "m.yaml"
    assert cli("new", "model", "-o", model).code == 0
    r = cli("new", "model", "-o", model, "--lang", "vi")
    assert r.code == 1 and "không bao giờ ghi đè" in r.err
