# Sourced by the other scripts (after setup.sh): exports the build environment.
# - CARGO_TARGET_DIR is kept if set (CI points it outside the clone), else ./target.
# - WASM_BUILD_TOOLCHAIN is kept if set, else: nothing when the pinned toolchain has the
#   wasm32v1-none target, 'debian-web' when setup.sh had to fall back to Debian's toolchain.

CSOP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CSOP_ROOT/target}"

if [ -z "${WASM_BUILD_TOOLCHAIN:-}" ]; then
	_csop_tc=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$CSOP_ROOT/rust-toolchain.toml")
	if [ "${CSOP_WASM_TOOLCHAIN:-}" = "debian" ] ||
		! rustup target list --installed --toolchain "$_csop_tc" 2>/dev/null | grep -qx wasm32v1-none; then
		export WASM_BUILD_TOOLCHAIN=debian-web
	fi
	unset _csop_tc
fi

# The node binary the scripts and the end-to-end tests run.
export CSOP_NODE_BIN="$CARGO_TARGET_DIR/debug/csop-node"

# `csop_cargo_build PROFILE ARGS...`: `cargo build --locked ARGS` in PROFILE (`debug` or
# `release`; anything else is an error). For the scripts that take PROFILE=debug|release.
csop_cargo_build() {
	local profile=$1
	shift
	case "$profile" in
	debug) cargo build --locked "$@" ;;
	release) cargo build --locked --release "$@" ;;
	*) echo "PROFILE must be debug or release" >&2; return 1 ;;
	esac
}
