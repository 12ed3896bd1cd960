#!/bin/sh
# Measures the wall time of every section of every lesson (or of the lessons named) as a
# teacher runs it: the debug build of `swift run`, default flags, Russian, figures drawn.
# Writes Lessons/section-times/<lesson>.tsv, which `--list` and TEACHING.md show.
#
#   scripts/time-sections.sh                      # every lesson (make section-times)
#   scripts/time-sections.sh lesson-03-init       # only these
#   COLD=1 scripts/time-sections.sh lesson-08-best-mlp   # also time lesson 08 with an empty cache
#
# Each lesson runs in a scratch folder, so nothing a user keeps (runs/, figures) is touched.
# Lesson 08 reads the repository's checkpoint cache (./checkpoints, as `make warm` and
# `make notebooks` do). When its run had to train rungs, that run is recorded as the cold time
# and the lesson runs again for the warm time; when the cache was already warm, the cold
# times of the previous file are kept (with the date they were measured). COLD=1 times lesson 08
# against an empty scratch cache instead (about 10 minutes on 2 cores), leaving ./checkpoints alone.
#
# The times come from `--verbose` ("section N took X s" on stderr); the titles from
# `--list` with LESSON_LIST_FORMAT=tsv. The machine's core count, the date and the load
# average (before and after each lesson) go into the file's comment lines: a loaded machine
# gives longer times.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
SWIFT=${SWIFT:-swift}

$SWIFT build >&2
bin=$($SWIFT build --show-bin-path)
if [ $# -gt 0 ]; then lessons="$*"; else lessons=$(cd Lessons && ls -d lesson-* | sort); fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
load() { cut -d' ' -f1 /proc/loadavg; }
now() { date -u '+%Y-%m-%d %H:%M UTC'; }

# Joins the titles (number, English, Russian) with the "section N took X s" lines of a run.
times_of() { # titles.tsv stderr-file -> "number<TAB>title<TAB>seconds"
    awk -F'\t' '
        FILENAME == ARGV[1] { title[$1] = $2; n = $1; next }
        match($0, /section [0-9]+ took [0-9.]+ s/) {
            split(substr($0, RSTART, RLENGTH), w, " "); t[w[2]] = w[4]
        }
        END { for (i = 1; i <= n; i++) if (i in t) printf "%d\t%s\t%s\n", i, title[i], t[i] }
    ' "$1" "$2"
}

for lesson in $lessons; do
    [ -x "$bin/$lesson" ] || { echo "no such lesson: $lesson" >&2; exit 2; }
    mkdir -p Lessons/section-times
    out="Lessons/section-times/$lesson.tsv"
    work="$scratch/$lesson"
    mkdir -p "$work"
    LESSON_LIST_FORMAT=tsv "$bin/$lesson" --list > "$scratch/titles.tsv"
    cache=""
    case $lesson in lesson-08-*)
        if [ "${COLD:-0}" = 1 ]; then
            cache="$work/checkpoints"
        else
            mkdir -p checkpoints
            ln -s "$repo/checkpoints" "$work/checkpoints"
            cache="$repo/checkpoints"
        fi;;
    esac

    run() { # name: one run of the lesson, stderr kept
        touch "$scratch/stamp"
        sleep 1   # file times have one-second resolution on some file systems
        echo "$lesson: running ($1)..." >&2
        (cd "$work" && "$bin/$lesson" --lang ru --verbose > "$scratch/$1.out" 2> "$scratch/$1.err") || {
            echo "$lesson failed; its stderr:" >&2; tail -20 "$scratch/$1.err" >&2; exit 1; }
    }
    trained() { # how many rung checkpoints the last run wrote
        [ -n "$cache" ] && [ -d "$cache" ] || { echo 0; return; }
        find -L "$cache" -name '*.safetensors' ! -name 'best-*' -newer "$scratch/stamp" | wc -l
    }

    load_before=$(load)
    started=$(now)
    run first
    cold_note=""
    if [ "$(trained)" -gt 0 ]; then
        times_of "$scratch/titles.tsv" "$scratch/first.err" > "$scratch/cold.tsv"
        cold_note="cold: measured $started, $(trained) rung checkpoints trained"
        run warm
        times_of "$scratch/titles.tsv" "$scratch/warm.err" > "$scratch/warm.tsv"
    else
        times_of "$scratch/titles.tsv" "$scratch/first.err" > "$scratch/warm.tsv"
        # Keep the cold times measured earlier, where the section is still the same.
        if [ -f "$out" ]; then
            awk -F'\t' '!/^#/ && $4 != "" && $1 ~ /^[0-9]+$/ { printf "%s\t%s\t%s\n", $1, $2, $4 }' "$out" > "$scratch/cold.tsv"
            cold_note=$(sed -n 's/^# \(cold: .*\)$/\1/p' "$out")
        else
            : > "$scratch/cold.tsv"
        fi
    fi
    load_after=$(load)
    {
        echo "# $lesson: the wall time of each section, made by scripts/time-sections.sh (make section-times); do not edit"
        echo "# date: $started"
        echo "# cores: $(nproc)"
        echo "# load: $load_before (1-minute load average before the run), $load_after after; other work inflates the times"
        echo "# build: debug (swift run); command: $lesson --lang ru --verbose, in a scratch folder, output to a file"
        [ -n "$cold_note" ] && echo "# $cold_note"
        printf 'section\ttitle\tseconds\tcold_seconds\n'
        awk -F'\t' 'FILENAME == ARGV[1] { cold[$1 "\t" $2] = $3; next }
                    { printf "%s\t%s\t%s\t%s\n", $1, $2, $3, (($1 "\t" $2) in cold ? cold[$1 "\t" $2] : "") }' \
            "$scratch/cold.tsv" "$scratch/warm.tsv"
    } > "$out.tmp"
    mv "$out.tmp" "$out"
    echo "$out ($(awk -F'\t' '$1 ~ /^[0-9]+$/ { s += $3 } END { printf "%.0f s in all", s }' "$out"), load $load_before → $load_after)" >&2
done
