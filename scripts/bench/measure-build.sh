#!/usr/bin/env bash
# Measures what CI costs, in one run of the test command, and prints the figures kept in
# docs/build-cost.md: each phase of scripts/test.sh (setup, fmt, build, tests, the network test
# and the lint-and-benchmark checks beside them), the total, the peak memory (the largest single
# process, and the whole machine's), the target dir's size, and the 10 crates that took longest
# to compile (cargo --timings).
#
# Usage: scripts/bench/measure-build.sh [clean|warm]
#   clean (default): a fresh clone of this checkout's HEAD, an empty target dir and an empty
#     cargo registry (a fresh CARGO_HOME), as on a new machine; all deleted at the end.
#     CLEAN_TARGET_DIR=DIR builds into DIR instead (emptied first, then kept) with this
#     machine's cargo home, whose registry is then not emptied: cargo sees artifacts built
#     under another registry path as stale, so only that way is DIR warm for later runs.
#   warm: what CI does after an earlier run: a fresh clone of HEAD with one pallet file
#     touched, this machine's cargo home, and the target dir kept (CARGO_TARGET_DIR, default
#     CI's $HOME/.cache/csop-target).
# Run it on an otherwise idle machine.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=${1:-clean}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
case "$MODE" in clean | warm) ;; *) echo "usage: $0 [clean|warm]" >&2; exit 2 ;; esac

WORK=$(mktemp -d /tmp/csop-measure.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
git clone --quiet "$ROOT" "$WORK/clone"
SRC="$WORK/clone"
if [ "$MODE" = warm ]; then
	export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/csop-target}"
	touch "$SRC/pallets/stones/src/lib.rs"
elif [ -n "${CLEAN_TARGET_DIR:-}" ]; then
	export CARGO_TARGET_DIR="$CLEAN_TARGET_DIR"
	rm -rf "$CARGO_TARGET_DIR"
	echo "[measure] the cargo registry ($HOME/.cargo) is not emptied in this run"
else
	export CARGO_TARGET_DIR="$WORK/target"
	# A fresh registry: the cargo and rustup binaries stay where they are.
	export CARGO_HOME="$WORK/cargo-home"
	mkdir -p "$CARGO_HOME"
	export PATH="$HOME/.cargo/bin:$PATH"
fi

LOG=$(mktemp /tmp/csop-measure-log.XXXXXX)
MEM=$(mktemp /tmp/csop-measure-mem.XXXXXX)
# The whole machine's peak memory in use, sampled every 2 s.
(
	peak=0
	while sleep 2; do
		used=$(awk '/MemTotal/ {t=$2} /MemAvailable/ {a=$2} END {print int((t - a) / 1024)}' /proc/meminfo)
		[ "$used" -gt "$peak" ] && peak=$used && echo "$peak" >"$MEM"
	done
) &
sampler=$!

echo "[measure] $MODE run of $(git -C "$SRC" rev-parse --short HEAD) on $(nproc) cores," \
	"$(awk '/MemTotal/ {print int($2 / 1048576)}' /proc/meminfo) GiB; log: $LOG"
start=$(date +%s)
status=0
(cd "$SRC" && CSOP_TIMINGS=1 /usr/bin/time -v bash .ci/run) >"$LOG" 2>&1 || status=$?
total=$(($(date +%s) - start))
kill "$sampler" 2>/dev/null || true

echo "[measure] exit status $status, $total s ($((total / 60)) min)"
grep -E '^\[test\] setup|^\[checks\]|^\[ci\]|^test result: .*passed' "$LOG" | grep -v '^test result' || true
echo "[measure] test binaries run: $(grep -c '^test result:' "$LOG"), tests passed:" \
	"$(grep -o '^test result: [a-zA-Z]*\. [0-9]* passed' "$LOG" | awk '{s += $4} END {print s}')"
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$LOG" | tail -n 1)
echo "[measure] peak RSS of one process: $((rss / 1024)) MiB; whole machine: $(cat "$MEM") MiB in use"
echo "[measure] target dir: $(du -sh "$CARGO_TARGET_DIR" | cut -f1)"
# The newest cargo --timings report of the build phase: the 10 slowest units.
report=$(ls -t "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing-*.html 2>/dev/null | head -n 1 || true)
if [ -n "$report" ]; then
	echo "[measure] slowest units of the build ($report):"
	python3 - "$report" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
for u in sorted(units, key=lambda u: -u["duration"])[:10]:
    print(f"  {u['duration']:7.1f} s  {u['name']} {u['version']} {u.get('target', '').strip()}")
PY
fi
rm -f "$MEM"
exit "$status"
