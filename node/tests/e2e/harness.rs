//! Test harness for the end-to-end tests: starts the real `csop-node` binary on free local
//! ports and talks to it over JSON-RPC (plain HTTP/1.1 on the RPC port, through `csop-client`).

use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	thread::sleep,
	time::{Duration, Instant},
};

use codec::Encode;
pub use csop_client::chain::now_ms;
use csop_client::{
	chain,
	tx::{self, ChainInfo},
	Rpc,
};
use csop_runtime::{Hash, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_keyring::Sr25519Keyring::{self, Alice};
use sp_runtime::{AccountId32, DispatchError};

/// How long a node may take to start and produce/finalise blocks in a debug build.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);

/// The port of the JSON-RPC server a node logged in `log` (`Running JSON-RPC server:
/// addr=127.0.0.1:PORT,...`; the first address is the IPv4 one).
///
/// A node does not fail when its `--rpc-port` is taken: it binds a random free port instead.
/// So the harness starts nodes with `--rpc-port 0` and reads the port the node reports,
/// rather than picking a free port first and racing every other process on the machine for it
/// (a CI run lost that race: the node ran, on another port, while the test waited).
pub fn logged_rpc_port(log: &str) -> Option<u16> {
	const LINE: &str = "Running JSON-RPC server: addr=";
	let rest = &log[log.find(LINE)? + LINE.len()..];
	let first = rest.split([',', ' ', '\n']).next()?;
	first.parse::<std::net::SocketAddr>().ok().map(|a| a.port())
}

/// A scratch directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
	pub fn new(tag: &str) -> Self {
		let nanos = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.unwrap()
			.as_nanos();
		let path =
			std::env::temp_dir().join(format!("csop-e2e-{tag}-{}-{nanos}", std::process::id()));
		std::fs::create_dir_all(&path).unwrap();
		Self(path)
	}

	pub fn path(&self) -> &Path {
		&self.0
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

/// An error returned by the node's JSON-RPC server.
#[derive(Debug, Clone)]
pub struct RpcError {
	pub code: i64,
	pub message: String,
	pub data: String,
}

/// A running `csop-node --dev`. Killed when dropped.
pub struct Node {
	child: Option<Child>,
	pub rpc_port: u16,
	log_path: PathBuf,
}

impl Node {
	/// Starts `csop-node --dev` with its database under `base_path`, on free ports.
	pub fn start_dev(base_path: &Path, tag: &str) -> Node {
		Self::start_dev_with(base_path, tag, &[])
	}

	/// Starts `csop-node --dev` as [`Node::start_dev`] does, with `extra` arguments.
	pub fn start_dev_with(base_path: &Path, tag: &str, extra: &[&str]) -> Node {
		Self::start(base_path, tag, &[&["--dev"], extra].concat())
	}

	/// Starts `csop-node` with `args` (which name the chain), its database under
	/// `base_path`, on free ports unless `args` asks for an RPC port.
	pub fn start(base_path: &Path, tag: &str, extra: &[&str]) -> Node {
		let log_path = base_path.join(format!("node-{tag}.log"));
		let log = std::fs::File::create(&log_path).unwrap();
		// Both ports are chosen by the OS when the node binds them (see `logged_rpc_port`),
		// unless `extra` asks for an RPC port.
		let rpc_port: &[&str] =
			if extra.contains(&"--rpc-port") { &[] } else { &["--rpc-port", "0"] };
		let child = Command::new(env!("CARGO_BIN_EXE_csop-node"))
			.args(["--no-telemetry", "--no-prometheus", "--no-mdns"])
			.arg("--base-path")
			.arg(base_path)
			.args(rpc_port)
			.args(["--listen-addr", "/ip4/127.0.0.1/tcp/0"])
			.args(extra)
			.stdout(Stdio::null())
			.stderr(Stdio::from(log))
			.spawn()
			.expect("the csop-node binary starts");
		let mut node = Node { child: Some(child), rpc_port: 0, log_path };
		node.rpc_port = node.wait_rpc_port();
		node.wait_rpc_up();
		node
	}

	/// Waits for the node to log its JSON-RPC port; panics with the log if it never does (or
	/// the node exits first).
	fn wait_rpc_port(&mut self) -> u16 {
		let deadline = Instant::now() + STARTUP_TIMEOUT;
		while Instant::now() < deadline {
			let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
			if let Some(port) = logged_rpc_port(&log) {
				return port;
			}
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
				panic!("csop-node exited ({status}) before serving JSON-RPC:\n{}", self.log_tail());
			}
			sleep(Duration::from_millis(100));
		}
		panic!("csop-node logged no JSON-RPC address in {STARTUP_TIMEOUT:?}:\n{}", self.log_tail());
	}

	/// The node process's resident memory in KiB (`VmRSS`), if it runs.
	pub fn rss_kib(&self) -> Option<u64> {
		let pid = self.child.as_ref()?.id();
		let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
		let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
		line.split_whitespace().nth(1)?.parse().ok()
	}

	/// The last lines the node logged, for failure messages.
	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	fn wait_rpc_up(&self) {
		let deadline = Instant::now() + STARTUP_TIMEOUT;
		while Instant::now() < deadline {
			if self.try_rpc("system_health", json!([])).is_ok() {
				return;
			}
			sleep(Duration::from_millis(250));
		}
		panic!("node RPC did not come up on port {}:\n{}", self.rpc_port, self.log_tail());
	}

	/// One JSON-RPC call; transport failures are reported as `Err(None)`.
	pub fn try_rpc(&self, method: &str, params: Value) -> Result<Value, Option<RpcError>> {
		self.client().call(method, params).map_err(|e| match e {
			csop_client::RpcError::Node { code, message, data } => {
				Some(RpcError { code, message, data })
			},
			csop_client::RpcError::Transport(_) => None,
		})
	}

	/// One JSON-RPC call that must succeed.
	pub fn rpc(&self, method: &str, params: Value) -> Value {
		self.try_rpc(method, params).unwrap_or_else(|e| {
			panic!("RPC {method} failed: {e:?}\nnode log:\n{}", self.log_tail())
		})
	}

	/// One JSON-RPC call that must fail with a JSON-RPC error.
	pub fn rpc_error(&self, method: &str, params: Value) -> RpcError {
		match self.try_rpc(method, params) {
			Ok(v) => panic!("RPC {method} unexpectedly succeeded: {v}"),
			Err(None) => panic!("RPC {method}: no JSON-RPC answer (transport failure)"),
			Err(Some(e)) => e,
		}
	}

	/// A JSON-RPC client of this node.
	pub fn client(&self) -> Rpc {
		Rpc::local(self.rpc_port)
	}

	/// The node's first p2p listen address with its peer id, for another node's `--bootnodes`.
	pub fn listen_address(&self) -> String {
		let addresses = self.rpc("system_localListenAddresses", json!([]));
		addresses[0]
			.as_str()
			.unwrap_or_else(|| panic!("no listen address: {addresses}"))
			.into()
	}

	pub fn best_number(&self) -> u32 {
		chain::best_number(&self.client()).unwrap_or_else(|e| self.failed("best block", e))
	}

	pub fn finalized_number(&self) -> u32 {
		chain::finalized_number(&self.client())
			.unwrap_or_else(|e| self.failed("finalised block", e))
	}

	pub fn block_hash(&self, number: u32) -> Option<String> {
		chain::block_hash(&self.client(), number).unwrap_or_else(|e| self.failed("block hash", e))
	}

	/// Fails the test: reading `what` from the node failed.
	fn failed(&self, what: &str, e: csop_client::RpcError) -> ! {
		panic!("reading the {what} failed: {e}\nnode log:\n{}", self.log_tail())
	}

	pub fn genesis_hash(&self) -> Hash {
		hash_from_hex(self.block_hash(0).unwrap().as_str())
	}

	/// Waits until `cond(self)` holds, or panics with the node log after `timeout`.
	pub fn wait_until(&self, what: &str, timeout: Duration, cond: impl Fn(&Node) -> bool) {
		let deadline = Instant::now() + timeout;
		while Instant::now() < deadline {
			if cond(self) {
				return;
			}
			sleep(Duration::from_millis(500));
		}
		panic!("timed out waiting for {what}\nnode log:\n{}", self.log_tail());
	}

	pub fn wait_finalized(&self, number: u32) {
		self.wait_until(&format!("finalised block #{number}"), STARTUP_TIMEOUT, |n| {
			n.finalized_number() >= number
		});
	}

	fn pid(&self) -> u32 {
		self.child.as_ref().expect("node is running").id()
	}

	/// Stops the node like an operator does (SIGINT), waiting for it to exit.
	pub fn stop_gracefully(&mut self) {
		let status = Command::new("kill").args(["-INT", &self.pid().to_string()]).status().unwrap();
		assert!(status.success());
		let mut child = self.child.take().unwrap();
		let deadline = Instant::now() + Duration::from_secs(60);
		loop {
			if let Some(status) = child.try_wait().unwrap() {
				assert!(status.success(), "node exited with {status} on SIGINT");
				return;
			}
			if Instant::now() > deadline {
				let _ = child.kill();
				panic!("node did not exit within 60 s of SIGINT\n{}", self.log_tail());
			}
			sleep(Duration::from_millis(100));
		}
	}

	/// Kills the node (SIGKILL), as a crash or power loss would.
	pub fn kill(&mut self) {
		let mut child = self.child.take().unwrap();
		child.kill().unwrap();
		child.wait().unwrap();
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

pub fn header_number(header: &Value) -> u32 {
	chain::header_number(header).unwrap_or_else(|| panic!("not a header: {header}"))
}

pub fn hash_from_hex(s: &str) -> Hash {
	let bytes = from_hex(s);
	Hash::from_slice(&bytes)
}

pub use csop_client::rpc::to_hex;

/// Bytes from `0x`-prefixed hex the node sent (panics on anything else: a test failure).
pub fn from_hex(s: &str) -> Vec<u8> {
	csop_client::rpc::from_hex(s).unwrap_or_else(|| panic!("not hex: {s}"))
}

/// The SS58 address of a development key.
pub fn address(who: Sr25519Keyring) -> String {
	who.to_account_id().to_ss58check()
}

/// Builds a signed extrinsic: `call` from `signer`, signed by `sign_with` (a different key
/// than the signer makes a bad signature), immortal, with the node's current runtime version.
pub fn signed_extrinsic(
	node: &Node,
	call: RuntimeCall,
	signer: Sr25519Keyring,
	sign_with: Sr25519Keyring,
) -> UncheckedExtrinsic {
	let chain = Chain::new(node);
	let nonce = tx::next_nonce(&chain.rpc, &signer.pair()).expect("nonce");
	tx::signed(&chain.info, call, &signer.pair(), &sign_with.pair(), nonce)
}

/// `call` dispatched as root through sudo (the development chain's sudo key is Alice).
pub fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// The account of a key pair.
pub fn account(who: &sr25519::Pair) -> AccountId32 {
	AccountId32::from(who.public())
}

/// The SS58 address of a key pair.
pub fn ss58(who: &sr25519::Pair) -> String {
	account(who).to_ss58check()
}

/// Whether `e` is the pallet error `expected` (compared by pallet index and error bytes; a
/// decoded error carries no message).
pub fn is_error(e: Option<DispatchError>, expected: impl Into<DispatchError>) -> bool {
	match (e, expected.into()) {
		(Some(DispatchError::Module(a)), DispatchError::Module(b)) => {
			a.index == b.index && a.error == b.error
		},
		_ => false,
	}
}

/// Transactions to a running node: signed with the chain's current runtime version and the
/// signer's next nonce, submitted, and their events read back once included. The areas add
/// their own calls in `impl Chain<'_>` blocks of their modules.
pub struct Chain<'a> {
	pub node: &'a Node,
	pub rpc: Rpc,
	pub info: ChainInfo,
}

impl<'a> Chain<'a> {
	pub fn new(node: &'a Node) -> Self {
		let rpc = node.client();
		let info = ChainInfo::fetch(&rpc).expect("chain info");
		Self { node, rpc, info }
	}

	/// `call` signed by `who` with its next nonce.
	pub fn signed(&self, call: RuntimeCall, who: &sr25519::Pair) -> UncheckedExtrinsic {
		let nonce = tx::next_nonce(&self.rpc, who).expect("nonce");
		tx::signed(&self.info, call, who, who, nonce)
	}

	/// `calls` signed by `who` with consecutive nonces, to be submitted together.
	pub fn signed_all(
		&self,
		who: &sr25519::Pair,
		calls: Vec<RuntimeCall>,
	) -> Vec<UncheckedExtrinsic> {
		let first = tx::next_nonce(&self.rpc, who).expect("nonce");
		(first..)
			.zip(calls)
			.map(|(nonce, call)| tx::signed(&self.info, call, who, who, nonce))
			.collect()
	}

	/// Submits `call` signed by `who`; the dispatch error, if it failed, and its events.
	pub fn submit(
		&self,
		call: RuntimeCall,
		who: &sr25519::Pair,
	) -> (Option<DispatchError>, Vec<RuntimeEvent>) {
		let events = submit_for_events(self.node, &self.signed(call, who));
		(dispatch_error(&events), events)
	}

	/// Runs `call` as root through sudo (signed by Alice); the result of the dispatched call
	/// and the events.
	pub fn as_sudo(&self, call: RuntimeCall) -> (Result<(), DispatchError>, Vec<RuntimeEvent>) {
		let events = submit_for_events(self.node, &self.signed(sudo(call), &Alice.pair()));
		let result = events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => Some(*sudo_result),
				_ => None,
			})
			.unwrap_or_else(|| panic!("no Sudid event: {events:?}"));
		(result, events)
	}

	/// Runs `call` as root and fails the test unless it succeeded; the events.
	pub fn sudo_ok(&self, call: RuntimeCall) -> Vec<RuntimeEvent> {
		let (result, events) = self.as_sudo(call);
		assert_eq!(result, Ok(()), "sudo call failed: {events:?}");
		events
	}
}

/// The error of an `ExtrinsicFailed` among `events`, if there is one.
pub fn dispatch_error(events: &[RuntimeEvent]) -> Option<DispatchError> {
	events.iter().find_map(|e| match e {
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
			Some(*dispatch_error)
		},
		_ => None,
	})
}

/// The events of block `hash`, decoded with the runtime's own types.
pub fn events_at(node: &Node, hash: &str) -> Vec<chain::EventRecord> {
	chain::events_at(&node.client(), hash).unwrap_or_else(|e| node.failed("events", e))
}

/// Finds the block (number, hash, index) that included the extrinsic `xt_hex`, searching from
/// block `from` onwards until `timeout`.
pub fn wait_inclusion(
	node: &Node,
	xt_hex: &str,
	from: u32,
	timeout: Duration,
) -> (u32, String, usize) {
	match chain::find_extrinsic(&node.client(), xt_hex, from, chain::Head::Best, timeout) {
		Ok(Some(found)) => (found.number, found.hash, found.index),
		Ok(None) => panic!("extrinsic not included in time\nnode log:\n{}", node.log_tail()),
		Err(e) => node.failed("blocks", e),
	}
}

/// Submits `xt`, waits for its inclusion and returns the events it emitted.
pub fn submit_for_events(node: &Node, xt: &UncheckedExtrinsic) -> Vec<RuntimeEvent> {
	let xt_hex = to_hex(&xt.encode());
	let from = node.best_number();
	node.rpc("author_submitExtrinsic", json!([xt_hex]));
	let (_, hash, index) = wait_inclusion(node, &xt_hex, from, Duration::from_secs(60));
	chain::extrinsic_events(&node.client(), &hash, index)
		.unwrap_or_else(|e| node.failed("events", e))
}

/// The `InvalidTransaction::Custom` code of a transaction the pool refused (error 1010).
pub fn custom_refusal(e: &RpcError) -> Option<u8> {
	if e.code != 1010 {
		return None;
	}
	let at = e.data.find("Custom error: ")? + "Custom error: ".len();
	e.data[at..]
		.chars()
		.take_while(|c| c.is_ascii_digit())
		.collect::<String>()
		.parse()
		.ok()
}
