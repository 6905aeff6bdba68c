//! RPC safety on the running node: what an operator exposes when the RPC port is public.
//!
//! - Unsafe methods (`author_rotateKeys`, `author_insertKey`, ...) are served on loopback only:
//!   with `--rpc-external` and the default `--rpc-methods auto` they are refused, while the safe
//!   methods and the `csop_*` reads keep working.
//! - `--rpc-rate-limit N` limits each WebSocket connection to N calls a minute (with a burst of N):
//!   calls over the limit wait for the next free slot, and are refused with -32999 `RPC rate limit
//!   exceeded` after 10 tries. Another connection has its own budget.
//! - A taken `--rpc-port` does not stop the node: it serves on a free port and logs that port,
//!   which scripts (and the test harness) read instead of assuming the port they asked for.

use std::time::{Duration, Instant};

use crate::harness::*;
use csop_client::ws::WsRpc;
use serde_json::{json, Value};

/// A WebSocket connection to the node (answers may take long while the limiter holds them).
fn connect(port: u16) -> WsRpc {
	WsRpc::connect(port, Duration::from_secs(120)).expect("the node accepts WebSocket connections")
}

/// An RPC method and a function making its parameters.
type Method = (&'static str, fn() -> Value);

const UNSAFE: &[Method] = &[
	("author_rotateKeys", || json!([])),
	("author_insertKey", || json!(["babe", "//Eve", "0x00"])),
	("author_hasSessionKeys", || json!(["0x00"])),
	("system_addReservedPeer", || {
		json!(["/ip4/127.0.0.1/tcp/1/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"])
	}),
	("babe_epochAuthorship", || json!([])),
];

#[test]
fn unsafe_methods_are_served_on_loopback_only() {
	let dir = TempDir::new("rpc-loopback");
	let node = Node::start_dev(dir.path(), "loopback");
	// On loopback (the default interface) the operator may call them.
	let keys = node.rpc("author_rotateKeys", json!([]));
	assert!(keys.as_str().is_some_and(|k| k.starts_with("0x")), "{keys}");

	let dir = TempDir::new("rpc-external");
	let public = Node::start_dev_with(dir.path(), "external", &["--rpc-external"]);
	for (method, params) in UNSAFE {
		let e = public.rpc_error(method, params());
		assert!(
			e.message.contains("RPC call is unsafe to be called externally"),
			"{method} on a public interface: {e:?}"
		);
	}
	// Safe methods and the chain's reads are served.
	assert_eq!(public.rpc("system_chain", json!([])), "CSOP Development");
	assert!(public.rpc("csop_supply", json!([]))["maxSupply"].is_string());
	assert!(public.rpc("csop_account", json!([address(sp_keyring::Sr25519Keyring::Alice)]))
		["class"]
		.is_string());
}

#[test]
fn rate_limit_applies_per_websocket_connection() {
	// 600 calls a minute: a burst of 600, then one every 100 ms.
	const LIMIT: u64 = 600;
	let dir = TempDir::new("rpc-rate");
	let node = Node::start_dev_with(dir.path(), "rate", &["--rpc-rate-limit", "600"]);

	// The first LIMIT calls on a connection are answered; sent all at once, the calls beyond
	// the burst wait for free slots and most are refused after 10 tries.
	let mut ws = connect(node.rpc_port);
	let total = LIMIT + 200;
	let start = Instant::now();
	for id in 0..total {
		ws.send(id, "csop_supply", &json!([])).unwrap();
	}
	let (mut answered, mut limited) = (0, 0);
	for _ in 0..total {
		let answer = ws.receive().unwrap();
		if answer["result"]["maxSupply"].is_string() {
			answered += 1;
		} else {
			assert_eq!(answer["error"]["code"], -32999, "{answer}");
			assert_eq!(answer["error"]["message"], "RPC rate limit exceeded", "{answer}");
			limited += 1;
		}
	}
	let elapsed = start.elapsed();
	println!(
		"{total} calls on one connection: {answered} answered, {limited} refused in {elapsed:?}"
	);
	assert!(answered >= LIMIT, "the burst is answered: {answered}");
	assert!(limited > 0, "calls beyond the burst are refused: {answered} answered");
	// What was answered beyond the burst came at no more than one per 100 ms (plus jitter).
	let beyond = answered - LIMIT;
	assert!(
		beyond as u128 <= elapsed.as_millis() / 100 + 2,
		"{beyond} extra answers in {elapsed:?}"
	);

	// The limit is per connection: a new connection is answered at once.
	let mut other = connect(node.rpc_port);
	let t = Instant::now();
	let answer = other.call(0, "csop_supply", &json!([])).unwrap();
	assert!(answer["result"]["maxSupply"].is_string(), "{answer}");
	assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

/// The load tool (`csop-rpc-load`) against a dev node: a short, low-rate run whose every call
/// is answered. The figures are printed; docs/operators.md has a full run's figures.
#[test]
fn load_test_of_wallet_reads_answers_every_call() {
	use csop_client::load::{run, wallet_reads, LoadConfig};
	let dir = TempDir::new("rpc-load");
	let node = Node::start_dev(dir.path(), "load");
	node.wait_finalized(1);
	let config = LoadConfig {
		port: node.rpc_port,
		rate: 100,
		duration: Duration::from_secs(3),
		connections: 4,
		calls: wallet_reads(&address(sp_keyring::Sr25519Keyring::Dave)),
	};
	let report = run(&config).expect("the load runs");
	println!("{}", report.render());
	assert_eq!(report.answered, 300);
	assert_eq!(report.all.errors, 0, "{}", report.render());
	for m in &report.per_method {
		assert!(!m.latencies_us.is_empty() && m.percentile(99) > 0, "{}", report.render());
	}
}

#[test]
fn a_taken_rpc_port_is_replaced_by_a_free_one_the_node_logs() {
	let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
	let port = taken.local_addr().unwrap().port().to_string();
	let dir = TempDir::new("rpc-taken");
	// `start_dev_with` reads the port from the log and waits until it answers `system_health`.
	let node = Node::start_dev_with(dir.path(), "taken", &["--rpc-port", &port]);
	assert_ne!(node.rpc_port.to_string(), port, "the node cannot serve on a port held here");
	assert_eq!(node.rpc("system_chain", json!([])), "CSOP Development");
	drop(taken);
}

#[test]
fn the_logged_rpc_address_is_parsed_for_its_port() {
	let line = |addrs: &str| format!("2026-11-29 12:00:00 Running JSON-RPC server: addr={addrs}\n");
	// One address ends with a comma; IPv4 first, then IPv6 (which may keep the asked port).
	assert_eq!(logged_rpc_port(&line("127.0.0.1:41234,")), Some(41234));
	assert_eq!(logged_rpc_port(&line("127.0.0.1:41234,[::1]:9944")), Some(41234));
	assert_eq!(logged_rpc_port(&line("0.0.0.0:9944,[::]:9944")), Some(9944));
	assert_eq!(logged_rpc_port("2026-11-29 12:00:00 Starting up\n"), None);
	// The first run's line wins in a log that holds one (the harness creates a fresh log).
	assert_eq!(logged_rpc_port(&(line("127.0.0.1:1000,") + &line("127.0.0.1:2000,"))), Some(1000));
}
