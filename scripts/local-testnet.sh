#!/usr/bin/env bash
# Starts a local CSOP Chain network of N validators (default 4) on 127.0.0.1, from a chain
# spec generated here with fresh keys, and prints their JSON-RPC endpoints.
#
#   ./scripts/local-testnet.sh                 # 4 validators, in the foreground (Ctrl-C stops)
#   ./scripts/local-testnet.sh -n 5            # 5 validators
#   ./scripts/local-testnet.sh --detach --dir /tmp/net   # start, print, leave them running
#   ./scripts/local-testnet.sh --stop --dir /tmp/net     # stop a detached network
#
# What it does, as a consortium would for a real network (docs/operators.md):
# 1. For each validator i, generates a secret phrase: its account (sr25519) is also its
#    BABE key, and the ed25519 key of the same phrase is its GRANDPA key; and a fixed node key
#    (libp2p identity), so that its peer id is known before it starts.
# 2. Exports the `local` preset's chain spec and replaces its validators, session keys,
#    consortium members (the validators), authorised nodes (their peer ids), role holder and
#    sudo key (validator 1) with these, then converts it to the raw spec all nodes share.
# 3. Inserts each validator's session keys into its keystore and starts it, validator 1 as the
#    boot node of the others.
#
# Layout of --dir (default: a new directory under /tmp, kept when the network stops):
#   chain-spec.json (plain), chain-spec-raw.json, node-<i>/{phrase,account,peer-id,node-key,
#   rpc-port,p2p-port,cmd,pid,log-start,node.log}. `bash node-<i>/cmd` restarts a stopped
#   validator with its data. Ports: p2p 30333+i-1, JSON-RPC 9944+i-1 (--p2p-port and
#   --rpc-port set the first); all must be free. rpc-port holds the port really served.
# CSOP_NODE_BIN (from scripts/env.sh) is the node binary; --no-build skips building it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

N=4
DIR=""
P2P=30333
RPC=9944
DETACH=0
BUILD=1
STOP=0
while [ $# -gt 0 ]; do
	case "$1" in
	-n | --validators) N=$2; shift 2 ;;
	--dir) DIR=$2; shift 2 ;;
	--p2p-port) P2P=$2; shift 2 ;;
	--rpc-port) RPC=$2; shift 2 ;;
	--detach) DETACH=1; shift ;;
	--no-build) BUILD=0; shift ;;
	--stop) STOP=1; shift ;;
	-h | --help) sed -n '2,25p' "$0"; exit 0 ;;
	*) echo "[local-testnet] unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done

stop_nodes() {
	local dir=$1 pid pids=()
	for pidfile in "$dir"/node-*/pid; do
		[ -f "$pidfile" ] || continue
		pid=$(cat "$pidfile")
		kill "$pid" 2>/dev/null && pids+=("$pid")
		rm -f "$pidfile"
	done
	# Wait (up to 30 s) until they have exited and released their ports and databases.
	for pid in "${pids[@]}"; do
		for _ in $(seq 1 120); do
			[ -e "/proc/$pid" ] || break
			sleep 0.25
		done
	done
}

if [ "$STOP" = 1 ]; then
	[ -n "$DIR" ] || { echo "[local-testnet] --stop needs --dir" >&2; exit 2; }
	stop_nodes "$DIR"
	echo "[local-testnet] stopped the nodes of $DIR"
	exit 0
fi

case "$N" in
'' | *[!0-9]*) echo "[local-testnet] -n needs a number" >&2; exit 2 ;;
esac
[ "$N" -ge 1 ] || { echo "[local-testnet] at least 1 validator" >&2; exit 2; }

if [ "$BUILD" = 1 ]; then
	"$ROOT/scripts/setup.sh"
	# shellcheck source=scripts/env.sh
	source "$ROOT/scripts/env.sh"
	(cd "$ROOT" && cargo build --locked -p csop-node)
else
	CSOP_NODE_BIN=${CSOP_NODE_BIN:-$ROOT/target/debug/csop-node}
fi
BIN=$CSOP_NODE_BIN
[ -x "$BIN" ] || { echo "[local-testnet] no node binary at $BIN" >&2; exit 1; }
command -v python3 >/dev/null || { echo "[local-testnet] needs python3 (to edit the chain spec)" >&2; exit 1; }

DIR=${DIR:-$(mktemp -d /tmp/csop-testnet.XXXXXX)}
mkdir -p "$DIR"
stop_nodes "$DIR"

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

echo "[local-testnet] generating keys for $N validators in $DIR"
for i in $(seq 1 "$N"); do
	d="$DIR/node-$i"
	mkdir -p "$d"
	if [ ! -f "$d/phrase" ]; then
		"$BIN" key generate --words 12 --output-type json | json_field secretPhrase >"$d/phrase"
		chmod 600 "$d/phrase"
	fi
	phrase=$(cat "$d/phrase")
	"$BIN" key inspect --scheme sr25519 --output-type json "$phrase" | json_field ss58Address >"$d/account"
	"$BIN" key inspect --scheme ed25519 --output-type json "$phrase" | json_field ss58Address >"$d/grandpa"
	[ -f "$d/node-key" ] || "$BIN" key generate-node-key --file "$d/node-key" 2>/dev/null
	"$BIN" key inspect-node-key --file "$d/node-key" >"$d/peer-id"
	echo $((P2P + i - 1)) >"$d/p2p-port"
	echo $((RPC + i - 1)) >"$d/rpc-port"
done

echo "[local-testnet] generating the chain spec"
"$BIN" export-chain-spec --chain local >"$DIR/local.json" 2>/dev/null
PYTHONPATH="$ROOT/scripts/lib" python3 - "$DIR" "$N" <<'EOF'
import json, sys
from peer_id import peer_id_bytes
d, n = sys.argv[1], int(sys.argv[2])
read = lambda i, f: open(f"{d}/node-{i}/{f}").read().strip()
validators = [(read(i, "account"), read(i, "grandpa")) for i in range(1, n + 1)]
spec = json.load(open(f"{d}/local.json"))
spec["name"], spec["id"] = f"CSOP Local Testnet ({n} validators)", "csop_local_testnet"
patch = spec["genesis"]["runtimeGenesis"]["patch"]
accounts = [a for a, _ in validators]
patch["session"] = {"keys": [[a, a, {"babe": a, "grandpa": g}] for a, g in validators]}
patch["validatorSet"] = {"validators": accounts}
patch["consortiumMembership"] = {"members": accounts}
patch.setdefault("consortium", {})["roles"] = [
    [role, accounts[0]] for role in ("Registrar", "ActivityOracle", "CatalogManager")]
patch["sudo"] = {"key": accounts[0]}
# The authorised nodes: each validator's peer id (libp2p multihash bytes), owned by it.
patch["nodeAuthorization"] = {"nodes": [
    [list(peer_id_bytes(read(i, "peer-id"))), accounts[i - 1]] for i in range(1, n + 1)]}
spec["bootNodes"] = []
json.dump(spec, open(f"{d}/chain-spec.json", "w"), indent=1)
EOF
"$BIN" build-spec --chain "$DIR/chain-spec.json" --raw >"$DIR/chain-spec-raw.json" 2>/dev/null
SPEC="$DIR/chain-spec-raw.json"

# A taken p2p port would leave a validator unreachable (and a taken RPC port moves its RPC to a
# random one), so every port must be free before anything starts.
port_free() {
	python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}
for i in $(seq 1 "$N"); do
	for kind in p2p rpc; do
		port=$(cat "$DIR/node-$i/$kind-port")
		port_free "$port" || {
			echo "[local-testnet] port $port (validator-$i $kind) is in use by another process;" \
				"stop it or choose other ports with --p2p-port/--rpc-port" >&2
			exit 1
		}
	done
done

BOOT="/ip4/127.0.0.1/tcp/$(cat "$DIR/node-1/p2p-port")/p2p/$(cat "$DIR/node-1/peer-id")"
for i in $(seq 1 "$N"); do
	d="$DIR/node-$i"
	phrase=$(cat "$d/phrase")
	"$BIN" key insert --base-path "$d" --chain "$SPEC" --scheme sr25519 --key-type babe --suri "$phrase"
	"$BIN" key insert --base-path "$d" --chain "$SPEC" --scheme ed25519 --key-type gran --suri "$phrase"
	boot=()
	[ "$i" = 1 ] || boot=(--bootnodes "$BOOT")
	# The command line is kept: `bash node-<i>/cmd` restarts this validator with its data.
	{
		printf 'exec %q' "$BIN"
		printf ' %q' --chain "$SPEC" --base-path "$d" --validator --name "validator-$i" \
			--node-key-file "$d/node-key" \
			--rpc-port "$(cat "$d/rpc-port")" --listen-addr "/ip4/127.0.0.1/tcp/$(cat "$d/p2p-port")" \
			--no-mdns --no-prometheus --no-telemetry --allow-private-ip "${boot[@]}"
		printf ' >>%q 2>&1\n' "$d/node.log"
	} >"$d/cmd"
	# The log is appended across restarts: this run's lines start at its current size.
	stat -c %s "$d/node.log" >"$d/log-start" 2>/dev/null || echo 0 >"$d/log-start"
	nohup bash "$d/cmd" >/dev/null 2>&1 &
	echo $! >"$d/pid"
done

# Each node logs the port it serves JSON-RPC on: the one asked for, unless another process took
# it after the check above (then the node picks a free one, recorded here).
for i in $(seq 1 "$N"); do
	d="$DIR/node-$i"
	if ! port=$("$ROOT/scripts/node-rpc-port.sh" "$d/node.log" "$(cat "$d/log-start")"); then
		echo "[local-testnet] validator-$i did not start; the end of $d/node.log:" >&2
		tail -n 20 "$d/node.log" >&2 || true
		stop_nodes "$DIR"
		exit 1
	fi
	if [ "$port" != "$(cat "$d/rpc-port")" ]; then
		echo "[local-testnet] validator-$i: port $(cat "$d/rpc-port") was taken; JSON-RPC on $port"
		echo "$port" >"$d/rpc-port"
	fi
done

echo "[local-testnet] $N validators running (chain spec: $SPEC)"
for i in $(seq 1 "$N"); do
	d="$DIR/node-$i"
	echo "  validator-$i  account $(cat "$d/account")  ws://127.0.0.1:$(cat "$d/rpc-port")  log $d/node.log"
done

if [ "$DETACH" = 1 ]; then
	echo "[local-testnet] detached; stop with: $0 --stop --dir $DIR"
	exit 0
fi
trap 'stop_nodes "$DIR"; echo "[local-testnet] stopped (data kept in $DIR)"; exit 0' INT TERM
echo "[local-testnet] running; Ctrl-C stops all validators"
while true; do sleep 3600; done
