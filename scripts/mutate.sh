#!/usr/bin/env bash
# Mutation testing: plants each bug listed in scripts/mutants.tsv, one at a time,
# builds, runs the unit tests named for it and expects them to FAIL. A mutant the
# tests do not notice ("SURVIVED") is a bug the suite would let through.
#
#   scripts/mutate.sh                 every mutant
#   scripts/mutate.sh leaf metrics    only mutants whose name contains one of the words
#
# The source tree is never left modified: each mutated file is backed up first and
# put back on exit, on Ctrl-C and on kill (a run killed with -9 is repaired by the
# next run, which restores what it finds in .mutate-backup/). Builds go to their own
# folder, .build-mutate/, so the usual .build/ never holds a mutant.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIST=${MUTANTS:-scripts/mutants.tsv}
BACKUP=$ROOT/.mutate-backup
SCRATCH=${MUTATE_BUILD:-$ROOT/.build-mutate}
SWIFT=${SWIFT:-swift}
LOG=$(mktemp -t mutate.XXXXXX)

restore() {
    [ -d "$BACKUP" ] || return 0
    (cd "$BACKUP" && find . -type f) | while read -r file; do
        cp -p "$BACKUP/$file" "$ROOT/$file" && rm -f "$BACKUP/$file"
    done
    rm -rf "$BACKUP"
}
trap 'restore; rm -f "$LOG"' EXIT
# Builds and tests run in the background and are waited for: a signal then reaches the
# trap at once (bash would otherwise wait for a foreground build to finish first).
child=""
trap 'echo; [ -n "$child" ] && kill "$child" 2>/dev/null; restore; echo "interrupted: sources restored"; exit 130' INT TERM HUP
restore   # a run killed with -9 left its backup: put it back before anything else

# Replaces the first occurrence of $2 by $3 in file $1 (\n and \t escaped); fails when absent.
plant() {
    perl -e '
        my ($file, $old, $new) = @ARGV;
        for ($old, $new) { s/\\n/\n/g; s/\\t/\t/g; }
        open(my $in, "<", $file) or die "$file: $!\n";
        local $/; my $text = <$in>; close $in;
        my $at = index($text, $old);
        exit 3 if $at < 0;
        substr($text, $at, length($old)) = $new;
        open(my $out, ">", $file) or die "$file: $!\n";
        print $out $text; close $out;
    ' "$@"
}

quietly() { "$@" >"$LOG" 2>&1 & child=$!; wait "$child"; local status=$?; child=""; return $status; }
build() { quietly "$SWIFT" build --build-tests --scratch-path "$SCRATCH"; }
tests() { quietly "$SWIFT" test --skip-build --scratch-path "$SCRATCH" --disable-swift-testing --filter "$1"; }

selected() {
    local name=$1; shift
    [ $# -eq 0 ] && return 0
    for word in "$@"; do [[ $name == *"$word"* ]] && return 0; done
    return 1
}

names=(); files=(); filters=(); olds=(); news=()
while IFS=$'\t' read -r name file filter old new; do
    [[ -z $name || $name == \#* ]] && continue
    selected "$name" "$@" || continue
    names+=("$name"); files+=("$file"); filters+=("$filter"); olds+=("$old"); news+=("$new")
done < "$LIST"
[ ${#names[@]} -gt 0 ] || { echo "no mutant matches: $*" >&2; exit 2; }

echo "building the unmutated tree into $SCRATCH ..."
build || { echo "error: the unmutated tree does not build:"; tail -20 "$LOG"; exit 1; }
for filter in $(printf '%s\n' "${filters[@]}" | sort -u); do
    tests "$filter" || { echo "error: the unmutated tests $filter fail; fix them first:"; grep -E "error|failed" "$LOG" | head -20; exit 1; }
done

printf '\n%-30s %s\n' "mutant" "result"
killed=0; survived=0; other=0
for i in "${!names[@]}"; do
    file=${files[$i]}
    mkdir -p "$BACKUP/$(dirname "$file")"
    cp -p "$file" "$BACKUP/$file"
    plant "$file" "${olds[$i]}" "${news[$i]}"
    status=$?
    if [ $status -eq 3 ]; then
        result="STALE (text not found in $file)"; other=$((other + 1))
    elif [ $status -ne 0 ]; then
        result="ERROR planting"; other=$((other + 1))
    elif ! build; then
        result="killed (does not compile)"; killed=$((killed + 1))
    elif tests "${filters[$i]}"; then
        result="SURVIVED"; survived=$((survived + 1))
    else
        failing=$(grep -E "' failed" "$LOG" | grep -oE "[A-Za-z]+\.test[A-Za-z0-9_]+" | sort -u | head -1)
        result="killed${failing:+ by $failing}"; killed=$((killed + 1))
    fi
    restore
    [ ${#result} -gt 49 ] && result="${result:0:48}…"   # the table fits 80 columns
    printf '%-30s %s\n' "${names[$i]}" "$result"
done
echo
echo "$killed killed, $survived survived, $other not run, of ${#names[@]} mutants"
[ $survived -eq 0 ] && [ $other -eq 0 ]
