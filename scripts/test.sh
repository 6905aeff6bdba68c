#!/usr/bin/env bash
# Sets up, builds and runs every test: pallet and runtime unit tests, and the end-to-end tests
# that start the real csop-node binary on free local ports and talk to it over JSON-RPC.
# Extra arguments go to `cargo test` (e.g. `./scripts/test.sh -p csop-runtime`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
if [ $# -eq 0 ]; then
	# The README's run command must reuse this build (a few seconds; no build).
	./scripts/check-build-reuse.sh
	# The Rust wallet example is a project of its own (node/tests/wallet_clients.rs runs it, and
	# would build it there, beside a running node): built here, before the tests run.
	cargo build --locked --manifest-path wallet-examples/rust/Cargo.toml \
		--target-dir "$CARGO_TARGET_DIR/wallet-examples"
fi
# The end-to-end tests need the node binary; cargo builds it for the node's integration tests.
cargo test --locked --workspace "$@"
# Benchmarks compile only with the `runtime-benchmarks` feature: run every pallet's benchmark
# test suite (in its mock runtime) too, unless the caller picked tests with arguments.
if [ $# -eq 0 ]; then
	for manifest in "$ROOT"/pallets/*/Cargo.toml; do
		cargo test --locked --manifest-path "$manifest" --features runtime-benchmarks --lib benchmarking
	done
	# The benchmarking node (scripts/benchmark.sh: its `benchmark` subcommands, the runtime's
	# benchmark wiring and host functions) must keep compiling; checked without its wasm.
	SKIP_WASM_BUILD=1 SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
		cargo check --locked -p csop-node --features runtime-benchmarks
fi
