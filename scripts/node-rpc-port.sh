#!/usr/bin/env bash
# Prints the port a csop-node's JSON-RPC server is listening on, read from the node's log.
#
#   scripts/node-rpc-port.sh LOG [FROM_BYTE] [SECONDS]
#
# csop-node (like every Substrate node) does not fail when its `--rpc-port` is taken: it binds
# a random free port instead and logs `Running JSON-RPC server: addr=127.0.0.1:PORT,...`. So
# a script that starts a node must read the port from that line, not assume the one it asked
# for (or start the node with `--rpc-port 0` and always read it). Waits up to SECONDS (default
# 120) for the line, reading LOG from byte FROM_BYTE (default 0: a log appended across
# restarts holds the older runs' lines before it). Exits 1 if the line never appears.
set -euo pipefail
log=$1
from=${2:-0}
seconds=${3:-120}
for _ in $(seq 1 $((seconds * 4))); do
	if [ -f "$log" ]; then
		# The first address is the IPv4 one (127.0.0.1, or 0.0.0.0 with --rpc-external).
		port=$(tail -c +$((from + 1)) "$log" |
			grep -aoE 'Running JSON-RPC server: addr=[0-9.]+:[0-9]+' | head -n 1 |
			sed -E 's/.*:([0-9]+)$/\1/' || true)
		if [ -n "$port" ]; then
			echo "$port"
			exit 0
		fi
	fi
	sleep 0.25
done
echo "[node-rpc-port] no 'Running JSON-RPC server' line in $log after ${seconds}s" >&2
exit 1
