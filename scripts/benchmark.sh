#!/usr/bin/env bash
# Generates every pallet's `weights.rs` with frame-benchmarking: builds `csop-node` with the
# `runtime-benchmarks` feature and runs `csop-node benchmark pallet` on the development chain's
# runtime (built with that feature, development preset) for each of our pallets, writing `pallets/<name>/src/weights.rs` through
# scripts/weight-template.hbs.
#
#   ./scripts/benchmark.sh                 # every pallet under pallets/
#   ./scripts/benchmark.sh stones          # only pallets/stones
#   STEPS=10 REPEAT=5 ./scripts/benchmark.sh   # quicker, coarser figures
#   PROFILE=debug ./scripts/benchmark.sh       # the dev build (faster to build, slower figures)
#
# The node is a release build by default, as validators run it (~45 min to build the first
# time): the host side of runtime execution (storage, host functions) is part of every weight,
# and a dev build's is several times slower. The runtime itself always runs as optimised wasm.
# Figures are machine-specific: regenerate on the reference validator hardware before a
# production release.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

STEPS=${STEPS:-50}
REPEAT=${REPEAT:-20}

# frame-benchmarking-cli carries a test runtime for `benchmark storage` (not used here); its wasm
# build cannot find itself in our workspace's metadata, so it is skipped.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

PROFILE=${PROFILE:-release}
echo "[benchmark] building csop-node ($PROFILE) with runtime-benchmarks"
case "$PROFILE" in
debug) cargo build --locked -p csop-node --features runtime-benchmarks ;;
release) cargo build --locked --release -p csop-node --features runtime-benchmarks ;;
*) echo "PROFILE must be debug or release" >&2; exit 1 ;;
esac
# Keep the benchmarking binary and runtime apart: a plain build puts the ordinary ones back.
BENCH_BIN="$CARGO_TARGET_DIR/$PROFILE/csop-node-benchmarks"
cp "$CARGO_TARGET_DIR/$PROFILE/csop-node" "$BENCH_BIN"
BENCH_RUNTIME="$CARGO_TARGET_DIR/$PROFILE/csop_runtime-benchmarks.wasm"
wbuild="$CARGO_TARGET_DIR/$PROFILE/wbuild/csop-runtime"
for blob in csop_runtime.compact.compressed.wasm csop_runtime.compact.wasm csop_runtime.wasm; do
	if [ -f "$wbuild/$blob" ]; then
		cp "$wbuild/$blob" "$BENCH_RUNTIME"
		break
	fi
done
[ -f "$BENCH_RUNTIME" ] || { echo "[benchmark] no runtime wasm under $wbuild" >&2; exit 1; }

if [ $# -gt 0 ]; then
	pallets=("$@")
else
	pallets=()
	for dir in "$ROOT"/pallets/*/; do pallets+=("$(basename "$dir")"); done
fi

for name in "${pallets[@]}"; do
	crate="pallet_${name//-/_}"
	out="$ROOT/pallets/$name/src/weights.rs"
	[ -f "$ROOT/pallets/$name/Cargo.toml" ] || { echo "[benchmark] no pallet '$name'" >&2; exit 1; }
	echo "[benchmark] $crate -> ${out#"$ROOT"/}"
	"$BENCH_BIN" benchmark pallet \
		--runtime "$BENCH_RUNTIME" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "$crate" \
		--extrinsic '*' \
		--wasm-execution compiled \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--heap-pages 4096 \
		--template "$ROOT/scripts/weight-template.hbs" \
		--output "$out"
done
echo "[benchmark] done: review the diff of pallets/*/src/weights.rs"
