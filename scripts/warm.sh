#!/bin/sh
# `make warm`: does before class what a class must not wait for, and says how long it took.
#  1. the debug build that `swift run` uses (minutes on a fresh clone);
#  2. lesson 08's ladder: its first run trains 26 networks (about 10 minutes on 2 cores) and
#     keeps them in ./checkpoints/lesson-08-best-mlp, where `swift run lesson-08-best-mlp`
#     started from the repository's root, `make figures` and `make notebooks` read them.
#     It also fills the Fashion-MNIST checksum cache (~/.cache/fcnn-course).
# A second run finds everything in place, takes seconds and says the cache is warm.
# The lesson's output goes to runs/lesson-08-best-mlp/warm.log (figures are not drawn).
# WARM_CHECKPOINTS and WARM_ARGS (e.g. --quick) exist to try the script itself in a minute.
set -eu
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
lesson=lesson-08-best-mlp
cache=${WARM_CHECKPOINTS:-checkpoints/$lesson}
log=runs/$lesson/warm.log

seconds() { date +%s; }
minutes() { awk -v s="$1" 'BEGIN { if (s < 90) printf "%d s", s; else printf "%.1f min", s / 60 }'; }

t0=$(seconds)
echo "warm: building the lessons (debug, as swift run does)..."
$SWIFT build
bin=$($SWIFT build --show-bin-path)
t1=$(seconds)

mkdir -p "$cache" "runs/$lesson"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT INT TERM
sleep 1   # file times have one-second resolution on some file systems
before=$(find "$cache" -name '*.safetensors' ! -name 'best-*' | wc -l)
echo "warm: $lesson ($before rung checkpoints in $cache; the output goes to $log)..."
# shellcheck disable=SC2086 # WARM_ARGS holds several flags
if ! "$bin/$lesson" --no-figures --no-code --checkpoints "$cache" ${WARM_ARGS:-} > "$log" 2>&1; then
    echo "warm: $lesson failed; the end of $log:" >&2
    tail -20 "$log" >&2
    exit 1
fi
t2=$(seconds)
trained=$(find "$cache" -name '*.safetensors' ! -name 'best-*' -newer "$stamp" | wc -l)
total=$(find "$cache" -name '*.safetensors' ! -name 'best-*' | wc -l)

echo "warm: build $(minutes $((t1 - t0))), $lesson $(minutes $((t2 - t1))), in all $(minutes $((t2 - t0)))."
if [ "$trained" -eq 0 ]; then
    echo "warm: already warm: every rung was read from $cache ($total checkpoints); nothing was trained."
else
    echo "warm: trained $trained rung checkpoints now ($total in $cache); the next run reads them in seconds."
fi
