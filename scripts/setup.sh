#!/usr/bin/env bash
# Installs what smtplog needs to build and test on Debian 12, with apt, and
# only what is missing: with everything present it does nothing.
#   scripts/setup.sh          build and test dependencies
#   scripts/setup.sh --ci     also what .ci/run needs (clang for the fuzz run,
#                             chromium for the HTML report test, perl and Debian's
#                             eximstats for tests/test_vs_eximstats.cpp, pflogsumm
#                             for tests/test_vs_pflogsumm.cpp)
set -euo pipefail

packages=(g++ cmake make pkg-config libre2-dev libboost-program-options-dev libsqlite3-dev
          catch2 zlib1g-dev libbz2-dev liblzma-dev libzstd-dev tzdata)
if [[ "${1:-}" == "--ci" ]]; then
  packages+=(clang libclang-rt-14-dev chromium python3 perl)
  packages+=(pflogsumm)
fi
ci=0; [[ "${1:-}" == "--ci" ]] && ci=1

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# CI only: Debian's eximstats, for the comparison test. It is in exim4-base,
# which conflicts with postfix, so it is unpacked (apt-get download + dpkg -x)
# into /opt/smtplog-ci/exim4-base, never installed; the test runs
# /opt/smtplog-ci/exim4-base/usr/sbin/eximstats with perl. A failure here does
# not fail the set-up: the test then skips and says why.
EXIMSTATS_DIR=/opt/smtplog-ci/exim4-base
if [[ $ci -eq 1 && ! -f $EXIMSTATS_DIR/usr/sbin/eximstats ]]; then
  tmp=$(mktemp -d)
  chmod 755 "$tmp"  # apt's _apt user downloads into it
  fetch() { (cd "$tmp" && apt-get download exim4-base >/dev/null 2>&1); }
  if { fetch || { $sudo apt-get update -qq >/dev/null 2>&1 && fetch; }; } &&
     ($sudo mkdir -p "$EXIMSTATS_DIR" && $sudo dpkg -x "$tmp"/exim4-base_*.deb "$EXIMSTATS_DIR"); then
    echo "setup: unpacked $(cd "$tmp" && ls exim4-base_*.deb) into $EXIMSTATS_DIR" >&2
  else
    echo "setup: could not fetch exim4-base (apt-get download exim4-base; try apt-get update):" \
         "the eximstats comparison test will be skipped" >&2
  fi
  rm -rf "$tmp"
fi
exit 0
