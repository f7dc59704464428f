#!/usr/bin/env bash
# Installs what smtplog needs to build and test on Debian 12, with apt, and
# only what is missing: with everything present it does nothing.
#   scripts/setup.sh          build and test dependencies
#   scripts/setup.sh --ci     also what .ci/run needs (clang for the fuzz run,
#                             chromium for the HTML report test)
set -euo pipefail

packages=(g++ cmake make pkg-config libre2-dev libboost-program-options-dev libsqlite3-dev
          catch2 zlib1g-dev libbz2-dev liblzma-dev libzstd-dev tzdata)
if [[ "${1:-}" == "--ci" ]]; then
  packages+=(clang libclang-rt-14-dev chromium python3)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
