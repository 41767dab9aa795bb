#!/usr/bin/env bash
# Installs the Debian 12 packages Escalator needs to build, test and run. Idempotent and
# quiet when everything is already there. Usage: scripts/install-deps.sh [--bench]
#   --bench  also installs what the benchmarks need: Perl's Business::Hours to compare
#            against, GNU time for peak memory, wrk for HTTP load.
# Chromium is Debian's (the web app's end-to-end tests drive it through npm playwright-core);
# Node 20 is not installed here: Debian's nodejs is too old, CI and the dev machines have it.
set -euo pipefail

packages=(
  g++ cmake ninja-build make pkg-config git
  libhowardhinnant-date-dev tzdata libyaml-cpp-dev libfmt-dev libsimdjson-dev libcli11-dev
  libboost-dev libsqlite3-dev libsqlitecpp-dev sqlite3 nlohmann-json3-dev libsodium-dev
  libcurl4-openssl-dev libgmime-3.0-dev libmstch-dev python3-aiosmtpd dovecot-imapd
  clang-14 libclang-rt-14-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  graphviz
  chromium
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(libbusiness-hours-perl time wrk)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
