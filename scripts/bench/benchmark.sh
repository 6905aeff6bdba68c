#!/usr/bin/env bash
# Generates every pallet's `weights.rs` with frame-benchmarking: builds `csop-node` with the
# `runtime-benchmarks` feature and runs `csop-node benchmark pallet` on the development chain's
# runtime (built with that feature, development preset) for each of our pallets, writing `pallets/<name>/src/weights.rs` through
# scripts/bench/weight-template.hbs.
#
#   ./scripts/bench/benchmark.sh                 # every pallet under pallets/
#   ./scripts/bench/benchmark.sh stones          # only pallets/stones
#   ./scripts/bench/benchmark.sh frame-system-extensions   # the runtime's transaction extensions
#   ./scripts/bench/benchmark.sh session-rotation  # a session rotation (runtime/src/session_rotation.rs)
#   ./scripts/bench/benchmark.sh signature-check   # a signature check per key type (runtime/src/signature_check.rs)
#   ./scripts/bench/benchmark.sh overhead        # the runtime's base block and extrinsic weights
#   ./scripts/bench/benchmark.sh storage         # the runtime's database weights (not in the default
#                                          # list: ~15 min, ~6 GiB of memory, ~2 GiB of disk)
#   VEHICLES=600000 SLOTS=2 ./scripts/bench/benchmark.sh storage   # its state: 3 million items
#   STEPS=10 REPEAT=5 ./scripts/bench/benchmark.sh   # quicker, coarser figures
#   PROFILE=debug ./scripts/bench/benchmark.sh       # the dev build (faster to build, slower figures)
#
# The node is a release build by default, as validators run it (~45 min to build the first
# time): the host side of runtime execution (storage, host functions) is part of every weight,
# and a dev build's is several times slower. The runtime itself always runs as optimised wasm.
# Figures are machine-specific: regenerate on the reference validator hardware before a
# production release.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
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

# Our pallets write `pallets/<name>/src/weights.rs` (scripts/bench/weight-template.hbs); the name
# `frame-system-extensions` writes the runtime's weights of frame-system's transaction extensions
# (`runtime/src/weights/frame_system_extensions.rs`, scripts/bench/extensions-weight-template.hbs), and
# `overhead` the base weights of a block and of an extrinsic (`benchmark overhead`:
# `runtime/src/weights/{block,extrinsic}_weights.rs`).
if [ $# -gt 0 ]; then
	pallets=("$@")
else
	pallets=(overhead frame-system-extensions session-rotation signature-check)
	for dir in "$ROOT"/pallets/*/; do pallets+=("$(basename "$dir")"); done
fi

for name in "${pallets[@]}"; do
	if [ "$name" = storage ]; then
		# `benchmark storage` on the development chain with a state as large as VEHICLES
		# vehicles that have been mining (SLOTS slots of their window each), written into its
		# genesis by scripts/bench/large-state-spec.py: it reads every item, then writes them back in
		# batches of 7,000 (about a block of mileage reports).
		vehicles=${VEHICLES:-600000}
		slots=${SLOTS:-2}
		work=$(mktemp -d)
		# The state (~2 GiB) goes even if the benchmark fails.
		trap 'rm -rf "$work"' EXIT
		echo "[benchmark] storage: $vehicles vehicles, $slots slots each -> runtime/src/weights/paritydb_weights.rs"
		"$BENCH_BIN" build-spec --chain dev --raw >"$work/dev-raw.json" 2>/dev/null
		python3 "$ROOT/scripts/bench/large-state-spec.py" "$work/dev-raw.json" "$vehicles" "$slots" \
			"$work/large.json"
		rm "$work/dev-raw.json"
		"$BENCH_BIN" benchmark storage \
			--chain "$work/large.json" \
			--base-path "$work/db" \
			--state-version 1 \
			--disable-pov-recorder \
			--batch-size 7000 \
			--weight-path "$ROOT/runtime/src/weights"
		rm -rf "$work"
		sed -i 's/use sp_core::parameter_types;/use frame_support::parameter_types;/; s/use sp_weights::RuntimeDbWeight;/use frame_support::weights::RuntimeDbWeight;/; s/use sp_weights::constants;/use frame_support::weights::constants;/' \
			"$ROOT/runtime/src/weights/paritydb_weights.rs"
		# The template's doc comment says ParityDB is experimental; it is this chain's database.
		# Idempotent: the file may be post-processed again.
		python3 - "$ROOT/runtime/src/weights/paritydb_weights.rs" "$vehicles" "$slots" <<'PY'
import re, sys
path, vehicles, slots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = open(path).read()
doc = (
    "\t\t/// The time ParityDB (csop-node's database) takes to read and to write one item of\n"
    f"\t\t/// the state, measured on the state of {vehicles:,} vehicles with {slots} slots each\n"
    "\t\t/// (`scripts/bench/benchmark.sh storage`). `frame_system::Config::DbWeight`.\n"
)
text = re.sub(r"(\t\t/// `ParityDB` can be enabled.*\n)(\t\t///.*\n)", doc, text)
# Doc comments on the fields of a struct expression document nothing (and warn).
text = re.sub(r"^\t\t\t///", "\t\t\t//", text, flags=re.M)
open(path, "w").write(text)
PY
		continue
	fi
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
		template="$ROOT/scripts/bench/extensions-weight-template.hbs"
	elif [ "$name" = session-rotation ] || [ "$name" = signature-check ]; then
		# A benchmark of the runtime's own (`crate::<name>::benchmarking`).
		crate=${name//-/_}
		out="$ROOT/runtime/src/weights/$crate.rs"
		template="$ROOT/scripts/bench/runtime-weight-template.hbs"
	else
		crate="pallet_${name//-/_}"
		out="$ROOT/pallets/$name/src/weights.rs"
		template="$ROOT/scripts/bench/weight-template.hbs"
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
	# The header lists the command as run; name the machine's paths the way this script does,
	# so that the file says how to regenerate it anywhere.
	sed -i "s|$CARGO_TARGET_DIR/|\$CARGO_TARGET_DIR/|g; s|$ROOT/||g" "$out"
done
echo "[benchmark] done: review the diff of pallets/*/src/weights.rs"
