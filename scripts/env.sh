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

# litep2p's WebRTC transport (str0m) asks for a vendored OpenSSL, which openssl-sys compiles
# from C (minutes on 2 cores). With the system's (libssl-dev, installed by setup.sh) it links
# that instead. Set the same way for every build, so tests and the dev node share one build.
if [ -z "${OPENSSL_NO_VENDOR:-}" ] && pkg-config --exists openssl 2>/dev/null; then
	export OPENSSL_NO_VENDOR=1
fi

# Native code links with mold when it is installed (setup.sh installs it): linking the test
# binaries and the node with GNU ld takes minutes on 2 cores, with mold seconds. Set here
# rather than in .cargo/config.toml so that a machine without mold still builds, and as a
# flag without a path: a linker named by its path in the checkout would make every clone
# (CI clones anew for each run) rebuild every crate.
if [ -z "${CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS:-}" ] && command -v mold >/dev/null; then
	export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C link-arg=-fuse-ld=mold"
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
