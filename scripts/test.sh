#!/usr/bin/env bash
# Sets up, checks, builds and runs every test: formatting, lints (clippy over every target with
# the benchmarking feature, which also proves the benchmarking node compiles), pallet and
# runtime unit tests, the pallets' benchmark suites, and the end-to-end tests that start the
# real csop-node binary on loopback and talk to it over JSON-RPC.
# Extra arguments go to `cargo test` (e.g. `./scripts/test.sh -p csop-runtime`).
#
# The phase times are printed at the end, also when a phase fails:
#   [test] setup 00:00:03, fmt 00:00:01, build 00:21:40, tests 00:07:12, ... total 00:31:02
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

PHASES=()
phase_started=$(date +%s)
run_started=$phase_started
hms() { printf '%02d:%02d:%02d' $(($1 / 3600)) $(($1 % 3600 / 60)) $(($1 % 60)); }
# `phase NAME`: the time since the previous mark is NAME's.
phase() {
	local now
	now=$(date +%s)
	PHASES+=("$1 $(hms $((now - phase_started)))")
	phase_started=$now
}
report_phases() {
	local status=$? line="[test]" p
	for p in "${PHASES[@]}"; do line+=" $p,"; done
	echo "$line total $(hms $(($(date +%s) - run_started)))"
	return $status
}
trap report_phases EXIT

"$ROOT/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
phase setup
# Tests picked with arguments: just those.
if [ $# -gt 0 ]; then
	trap - EXIT
	exec cargo test --locked --workspace "$@"
fi

# Everything.
cargo fmt --all --check
cargo fmt --manifest-path wallet-examples/rust/Cargo.toml --check
# The README's run command must reuse this build (a few seconds; no build).
./scripts/check-build-reuse.sh
phase fmt

# `running LOG PID`: waits until cargo (PID) runs a test binary, or has exited.
running() {
	until grep -q '^ *Running ' "$1" || ! kill -0 "$2" 2>/dev/null; do sleep 1; done
}
idle=(nice -n 19)
chrt --idle 0 true 2>/dev/null && idle=(chrt --idle 0)
network_test=network::validators_finalise_survive_a_failure_catch_up_and_admit_a_fifth_by_governance
network_log=$(mktemp)
tests_log=$(mktemp)
checks_log=$(mktemp)
wallet_log=$(mktemp)

# The Rust wallet example is a project of its own (the e2e test wallet_clients runs it, and
# would build it there, beside a running node): built beside the workspace, in its own target
# dir, before the tests run.
cargo build --locked --manifest-path wallet-examples/rust/Cargo.toml \
	--target-dir "$CARGO_TARGET_DIR/wallet-examples" >"$wallet_log" 2>&1 &
wallet_pid=$!
# The node and the end-to-end test binary first: the 4-validator network test (about 6.5
# minutes, nearly all of it waiting for session changes) starts as soon as they exist, and the
# other test binaries are built beside it at idle CPU priority (its nodes keep the cores they
# need to author their slots).
cargo test --locked --workspace --no-run --test e2e ${CSOP_TIMINGS:+--timings}
cargo test --locked --workspace --test e2e -- --exact "$network_test" >"$network_log" 2>&1 &
network_pid=$!
running "$network_log" "$network_pid"
"${idle[@]}" cargo test --locked --workspace --no-run
wallet_status=0
wait "$wallet_pid" || wallet_status=$?
cat "$wallet_log"
[ "$wallet_status" = 0 ] || exit "$wallet_status"
phase build

# Beside the network test, two more jobs, because the end-to-end tests spend most of their
# time waiting for blocks (3-second slots) while the cores sit idle:
# 1. every other test;
# 2. at idle CPU priority (it only gets the cycles the tests leave free, so it cannot make a
#    node miss its slot): scripts/lint-and-bench-check.sh, clippy over every target with the
#    benchmarking feature (one check-mode pass that is both the lint and the proof that the
#    benchmarking node, `csop-node --features runtime-benchmarks`, compiles), then every
#    pallet's benchmark suite in its mock runtime.
# All share the target dir. Cargo holds its build lock only while it builds, so 2 starts once
# the tests have finished their (empty) build and run; started first, its long check would
# hold the lock and keep them waiting.
# Each test binary runs 3 tests at a time (libtest's default is one per core): its end-to-end
# tests mostly wait for blocks.
cargo test --locked --no-fail-fast --workspace -- --skip "$network_test" --test-threads 3 \
	> >(tee "$tests_log") 2>&1 &
tests_pid=$!
running "$tests_log" "$tests_pid"
"${idle[@]}" ./scripts/lint-and-bench-check.sh >"$checks_log" 2>&1 &
checks_pid=$!
status=0
wait "$tests_pid" || status=$?
phase tests
network_status=0
wait "$network_pid" || network_status=$?
echo "[test] $network_test (run beside the others):"
cat "$network_log"
# A renamed network test would run 0 tests here (and with the others, after them).
if [ "$network_status" = 0 ] && ! grep -q "test result: ok. 1 passed" "$network_log"; then
	echo "[test] no test named $network_test ran: update scripts/test.sh" >&2
	network_status=1
fi
phase network-test
checks_status=0
wait "$checks_pid" || checks_status=$?
echo "[test] clippy and the benchmark suites (run beside the tests):"
cat "$checks_log"
phase lint-and-bench
rm -f "$network_log" "$tests_log" "$checks_log" "$wallet_log"
[ "$status" = 0 ] || exit "$status"
[ "$network_status" = 0 ] || exit "$network_status"
[ "$checks_status" = 0 ] || exit "$checks_status"
