#!/usr/bin/env bash
# Bundle the function source Cloud Functions builds: main.py at the root (re-exporting every
# entry point), the functions/ and shared/ packages, and a requirements.txt installing the
# project with its GCP extras, pinned by constraints.txt, and the web UI's static export (web/out,
# served by the api function) when it was built. Usage: build-function-source.sh OUT.zip
set -euo pipefail
out="$(realpath -m "${1:?usage: build-function-source.sh OUT.zip}")"
root="$(cd "$(dirname "$0")/.." && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

cp "$root/functions/main.py" "$stage/main.py"
cp -r "$root/functions" "$root/shared" "$stage/"
cp "$root/pyproject.toml" "$root/constraints.txt" "$root/README.md" "$stage/"
web=()
if [[ -f "$root/web/out/index.html" ]]; then
  mkdir -p "$stage/web" && cp -r "$root/web/out" "$stage/web/out" && web=(web)
fi
printf -- '-c constraints.txt\n.[gcp]\n' > "$stage/requirements.txt"
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
mkdir -p "$(dirname "$out")"
rm -f "$out"
(cd "$stage" && python3 -m zipfile -c "$out" main.py requirements.txt pyproject.toml \
  constraints.txt README.md functions shared "${web[@]}")
echo "$out"
