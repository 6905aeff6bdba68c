#!/usr/bin/env bash
# The checks that need the `runtime-benchmarks` feature (scripts/test.sh runs this beside the
# tests, at idle priority, in the same target dir):
# 1. clippy over every target of the workspace with the benchmarking feature, warnings denied
#    ([workspace.lints] in Cargo.toml). One check-mode pass that lints every crate and test and
#    proves that the benchmarking node (`csop-node --features runtime-benchmarks`: the
#    `benchmark` subcommands, the runtime's benchmark wiring and host functions) compiles.
#    Without the runtime's wasm: the benchmarking node is built for real by
#    scripts/bench/benchmark.sh.
# 2. every pallet's benchmark suite, run in its mock runtime (one cargo call for all pallets).
# Prints each step's time.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
started=$(date +%s)
SKIP_WASM_BUILD=1 cargo clippy --locked --keep-going --workspace --all-targets \
	--features runtime-benchmarks \
	-- -D warnings
echo "[checks] clippy (every target, runtime-benchmarks): $(($(date +%s) - started)) s"

started=$(date +%s)
pallets=()
for manifest in pallets/*/Cargo.toml; do
	pallets+=(-p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n 1)")
done
cargo test --locked "${pallets[@]}" --features runtime-benchmarks --lib benchmarking
echo "[checks] the pallets' benchmark suites: $(($(date +%s) - started)) s"
