#!/usr/bin/env bash
# Sets up, builds and runs every test: pallet and runtime unit tests, and the end-to-end tests
# that start the real csop-node binary on loopback and talk to it over JSON-RPC.
# Extra arguments go to `cargo test` (e.g. `./scripts/test.sh -p csop-runtime`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
# Tests picked with arguments: just those.
if [ $# -gt 0 ]; then
	exec cargo test --locked --workspace "$@"
fi

# Everything. The README's run command must reuse this build (a few seconds; no build).
./scripts/check-build-reuse.sh
# The Rust wallet example is a project of its own (node/tests/wallet_clients.rs runs it, and
# would build it there, beside a running node): built here, before the tests run.
cargo build --locked --manifest-path wallet-examples/rust/Cargo.toml \
	--target-dir "$CARGO_TARGET_DIR/wallet-examples"

# The end-to-end tests need the node binary; cargo builds it for the node's integration tests.
# The 4-validator network test (node/tests/network.rs) spends about 6 minutes waiting for
# sessions to change, so it runs beside the other tests rather than after them: one build
# first, then the network test in the background (the same `--workspace` selection, so the
# same build) while the rest run with it skipped. Its output follows theirs.
cargo test --locked --workspace --no-run
network_test=validators_finalise_survive_a_failure_catch_up_and_admit_a_fifth_by_governance
network_log=$(mktemp)
cargo test --locked --workspace --test network -- --exact "$network_test" >"$network_log" 2>&1 &
network_pid=$!
status=0
cargo test --locked --workspace -- --skip "$network_test" || status=$?
network_status=0
wait "$network_pid" || network_status=$?
echo "[test] node/tests/network.rs (run beside the others):"
cat "$network_log"
# A renamed network test would run 0 tests here (and with the others, after them).
if [ "$network_status" = 0 ] && ! grep -q "test result: ok. 1 passed" "$network_log"; then
	echo "[test] no test named $network_test ran: update scripts/test.sh" >&2
	network_status=1
fi
rm -f "$network_log"
[ "$status" = 0 ] || exit "$status"
[ "$network_status" = 0 ] || exit "$network_status"

# Benchmarks compile only with the `runtime-benchmarks` feature: run every pallet's benchmark
# test suite (in its mock runtime) too.
for manifest in "$ROOT"/pallets/*/Cargo.toml; do
	cargo test --locked --manifest-path "$manifest" --features runtime-benchmarks --lib benchmarking
done
# The benchmarking node (scripts/benchmark.sh: its `benchmark` subcommands, the runtime's
# benchmark wiring and host functions) must keep compiling; checked without its wasm.
SKIP_WASM_BUILD=1 SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
	cargo check --locked -p csop-node --features runtime-benchmarks
