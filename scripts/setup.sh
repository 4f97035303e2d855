#!/usr/bin/env bash
# Set up orggraph on a Debian/Ubuntu machine: system packages where missing
# (python3-venv, Graphviz, DejaVu fonts; with --test also Chromium and, where npm is
# present, the Mermaid CLI), then a virtual
# environment in .venv with the package installed in it. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || {
  echo "orggraph needs Python 3.11 or newer as python3 (found: $(python3 --version 2>&1))" >&2
  exit 1
}

missing=()
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v dot >/dev/null || missing+=(graphviz)
{ command -v fc-list >/dev/null && fc-list | grep -q "DejaVu Sans"; } || missing+=(fonts-dejavu-core)
if [ "$want_test" = 1 ]; then  # the report's end-to-end test opens it in headless Chromium
  command -v chromium >/dev/null || missing+=(chromium)
  # an English word list: the tests check that Vietnamese output has no English word left
  [ -f /usr/share/dict/words ] || missing+=(wamerican)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages: ${missing[*]}" >&2
    echo "       (apt-get install ${missing[*]}); continuing without them" >&2
  fi
fi

if [ "$want_test" = 1 ] && command -v npm >/dev/null && [ ! -x .tools/mermaid/node_modules/.bin/mmdc ]; then
  # the official Mermaid CLI, to check the .mmd export (uses Debian's Chromium, downloads none)
  echo "setup: installing the Mermaid CLI into .tools/mermaid" >&2
  PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 timeout 600 \
    npm install --prefix .tools/mermaid --no-audit --no-fund --loglevel=error \
    @mermaid-js/mermaid-cli@11.17.0 >/dev/null 2>&1 \
    || echo "setup: the Mermaid CLI could not be installed; its test will be skipped" >&2
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.orggraph-installed
extra=""; [ "$want_test" = 1 ] && extra="[test]"
key="$(cat pyproject.toml setup.py | sha1sum | cut -c1-12)$extra"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$key" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra"
  echo "$key" > "$stamp"
fi
# the translation catalogs, compiled again when a .po changed since the install
.venv/bin/python scripts/catalogs.py compile
