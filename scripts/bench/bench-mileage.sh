#!/usr/bin/env bash
# Mileage report throughput on a development node (issue #4). Prints, in one run:
#   R = sr25519 verifications per second on one core (measured here),
#   reports per second verified, included and finalised over a SECONDS_PER_PHASE window (after a
#   WARMUP of loading), alone and through gateway bundles, submit-to-finalised p50/p99, and
#   their ratios to R.
#
#   ./scripts/bench/bench-mileage.sh                  # 20,000 cars, 20 s warm-up + 60 s per phase
#   VEHICLES=5000 SECONDS_PER_PHASE=30 WARMUP=10 ./scripts/bench/bench-mileage.sh
#   PROFILE=release ./scripts/bench/bench-mileage.sh  # a release build, as operators run (~45 min once)
#   NODE_LOG=/tmp/node.log ./scripts/bench/bench-mileage.sh   # keep the node's log
#
# The node runs a chain spec made from the development preset with VEHICLES cars registered
# and consenting at genesis, and a minimum report interval of 1 s instead of 60 s so that a
# few thousand cars can load it. Loopback only; the node and its database are removed after.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

VEHICLES=${VEHICLES:-20000}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-60}
# Each phase loads the node WARMUP seconds before its measurement window opens, so that the
# window sees the sustained rate (the simulator also prints the cold-start rate).
WARMUP=${WARMUP:-20}
GATEWAY_BUNDLE=${GATEWAY_BUNDLE:-64}
# Reports submitted and not yet finalised at any time, single and in gateway bundles.
# Throughput can be no more than this over the submit-to-finalised time (~10 s): it must exceed
# what the chain takes in that time, or the simulator, not the chain, sets the figure; more
# only queues reports in the pool and adds to their latency. The simulator lets the pool drain
# between the two phases.
IN_FLIGHT=${IN_FLIGHT:-12000}
GATEWAY_IN_FLIGHT=${GATEWAY_IN_FLIGHT:-30000}

PROFILE=${PROFILE:-debug}
csop_cargo_build "$PROFILE" -p csop-node -p csop-client
CSOP_NODE_BIN="$CARGO_TARGET_DIR/$PROFILE/csop-node"
SIM="$CARGO_TARGET_DIR/$PROFILE/csop-vehicle-sim"

work=$(mktemp -d)
node_pid=""
cleanup() {
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
	# NODE_LOG=path keeps the node's log (block sizes, why each block ended, proposal times).
	[ -n "${NODE_LOG:-}" ] && [ -f "$work/node.log" ] && cp "$work/node.log" "$NODE_LOG"
	rm -rf "$work"
}
trap cleanup EXIT

"$CSOP_NODE_BIN" export-chain-spec --chain dev > "$work/dev.json"
"$SIM" chain-spec --input "$work/dev.json" --output "$work/bench.json" \
	--vehicles "$VEHICLES" --min-report-interval-ms 1000

"$CSOP_NODE_BIN" --chain "$work/bench.json" --alice --validator --force-authoring \
	--unsafe-force-node-key-generation \
	--base-path "$work/db" --rpc-port 0 --listen-addr /ip4/127.0.0.1/tcp/0 \
	--no-telemetry --no-prometheus --no-mdns --pool-limit "$IN_FLIGHT" --pool-kbytes 262144 \
	2> "$work/node.log" &
node_pid=$!
# The node binds a free port for JSON-RPC (--rpc-port 0) and logs it.
RPC_PORT=$("$ROOT/scripts/node-rpc-port.sh" "$work/node.log" 0 600)

echo "[bench-mileage] $PROFILE node on 127.0.0.1:$RPC_PORT with $VEHICLES vehicles; waiting for finality"
for _ in $(seq 1 120); do
	if curl -s -H 'Content-Type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"chain_getFinalizedHead","params":[]}' \
		"http://127.0.0.1:$RPC_PORT" | grep -q result; then
		break
	fi
	sleep 1
done
sleep 6

"$SIM" --rpc "127.0.0.1:$RPC_PORT" bench --vehicles "$VEHICLES" --seconds "$SECONDS_PER_PHASE" --warmup "$WARMUP" \
	--gateway-bundle "$GATEWAY_BUNDLE" --in-flight "$IN_FLIGHT" --gateway-in-flight "$GATEWAY_IN_FLIGHT"
echo "[bench-mileage] node log: last lines"
tail -n 5 "$work/node.log" | cut -c1-200
