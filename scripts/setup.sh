#!/usr/bin/env bash
# Installs what Reroute's commands need on Debian 12, quietly and only when missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run any number of times.
set -euo pipefail

REROUTE_APT_PACKAGES=(
    tshark          # conformance tests compare `reroute decode` with Wireshark's dissectors
    pkg-config      # SwiftPM finds the C libraries below through it
    libusrsctp-dev  # SCTP over UDP (RFC 6951) for M3UA where the kernel has no SCTP
    libsctp-dev     # kernel SCTP (lksctp) headers and library
    postgresql      # the routing server's store; tests and the demo start a private cluster (initdb, pg_ctl)
)

reroute_missing_packages() {
    local missing=()
    for pkg in "${REROUTE_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

reroute_setup() {
    local missing
    missing=$(reroute_missing_packages)
    [ -z "$missing" ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "setup: missing Debian packages ($missing) and not root; install them and run again" >&2
            return 1
        fi
    fi
    echo "setup: installing $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections 2>/dev/null || true
    $sudo apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    reroute_setup
fi
