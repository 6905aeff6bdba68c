#!/usr/bin/env bash
# Sets up, builds and starts a single-validator development chain (Alice) that produces a
# block every 3 seconds and finalises it with GRANDPA. JSON-RPC (HTTP and WebSocket) on
# 127.0.0.1:9944 (RPC_PORT=N for another port). The chain lives in a temporary directory and
# is gone when the node stops; pass `--base-path DIR` to keep it. Extra arguments go to
# csop-node.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RPC_PORT=${RPC_PORT:-9944}
# A node whose RPC port is taken serves on a random one instead, where nobody would look:
# checked before the (possibly long) build.
if (exec 3<>"/dev/tcp/127.0.0.1/$RPC_PORT") 2>/dev/null; then
	echo "[dev-node] port $RPC_PORT is in use (another node?): stop it, or choose another" \
		"port: RPC_PORT=9955 $0" >&2
	exit 1
fi
"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
echo "[dev-node] building csop-node (first build: ~20 minutes on 2 cores; after scripts/test.sh: seconds)"
cargo build --locked -p csop-node
echo "[dev-node] starting: JSON-RPC on ws://127.0.0.1:$RPC_PORT and http://127.0.0.1:$RPC_PORT"
exec "$CSOP_NODE_BIN" --dev --rpc-port "$RPC_PORT" "$@"
