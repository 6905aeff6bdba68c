#!/usr/bin/env bash
# Installs the wallet-client examples' dependencies (wallet-examples/), idempotently. Safe to
# run again at any time: work already done is skipped.
#
# 1. JavaScript: `npm ci` in wallet-examples/js (the exact versions of package-lock.json into
#    wallet-examples/js/node_modules, which git ignores). Skipped when node_modules already
#    holds that lockfile's install.
# 2. Python: a virtualenv at ${CSOP_CLIENTS_CACHE:-$HOME/.cache/csop-clients}/pyenv-<hash>
#    with wallet-examples/python/requirements.txt installed, <hash> being a short hash of that
#    file (a changed requirements.txt gets a new virtualenv). Skipped when it exists and works.
#    CSOP_PYTHON picks the interpreter (default python3, 3.8 or later).
#
# Progress goes to stderr. The last (and only) line on stdout is the Python interpreter to run
# the Python examples with, so that
#
#   PY=$(./scripts/install-wallet-clients.sh)
#   node wallet-examples/js/wallet.mjs ws://127.0.0.1:9944
#   "$PY" wallet-examples/python/wallet.py ws://127.0.0.1:9944
#
# works. Every failure stops the script with a non-zero exit and says what is missing (e.g. the
# npm registry or PyPI unreachable).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JS_DIR="$ROOT/wallet-examples/js"
REQUIREMENTS="$ROOT/wallet-examples/python/requirements.txt"
CACHE="${CSOP_CLIENTS_CACHE:-$HOME/.cache/csop-clients}"
PYTHON="${CSOP_PYTHON:-python3}"

say() { echo "[wallet-clients] $*" >&2; }
die() {
	echo "[wallet-clients] ERROR: $*" >&2
	exit 1
}

# --- 1. JavaScript: @polkadot/api from npm ------------------------------------------------
command -v node >/dev/null || die "node is not installed (Node.js 18 or later; Debian package 'nodejs')"
command -v npm >/dev/null || die "npm is not installed (Debian package 'npm')"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 18 ] || die "Node.js $(node --version) is too old: the examples need 18 or later"
[ -f "$JS_DIR/package-lock.json" ] || die "$JS_DIR/package-lock.json is missing"

# A stamp in node_modules records which lockfile (and Node.js major) was installed.
JS_STAMP="$JS_DIR/node_modules/.csop-installed"
JS_WANT="$(sha256sum "$JS_DIR/package-lock.json" | cut -c1-16) node$NODE_MAJOR"
if [ -f "$JS_STAMP" ] && [ "$(cat "$JS_STAMP")" = "$JS_WANT" ] &&
	[ -f "$JS_DIR/node_modules/@polkadot/api/package.json" ]; then
	say "JavaScript: node_modules is up to date ($(node -p "require('$JS_DIR/node_modules/@polkadot/api/package.json').version" 2>/dev/null || echo '?'))"
else
	say "JavaScript: npm ci in wallet-examples/js"
	# npm ci installs exactly package-lock.json (and refuses a lockfile out of step with
	# package.json). Its output goes to stderr: stdout is reserved for the result.
	(cd "$JS_DIR" && npm ci --no-audit --no-fund >&2) ||
		die "npm ci failed in $JS_DIR: is the npm registry reachable ($(npm config get registry))? See the npm output above"
	echo "$JS_WANT" >"$JS_STAMP"
	say "JavaScript: installed @polkadot/api $(node -p "require('$JS_DIR/node_modules/@polkadot/api/package.json').version")"
fi

# --- 2. Python: substrate-interface from PyPI in a virtualenv -------------------------------
command -v "$PYTHON" >/dev/null || die "$PYTHON is not installed (Python 3.8 or later; set CSOP_PYTHON to use another)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' ||
	die "$("$PYTHON" --version 2>&1) is too old: the examples need Python 3.8 or later"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
	die "$PYTHON cannot create virtualenvs: install the venv module (Debian package 'python3-venv')"
[ -f "$REQUIREMENTS" ] || die "$REQUIREMENTS is missing"

VENV="$CACHE/pyenv-$(sha256sum "$REQUIREMENTS" | cut -c1-12)"
VENV_PY="$VENV/bin/python"
# The marker is written last: a virtualenv without it is an interrupted install.
VENV_DONE="$VENV/.csop-installed"
if [ -f "$VENV_DONE" ] && "$VENV_PY" -c 'import substrateinterface' 2>/dev/null; then
	say "Python: $VENV is up to date"
else
	if [ -d "$VENV" ]; then
		say "Python: $VENV is incomplete or broken: recreating it"
		rm -rf "$VENV"
	fi
	say "Python: creating $VENV with $("$PYTHON" --version 2>&1)"
	mkdir -p "$CACHE"
	"$PYTHON" -m venv "$VENV" || die "cannot create a virtualenv at $VENV"
	say "Python: pip install -r wallet-examples/python/requirements.txt"
	"$VENV_PY" -m pip install --disable-pip-version-check --no-input -q -r "$REQUIREMENTS" >&2 || {
		index="${PIP_INDEX_URL:-$("$VENV_PY" -m pip config get global.index-url 2>/dev/null || echo https://pypi.org/simple)}"
		rm -rf "$VENV"
		die "pip install failed: is the package index reachable ($index)? See the pip output above"
	}
	"$VENV_PY" -c 'import substrateinterface' ||
		die "substrate-interface does not import in $VENV after installing"
	touch "$VENV_DONE"
	say "Python: installed $("$VENV_PY" -m pip show substrate-interface 2>/dev/null | sed -n 's/^Version: /substrate-interface /p')"
fi

say "ready: node wallet-examples/js/wallet.mjs URL; $VENV_PY wallet-examples/python/wallet.py URL"
echo "$VENV_PY"
