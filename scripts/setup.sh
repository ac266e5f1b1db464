#!/usr/bin/env bash
# Installs what Reroute's commands need on Debian 12, quietly and only when missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run any number of times.
set -euo pipefail

REROUTE_APT_PACKAGES=(
    tshark          # conformance tests compare `reroute decode` with Wireshark's dissectors
    pkg-config      # SwiftPM finds the C libraries below through it
    libusrsctp-dev  # SCTP over UDP (RFC 6951) for M3UA where the kernel has no SCTP
    libsctp-dev     # kernel SCTP (lksctp) headers and library
    libss7-dev      # Asterisk's libss7 plays the MSC in the interop tests (GPL: compiled at test time, test-only)
    gcc             # compiles that test peer (Tests/rerouteTests/LibSS7/msc-peer.c)
    sip-tester      # sipp: the SIP peer of the SIP transport tests
    baresip         # a real softphone registering with digest in the registrar tests
    python3         # the SMPP test peer (smpp34 from PyPI) runs under it
    python3-venv    # private virtual environments for the PyPI test peers (smpp34, schemathesis)
    postgresql      # the routing server's store; tests and the demo start a private cluster (initdb, pg_ctl)
    openssl         # makes the throwaway certificates of the TLS tests and plays a TLS client (s_client)
    python3-websockets  # an independent WebSocket client (RFC 6455) for the SIP-over-WebSocket tests (RFC 7118)
    sox             # makes and checks WAV files in the audio file tests (voicemail recordings, prompts)
    opus-tools      # opusenc/opusinfo/opusdec: the reference check of the Ogg Opus files we write (RFC 7845)
    espeak-ng       # speech for prompts (conf/prompts) and for the codec quality tests (espeak-ng -w FILE.wav)
    libspandsp-dev  # MediaCodecs: G.711, line echo canceller, DTMF, supervisory tones, PLC
    libopus-dev     # MediaCodecs: Opus (RFC 6716)
    libbcg729-dev   # MediaCodecs: G.729 / Annex B
    libsrtp2-dev    # CSRTP: SRTP (RFC 3711) for the RTP sessions
    python3-cryptography  # MediaSecurityTests: the independent RFC 3711 SRTP peer (srtp_reference.py)
)

# The SMSC the SMPP client tests talk to: the smpp34 package (PyPI, a Rust-backed SMPP 3.4 server) in a venv.
REROUTE_SMPP_PEER_VERSION="1.5.0"
REROUTE_SMPP_VENV="${REROUTE_SMPP_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/reroute/smpp-venv}"
export REROUTE_SMPP_VENV

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

reroute_setup_smpp_peer() {
    # Installed already when the venv's python runs and pip recorded this version (no import: it is slow).
    if [ -x "$REROUTE_SMPP_VENV/bin/python" ] && compgen -G \
        "$REROUTE_SMPP_VENV/lib/python3*/site-packages/smpp34-$REROUTE_SMPP_PEER_VERSION.dist-info" >/dev/null; then
        return 0
    fi
    echo "setup: installing smpp34 $REROUTE_SMPP_PEER_VERSION into $REROUTE_SMPP_VENV" >&2
    /usr/bin/python3 -m venv "$REROUTE_SMPP_VENV" >/dev/null
    "$REROUTE_SMPP_VENV/bin/pip" install -q --disable-pip-version-check "smpp34==$REROUTE_SMPP_PEER_VERSION" >/dev/null
}

reroute_setup() {
    reroute_setup_apt
    reroute_setup_smpp_peer
    reroute_setup_schemathesis
}

reroute_setup_schemathesis() {
    [ -x "$REROUTE_VENV/bin/schemathesis" ] && return 0
    echo "setup: installing ${REROUTE_PYPI_PACKAGES[*]} into $REROUTE_VENV" >&2
    /usr/bin/python3 -m venv "$REROUTE_VENV" >/dev/null
    "$REROUTE_VENV/bin/pip" install -q --disable-pip-version-check "${REROUTE_PYPI_PACKAGES[@]}" >/dev/null
}

reroute_setup_apt() {
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
