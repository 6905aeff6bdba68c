#!/usr/bin/env bash
# Measures the build cost figures kept in docs/build-cost.md, in one run:
#   clean build of everything the tests need (fresh target dir), warm rebuild after touching
#   the runtime, peak memory (max RSS of any single process), and the target dir size.
# Usage: scripts/measure-build.sh [TARGET_DIR]   (default: a fresh temporary directory; it is
# deleted first, so never point it at a target dir you want to keep)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh" >/dev/null
export CARGO_TARGET_DIR="${1:-$(mktemp -d)/target}"
rm -rf "$CARGO_TARGET_DIR"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }

measure() { # measure LABEL CMD... -> prints wall seconds and peak RSS
	local label=$1
	shift
	local log
	log=$(mktemp)
	local start
	start=$(date +%s)
	/usr/bin/time -v "$@" >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
	local secs=$(($(date +%s) - start))
	local rss
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
	printf '%-34s %6d s   peak RSS %5d MiB\n' "$label" "$secs" "$((rss / 1024))"
	rm -f "$log"
}

echo "cores: $(nproc), target dir: $CARGO_TARGET_DIR"
measure "clean build (tests + node)" cargo test --locked --workspace --no-run
touch runtime/src/lib.rs
measure "warm rebuild (runtime touched)" cargo test --locked --workspace --no-run
touch node/src/service.rs
measure "warm rebuild (node touched)" cargo test --locked --workspace --no-run
echo "target dir size: $(du -sh "$CARGO_TARGET_DIR" | cut -f1)"
measure "test run (all tests, built)" cargo test --locked --workspace
