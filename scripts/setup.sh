#!/usr/bin/env bash
# Installs what building CSOP Chain needs, idempotently. Safe to run again at any time; both
# `scripts/dev-node.sh` and `scripts/test.sh` run it first.
#
# 1. System packages: protobuf-compiler (protoc, for libp2p), clang, mold (the native linker,
#    through scripts/env.sh), and libssl-dev with pkg-config (the system OpenSSL, so that
#    litep2p's WebRTC dependency does not compile a vendored copy: scripts/env.sh).
# 2. The native Rust toolchain pinned in rust-toolchain.toml (must already be installed:
#    rustup is never asked to download a toolchain).
# 3. A wasm toolchain for the runtime:
#    a) the ordinary way: `rustup target add wasm32v1-none` for the pinned toolchain;
#    b) where rustup cannot download: Debian's rustc-web (with its library source) linked into
#       rustup as the toolchain `debian-web`, with core/alloc for wasm32v1-none built once from
#       source (with LTO bitcode) and lld-22 as its linker. See docs/development.md.
#    Set CSOP_WASM_TOOLCHAIN=debian to skip (a) and use (b) (used to test the fallback).
#
# Every failure stops the script with a non-zero exit and says what is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

say() { echo "[setup] $*"; }
die() {
	echo "[setup] ERROR: $*" >&2
	exit 1
}

APT_UPDATED=0
# apt_install PKG...: installs the Debian packages that are not installed yet.
apt_install() {
	local missing=()
	local pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null ||
		die "missing packages: ${missing[*]}; this machine has no apt-get: install them by hand"
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null ||
			die "missing packages: ${missing[*]}; run as root or install: apt-get install ${missing[*]}"
		sudo="sudo"
	fi
	say "installing Debian packages: ${missing[*]}"
	if [ "$APT_UPDATED" -eq 0 ]; then
		$sudo apt-get update -qq || die "apt-get update failed"
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
}

# --- 1. System packages -------------------------------------------------------------------
command -v protoc >/dev/null || {
	say "protoc (protobuf-compiler) is missing: libp2p's build needs it"
	apt_install protobuf-compiler
}
command -v clang >/dev/null || {
	say "clang is missing: C dependencies are built with it"
	apt_install clang
}
command -v protoc >/dev/null || die "protoc still not found after installing protobuf-compiler"
# Build cost (docs/build-cost.md): mold links the test binaries and the node in seconds, and
# the system OpenSSL replaces the vendored one openssl-sys would compile from C.
command -v mold >/dev/null || {
	say "mold is missing: scripts/env.sh links with it (much faster than GNU ld)"
	apt_install mold
}
{ command -v pkg-config >/dev/null && pkg-config --exists openssl; } || {
	say "libssl-dev/pkg-config are missing: openssl-sys would compile a vendored OpenSSL"
	apt_install pkg-config libssl-dev
}
command -v mold >/dev/null || die "mold still not found after installing it"
pkg-config --exists openssl || die "pkg-config does not find openssl after installing libssl-dev"
# The wallet-client tests run polkadot.js (Node.js + npm) and py-substrate-interface (a Python
# virtualenv); scripts/install-wallet-clients.sh installs the libraries themselves.
{ command -v node >/dev/null && command -v npm >/dev/null; } || {
	say "Node.js/npm are missing: the wallet-client tests run polkadot.js"
	apt_install nodejs npm
}
command -v python3 >/dev/null && python3 -c 'import venv, ensurepip' 2>/dev/null || {
	say "python3 with venv is missing: the wallet-client tests run py-substrate-interface"
	apt_install python3 python3-venv
}

# --- 2. Native Rust toolchain -------------------------------------------------------------
command -v rustup >/dev/null ||
	die "rustup is not installed; install rustup (Debian package 'rustup' or rustup.rs) and the toolchain in rust-toolchain.toml"
TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
[ -n "$TOOLCHAIN" ] || die "rust-toolchain.toml names no channel"
rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 ||
	die "the Rust toolchain '$TOOLCHAIN' pinned in rust-toolchain.toml is not installed (rustup toolchain install $TOOLCHAIN)"
say "native toolchain: $(rustup run "$TOOLCHAIN" rustc --version)"

# --- 3. Wasm toolchain --------------------------------------------------------------------
WASM_TARGET=wasm32v1-none

wasm_via_rustup() {
	if rustup target list --installed --toolchain "$TOOLCHAIN" 2>/dev/null | grep -qx "$WASM_TARGET"; then
		return 0
	fi
	say "adding the $WASM_TARGET target to $TOOLCHAIN with rustup"
	rustup target add "$WASM_TARGET" --toolchain "$TOOLCHAIN"
}

wasm_via_debian() {
	say "setting up Debian's rustc-web as the wasm toolchain 'debian-web'"
	apt_install rustc-web cargo-web rust-web-src lld-22
	local rustc
	rustc=$(dpkg -L rustc-web | grep -E '/bin/rustc$' | head -n 1)
	[ -x "$rustc" ] || die "rustc-web is installed but its rustc binary was not found"
	local sysroot
	sysroot=$("$rustc" --print sysroot)
	[ -d "$sysroot/lib/rustlib/src/rust/library" ] ||
		die "rust-web-src is installed but $sysroot/lib/rustlib/src/rust/library is missing"

	# rustup toolchain link is idempotent when it points at the same place.
	if ! rustup run debian-web rustc --version >/dev/null 2>&1; then
		rustup toolchain link debian-web "$sysroot" || die "rustup toolchain link debian-web $sysroot failed"
	fi

	# Debian's rustc uses LLVM 22: its linker must be lld 22 (lld 19 rejects its bitcode).
	local host_bin="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin"
	local lld
	lld=$(command -v ld.lld-22 || command -v lld-22 || true)
	[ -n "$lld" ] || lld=/usr/lib/llvm-22/bin/lld
	[ -x "$lld" ] || die "lld-22 is installed but no lld-22 binary was found"
	if [ "$(readlink -f "$host_bin/rust-lld" 2>/dev/null)" != "$(readlink -f "$lld")" ]; then
		mkdir -p "$host_bin"
		ln -sf "$lld" "$host_bin/rust-lld" || die "cannot link $host_bin/rust-lld to $lld"
	fi

	# core, alloc and compiler_builtins for wasm32v1-none, built once from the library source,
	# with bitcode embedded (the runtime links with LTO).
	local libdir="$sysroot/lib/rustlib/$WASM_TARGET/lib"
	if ! ls "$libdir"/libcore-*.rlib >/dev/null 2>&1; then
		say "building core/alloc for $WASM_TARGET from source (once, about a minute)"
		local tmp
		tmp=$(mktemp -d)
		mkdir -p "$tmp/src"
		cat >"$tmp/Cargo.toml" <<'TOML'
[package]
name = "csop-wasm-sysroot"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
		printf '#![no_std]\nextern crate alloc;\n' >"$tmp/src/lib.rs"
		(cd "$tmp" && env -u CARGO_TARGET_DIR -u RUSTFLAGS CARGO_PROFILE_RELEASE_LTO=true \
			RUSTFLAGS="-C embed-bitcode=yes" RUSTC_BOOTSTRAP=1 \
			rustup run debian-web cargo build --quiet --release --target "$WASM_TARGET" \
			-Zbuild-std=core,alloc) || die "building core/alloc for $WASM_TARGET failed (see above)"
		mkdir -p "$libdir"
		cp "$tmp/target/$WASM_TARGET/release/deps/"lib{core,alloc,compiler_builtins}-*.rlib "$libdir/" ||
			die "copying the $WASM_TARGET rlibs into $libdir failed"
		rm -rf "$tmp"
		# Artifacts built against older rlibs fail with "can't find crate": drop them.
		local target_dir="${CARGO_TARGET_DIR:-$ROOT/target}"
		rm -rf "$target_dir"/*/wbuild
	fi
}

if [ "${CSOP_WASM_TOOLCHAIN:-}" != "debian" ] && wasm_via_rustup; then
	say "wasm toolchain: $TOOLCHAIN with target $WASM_TARGET (rustup)"
else
	[ "${CSOP_WASM_TOOLCHAIN:-}" = "debian" ] ||
		say "rustup could not add $WASM_TARGET (no download here?); falling back to Debian's toolchain"
	wasm_via_debian
	say "wasm toolchain: debian-web ($(rustup run debian-web rustc --version))"
fi
say "ready"
