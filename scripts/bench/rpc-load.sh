#!/usr/bin/env bash
# Load test of the csop_* reads a wallet makes, on a development node started here on loopback.
# Prints the achieved rate and p50/p99/max latency per method at each stated request rate.
#
#   ./scripts/bench/rpc-load.sh                   # 100, 500 and 1,000 requests/s, 20 s each
#   RATES="200 2000" DURATION=30 CONNECTIONS=16 ./scripts/bench/rpc-load.sh
#
# csop-rpc-load connects to 127.0.0.1 only and caps the rate (5,000/s), the duration (600 s)
# and the connections (64). The node and its database are removed afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

RATES=${RATES:-"100 500 1000"}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-8}

cargo build --locked -p csop-node -p csop-client
LOAD="$CARGO_TARGET_DIR/debug/csop-rpc-load"

work=$(mktemp -d)
node_pid=""
cleanup() {
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

"$CSOP_NODE_BIN" --dev --base-path "$work/db" --rpc-port 0 --no-prometheus \
	--no-telemetry --listen-addr /ip4/127.0.0.1/tcp/0 2> "$work/node.log" &
node_pid=$!
# The node binds a free port for JSON-RPC (--rpc-port 0) and logs it.
RPC_PORT=$("$ROOT/scripts/node-rpc-port.sh" "$work/node.log")
for _ in $(seq 1 120); do
	curl -sf -H 'Content-Type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}' \
		"http://127.0.0.1:$RPC_PORT" > /dev/null && break
	sleep 1
done
echo "[rpc-load] node up on 127.0.0.1:$RPC_PORT ($(nproc) cores; $(git rev-parse --short HEAD))"
for rate in $RATES; do
	"$LOAD" --port "$RPC_PORT" --rate "$rate" --duration "$DURATION" --connections "$CONNECTIONS"
	echo
done
