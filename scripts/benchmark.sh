#!/usr/bin/env bash
# Generates every pallet's `weights.rs` with frame-benchmarking: builds `csop-node` with the
# `runtime-benchmarks` feature and runs `csop-node benchmark pallet` on the development chain's
# runtime (built with that feature, development preset) for each of our pallets, writing `pallets/<name>/src/weights.rs` through
# scripts/weight-template.hbs.
#
#   ./scripts/benchmark.sh                 # every pallet under pallets/
#   ./scripts/benchmark.sh stones          # only pallets/stones
#   ./scripts/benchmark.sh frame-system-extensions   # the runtime's transaction extensions
#   ./scripts/benchmark.sh overhead        # the runtime's base block and extrinsic weights
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

# frame-benchmarking-cli carries a test runtime for `benchmark storage`'s PoV recorder (run it
# with `--disable-pov-recorder`, see docs/operators.md); its wasm build cannot find itself in
# our workspace's metadata, so it is skipped.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

PROFILE=${PROFILE:-release}
echo "[benchmark] building csop-node ($PROFILE) with runtime-benchmarks"
csop_cargo_build "$PROFILE" -p csop-node --features runtime-benchmarks
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

# Our pallets write `pallets/<name>/src/weights.rs` (scripts/weight-template.hbs); the name
# `frame-system-extensions` writes the runtime's weights of frame-system's transaction extensions
# (`runtime/src/weights/frame_system_extensions.rs`, scripts/extensions-weight-template.hbs), and
# `overhead` the base weights of a block and of an extrinsic (`benchmark overhead`:
# `runtime/src/weights/{block,extrinsic}_weights.rs`).
if [ $# -gt 0 ]; then
	pallets=("$@")
else
	pallets=(overhead frame-system-extensions)
	for dir in "$ROOT"/pallets/*/; do pallets+=("$(basename "$dir")"); done
fi

for name in "${pallets[@]}"; do
	if [ "$name" = overhead ]; then
		echo "[benchmark] overhead -> runtime/src/weights/{block,extrinsic}_weights.rs"
		"$BENCH_BIN" benchmark overhead \
			--runtime "$BENCH_RUNTIME" \
			--genesis-builder runtime \
			--genesis-builder-preset development \
			--weight-path "$ROOT/runtime/src/weights"
		# The generated files import `sp_weights` and `sp_core`'s `parameter_types`, which the
		# runtime reaches through frame-support.
		for file in block_weights extrinsic_weights; do
			sed -i 's/use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};/use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};/; s/use sp_weights::constants;/use frame_support::weights::constants;/; s/use sp_core::parameter_types;/use frame_support::parameter_types;/' \
				"$ROOT/runtime/src/weights/$file.rs"
		done
		continue
	fi
	if [ "$name" = frame-system-extensions ]; then
		crate=frame_system_extensions
		out="$ROOT/runtime/src/weights/frame_system_extensions.rs"
		template="$ROOT/scripts/extensions-weight-template.hbs"
	else
		crate="pallet_${name//-/_}"
		out="$ROOT/pallets/$name/src/weights.rs"
		template="$ROOT/scripts/weight-template.hbs"
		[ -f "$ROOT/pallets/$name/Cargo.toml" ] || { echo "[benchmark] no pallet '$name'" >&2; exit 1; }
	fi
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
		--template "$template" \
		--output "$out"
done
echo "[benchmark] done: review the diff of pallets/*/src/weights.rs"
