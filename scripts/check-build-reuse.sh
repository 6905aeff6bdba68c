#!/usr/bin/env bash
# Checks that the README's run command reuses what its test command built: that every crate
# `cargo build -p csop-node` (scripts/dev-node.sh) compiles is resolved with the same features
# as in `cargo test --workspace` (scripts/test.sh). Cargo builds a crate once per feature set;
# a crate whose features differ is compiled again, with everything that depends on it. One
# dev-dependency enabling one feature of a low crate (scale-info, hashbrown) is enough to make
# the node's second build recompile most of its 800 crates.
#
# Reads `cargo tree` only (no build; a few seconds). Prints the crates that differ and exits 1.
# Fix a difference by naming the crate with those features in node/Cargo.toml's
# [dependencies], or by keeping the dev-dependency that enables them out of the workspace
# (as wallet-examples/rust keeps subxt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tree() { cargo tree --locked --prefix none -f '{p} [{f}]' "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree -p csop-node -e normal,build >"$work/node"
tree --workspace -e normal,build,dev >"$work/tests"
python3 - "$work/node" "$work/tests" <<'PY'
import re, sys

def features(path):
    crates = {}
    for line in open(path):
        m = re.match(r"(.+?) \[(.*)\]( \(\*\))?$", line.strip())
        if m:
            crate = m.group(1).replace(" (proc-macro)", "")
            crates.setdefault(crate, set()).update(f for f in m.group(2).split(",") if f)
    return crates

node, tests = features(sys.argv[1]), features(sys.argv[2])
differ = sorted(c for c in node if c in tests and node[c] != tests[c])
for crate in differ:
    only_tests = ",".join(sorted(tests[crate] - node[crate])) or "-"
    only_node = ",".join(sorted(node[crate] - tests[crate])) or "-"
    print(f"  {crate}: tests add [{only_tests}], node adds [{only_node}]")
if differ:
    print(f"[check-build-reuse] {len(differ)} of {len(node)} crates of csop-node are built with "
          "other features by the tests: the node would be compiled twice")
    sys.exit(1)
print(f"[check-build-reuse] the {len(node)} crates of csop-node have the tests' features")
PY
