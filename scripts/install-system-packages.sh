#!/usr/bin/env bash
set -euo pipefail
# Install the Debian packages of a list (default: system-packages.txt beside this script).
list="${1:-$(dirname "$0")/system-packages.txt}"
missing=()
while read -r package _; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done < "$list"
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing Debian packages: ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
