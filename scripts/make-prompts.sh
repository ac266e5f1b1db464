#!/usr/bin/env bash
# Regenerates the voice prompts in conf/prompts with espeak-ng and sox (Debian packages), as 8 kHz mono A-law WAV:
# the coding of an E1 timeslot, so the gateway plays them to the network leg without transcoding.
# The files are committed; run this only to change their wording or voice.
set -euo pipefail
cd "$(dirname "$0")/.."
out=conf/prompts
mkdir -p "$out"
voice=${REROUTE_PROMPT_VOICE:-en-gb}
speak() {  # speak NAME TEXT
    local tmp
    tmp=$(mktemp --suffix=.wav)
    espeak-ng -v "$voice" -s 150 -w "$tmp" "$2"
    # 8 kHz A-law; normalised to -3 dBFS so every prompt plays at the same level.
    sox "$tmp" -r 8000 -c 1 -e a-law -b 8 "$out/$1.wav" norm -3
    rm -f "$tmp"
}
speak greeting "The person you are calling is not available. Please leave a message after the tone. When you have finished, press the hash key, or hang up."
speak code-intro "Your Reroute validation code is"
speak code-repeat "I repeat"
speak goodbye "Goodbye."
digits=(zero one two three four five six seven eight nine)
for digit in "${!digits[@]}"; do speak "digit-$digit" "${digits[$digit]}"; done
# The record tone: 1 kHz for 400 ms (a common voicemail beep), same level and coding.
sox -n -r 8000 -c 1 -e a-law -b 8 "$out/beep.wav" synth 0.4 sine 1000 gain -6
echo "prompts written to $out"
