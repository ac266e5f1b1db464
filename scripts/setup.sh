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
    python3-venv    # schemathesis (PyPI) runs from a virtualenv against docs/openapi.yaml
)

# PyPI tools, in a virtualenv outside the tree (REROUTE_VENV); the schemathesis test uses it.
REROUTE_VENV=${REROUTE_VENV:-$HOME/.cache/reroute-venv}
REROUTE_PYPI_PACKAGES=(schemathesis==4.32.5)

reroute_missing_packages() {
    local missing=()
    for pkg in "${REROUTE_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

reroute_setup() {
    reroute_apt_setup
    reroute_python_setup
}

reroute_python_setup() {
    [ -x "$REROUTE_VENV/bin/schemathesis" ] && return 0
    if ! command -v python3 >/dev/null 2>&1; then
        echo "setup: no python3: the schemathesis test will be skipped" >&2
        return 0
    fi
    echo "setup: installing ${REROUTE_PYPI_PACKAGES[*]} into $REROUTE_VENV" >&2
    python3 -m venv "$REROUTE_VENV"
    "$REROUTE_VENV/bin/pip" install -q --disable-pip-version-check "${REROUTE_PYPI_PACKAGES[@]}" >/dev/null
}

reroute_apt_setup() {
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
