#!/bin/sh
# Fills TEACHING.md's generated blocks from the measured section times
# (Lessons/section-times/<lesson>.tsv, made by scripts/time-sections.sh) and the plan in
# scripts/teaching-plan.tsv, so that no run time in the guide is typed by hand.
#
#   <!-- generated: plan-90 ru -->  …  <!-- end generated -->
#       one row per section the plan shows live: the command, the section, the time of the
#       silent sections before it (they run right after the previous shown section, before
#       --pause asks for Enter) and of the section itself (after Enter)
#   <!-- generated: lists en -->  …  <!-- end generated -->
#       every lesson's `--list` at 80 columns (titles with their times)
#
# Needs the built lessons (for the titles in both languages): run after `swift build`.
set -eu
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
bin=$($SWIFT build --show-bin-path)
guide=${1:-TEACHING.md}
plan=scripts/teaching-plan.tsv
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT INT TERM

lessons=$(awk -F'\t' '!/^#/ && NF >= 3 { print $2 }' "$plan" | sort -u)
for lesson in $lessons; do
    [ -x "$bin/$lesson" ] || { echo "teaching-times: $lesson is not built ($bin); run swift build" >&2; exit 1; }
    LESSON_LIST_FORMAT=tsv "$bin/$lesson" --list > "$gen/$lesson.titles"
    times="Lessons/section-times/$lesson.tsv"
    if [ -f "$times" ]; then cp "$times" "$gen/$lesson.times"; else : > "$gen/$lesson.times"; fi
done

# One table per plan and language.
for p in $(awk -F'\t' '!/^#/ && NF >= 3 { print $1 }' "$plan" | sort -u); do
    for lang in ru en; do
        awk -F'\t' -v plan="$p" -v lang="$lang" -v gen="$gen" '
            function duration(s) {
                if (s == "") return "—"
                if (s < 0.05) return "< 0.1 " (lang == "ru" ? "с" : "s")
                if (s < 9.95) return sprintf("%.1f %s", s, lang == "ru" ? "с" : "s")
                if (s < 99.5) return sprintf("%.0f %s", s, lang == "ru" ? "с" : "s")
                return sprintf("%.1f %s", s / 60, lang == "ru" ? "мин" : "min")
            }
            function load(lesson,   file, line, f, n) {
                if (lesson in loaded) return
                loaded[lesson] = 1
                file = gen "/" lesson ".titles"
                while ((getline line < file) > 0) {
                    n = split(line, f, "\t"); en[lesson, f[1]] = f[2]; ru[lesson, f[1]] = f[3]
                }
                file = gen "/" lesson ".times"
                while ((getline line < file) > 0) {
                    if (line ~ /^#/ || line ~ /^section\t/) continue
                    n = split(line, f, "\t")
                    # A time counts only while the section at that number keeps its title.
                    if (en[lesson, f[1]] == f[2]) { sec[lesson, f[1]] = f[3]; if (f[4] != "") cold[lesson, f[1]] = f[4] }
                }
            }
            BEGIN {
                if (lang == "ru") print "| команда | раздел | молча перед ним | сам раздел |"
                else print "| command | section | silent before it | the section |"
                print "|---|---|---:|---:|"
            }
            !/^#/ && $1 == plan {
                lesson = $2; load(lesson); n = split($3, shown, ",")
                cmd = "`swift run " lesson " --section " $3 " --pause`"
                previous = 0
                for (i = 1; i <= n; i++) {
                    # The silent sections run right after the previous shown one (or the launch),
                    # before the Enter prompt; the shown one runs after Enter.
                    silent = 0; known = 1
                    for (k = previous + 1; k < shown[i]; k++) {
                        if (!((lesson, k) in sec)) known = 0
                        silent += sec[lesson, k]
                    }
                    own = (lesson, shown[i]) in sec
                    title = lang == "ru" ? ru[lesson, shown[i]] : en[lesson, shown[i]]
                    silentCell = previous + 1 == shown[i] ? "" : (known ? duration(silent) : "—")
                    ownCell = own ? duration(sec[lesson, shown[i]]) : "—"
                    if (own && ((lesson, shown[i]) in cold) && cold[lesson, shown[i]] > 2 * sec[lesson, shown[i]] + 10)
                        ownCell = ownCell (lang == "ru" ? " (без make warm: " : " (without make warm: ") duration(cold[lesson, shown[i]]) ")"
                    if (known) total += silent; else partial = 1
                    if (own) total += sec[lesson, shown[i]]; else partial = 1
                    printf "| %s | %d. %s | %s | %s |\n", (i == 1 ? cmd : ""), shown[i], title, silentCell, ownCell
                    previous = shown[i]
                }
            }
            END {
                # Where a time is unknown ("—") the sum is only a lower bound.
                if (lang == "ru") printf "| **всего счёта** | | | **%s%s** |\n", partial ? "≥ " : "", duration(total)
                else printf "| **computing in all** | | | **%s%s** |\n", partial ? "≥ " : "", duration(total)
            }
        ' "$plan" > "$gen/plan-$p $lang"
    done
done

# Every lesson's --list, as a teacher sees it on an 80-column projector.
for lang in ru en; do
    {
        echo '```text'
        first=1
        for lesson in $(cd Lessons && ls -d lesson-* | sort); do
            [ $first = 1 ] || echo
            first=0
            echo "\$ swift run $lesson --list"
            COLUMNS=80 NO_COLOR=1 "$bin/$lesson" --list --lang "$lang"
        done
        echo '```'
    } > "$gen/lists $lang"
done

awk -v gen="$gen" '
    /^<!-- end generated -->$/ { skipping = 0 }
    skipping { next }
    { print }
    match($0, /^<!-- generated: .* -->$/) {
        name = substr($0, 17, length($0) - 20)
        file = gen "/" name
        while ((getline line < file) > 0) print line
        close(file)
        skipping = 1
    }
' "$guide" > "$guide.tmp"
mv "$guide.tmp" "$guide"
echo "teaching-times: $guide updated" >&2
