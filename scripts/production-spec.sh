#!/usr/bin/env bash
# Makes a production chain spec from the consortium's own keys: the `production` preset (no
# sudo, no stones at genesis) with its placeholder validators, session keys, members, role
# holders and authorised nodes replaced.
#
# Usage: scripts/production-spec.sh OPERATORS.json OUT_DIR
#   OPERATORS.json (every address SS58; peer ids as `csop-node key inspect-node-key` prints):
#     {
#       "name": "CSOP Chain", "id": "csop",                      (optional)
#       "validators": [{"account": "5…", "grandpa": "5…", "peerId": "12D3Koo…"}, …],
#       "members": ["5…", …],                                    (optional: the validators)
#       "roles": {"Registrar": ["5…"], "ActivityOracle": ["5…"], "CatalogManager": ["5…"]},
#       "nodes": [{"peerId": "12D3Koo…", "owner": "5…"}, …],     (optional: the validators')
#       "bootNodes": ["/dns/…/tcp/30333/p2p/12D3Koo…", …]          (optional)
#     }
#   Each validator's `account` is its sr25519 account and BABE key, `grandpa` its ed25519
#   GRANDPA key (`csop-node key inspect --scheme ed25519` of the same or another secret).
#   Writes OUT_DIR/chain-spec.json (plain, to review) and OUT_DIR/chain-spec-raw.json (what
#   every node runs with `--chain`).
#
# The node refuses to start a Live chain whose genesis still holds a development key, so a
# forgotten placeholder cannot reach a network; this script refuses the same keys first.
# CSOP_NODE_BIN names the node binary (default: target/release/csop-node, then target/debug).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 OPERATORS.json OUT_DIR" >&2; exit 2; }
OPERATORS=$1
OUT=$2
if [ -z "${CSOP_NODE_BIN:-}" ]; then
	for candidate in "${CARGO_TARGET_DIR:-$ROOT/target}"/{release,debug}/csop-node; do
		[ -x "$candidate" ] && CSOP_NODE_BIN=$candidate && break
	done
fi
BIN=${CSOP_NODE_BIN:-}
[ -n "$BIN" ] && [ -x "$BIN" ] || { echo "[production-spec] no csop-node binary (set CSOP_NODE_BIN)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "[production-spec] needs python3" >&2; exit 1; }
[ -f "$OPERATORS" ] || { echo "[production-spec] no operators file $OPERATORS" >&2; exit 1; }
mkdir -p "$OUT"

"$BIN" export-chain-spec --chain production >"$OUT/production.json" 2>/dev/null
# The development keys the node refuses on a Live chain, as SS58 addresses.
known=()
for who in alice bob charlie dave eve ferdie one two; do
	for scheme in sr25519 ed25519; do
		for path in "//${who^}" "//${who^}//stash"; do
			known+=("$("$BIN" key inspect --scheme "$scheme" --output-type json "$path" |
				python3 -c 'import json,sys; print(json.load(sys.stdin)["ss58Address"])')")
		done
	done
done

PYTHONPATH="$ROOT/scripts/lib" python3 - "$OPERATORS" "$OUT" "${known[@]}" <<'EOF'
import json, sys
from peer_id import peer_id_bytes
operators_path, out, known = sys.argv[1], sys.argv[2], set(sys.argv[3:])
ops = json.load(open(operators_path))

def fail(message):
    sys.exit(f"[production-spec] {message}")

validators = ops.get("validators") or fail("no validators")
for i, v in enumerate(validators):
    for field in ("account", "grandpa", "peerId"):
        v.get(field) or fail(f"validator {i} has no {field}")
accounts = [v["account"] for v in validators]
members = ops.get("members") or accounts
roles = ops.get("roles") or fail("no roles (Registrar, ActivityOracle, CatalogManager)")
for role in ("Registrar", "ActivityOracle", "CatalogManager"):
    roles.get(role) or fail(f"no {role}")
nodes = ops.get("nodes") or [{"peerId": v["peerId"], "owner": v["account"]} for v in validators]
addresses = accounts + [v["grandpa"] for v in validators] + members + \
    [a for holders in roles.values() for a in holders] + [n["owner"] for n in nodes]
for address in addresses:
    if address in known:
        fail(f"{address} is a development key everyone knows")


spec = json.load(open(f"{out}/production.json"))
spec["name"] = ops.get("name", spec["name"])
spec["id"] = ops.get("id", spec["id"])
spec["bootNodes"] = ops.get("bootNodes", [])
patch = spec["genesis"]["runtimeGenesis"]["patch"]
patch["session"] = {"keys": [[v["account"], v["account"],
                              {"babe": v["account"], "grandpa": v["grandpa"]}] for v in validators]}
patch["validatorSet"] = {"validators": accounts}
patch["consortiumMembership"] = {"members": members}
patch.setdefault("consortium", {})["roles"] = [
    [role, holder] for role, holders in sorted(roles.items()) for holder in holders]
patch["nodeAuthorization"] = {"nodes": [[list(peer_id_bytes(n["peerId"])), n["owner"]] for n in nodes]}
patch.pop("sudo", None)
json.dump(spec, open(f"{out}/chain-spec.json", "w"), indent=1)
EOF
rm "$OUT/production.json"
"$BIN" build-spec --chain "$OUT/chain-spec.json" --raw >"$OUT/chain-spec-raw.json" 2>/dev/null
echo "[production-spec] wrote $OUT/chain-spec.json (review it) and $OUT/chain-spec-raw.json"
