#!/usr/bin/env bash
# A simulated year of the example plan, this checkout against an older commit, in the same run.
# Issue #16 asked for a year "at least 4 times faster than today"; "today" is the commit it was
# measured on (20801b7, the default). Both sides simulate that commit's examples/plan.json, three
# times each, interleaved (old, new, old, ...) so the machine's load falls on both alike; the
# medians are compared. Needs git history and network-free `npm ci` (the npm cache) for the old side.
# Usage: bench/year-vs-commit.sh [COMMIT]
set -euo pipefail
commit=${1:-20801b7}
here=$(cd "$(dirname "$0")/.." && pwd)
old=$(mktemp -d /tmp/kept-year-XXXXXX)
trap 'git -C "$here" worktree remove --force "$old" >/dev/null 2>&1 || rm -rf "$old"' EXIT

git -C "$here" worktree add --detach -q "$old" "$commit"
(cd "$old" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
plan="$old/examples/plan.json"
span=(--from 2026-01-01T00:00:00Z --until 2027-01-01T00:00:00Z)

# One timed run: prints "wall cpu" in seconds; the messages go to $3.
timed() {
  local dir=$1 out=$2
  /usr/bin/time -f '%e %U %S' -o "$out.time" node "$dir/local/bin/kept.mjs" simulate "$plan" "${span[@]}" >"$out"
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out.time"
}

: >"$old/old.times"
: >"$old/new.times"
for _ in 1 2 3; do
  timed "$old" "$old/old.jsonl" >>"$old/old.times"
  timed "$here" "$old/new.jsonl" >>"$old/new.times"
done

median() { sort -n | sed -n 2p; }
oldWall=$(cut -d' ' -f1 "$old/old.times" | median)
newWall=$(cut -d' ' -f1 "$old/new.times" | median)
oldCpu=$(cut -d' ' -f2 "$old/old.times" | median)
newCpu=$(cut -d' ' -f2 "$old/new.times" | median)
oldCount=$(wc -l <"$old/old.jsonl")
newCount=$(wc -l <"$old/new.jsonl")
# Lines in one output and not the other (order ignored): what changed in behaviour since then.
changed=$(diff <(sort "$old/old.jsonl") <(sort "$old/new.jsonl") | grep -c '^[<>]' || true)

echo "year of $commit's examples/plan.json: $commit ${oldWall}s wall ${oldCpu}s cpu, $oldCount messages"
echo "year of $commit's examples/plan.json: HEAD ${newWall}s wall ${newCpu}s cpu, $newCount messages"
awk -v a="$oldWall" -v b="$newWall" -v c="$oldCpu" -v d="$newCpu" \
  'BEGIN { printf "speedup vs %s: %.1fx wall, %.1fx cpu (medians of 3, interleaved)\n", "'"$commit"'", a / b, c / d }'
echo "lines differing (order ignored): $changed"
