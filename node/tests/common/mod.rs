//! Test harness for the end-to-end tests: starts the real `csop-node` binary on free local
//! ports and talks to it over JSON-RPC (plain HTTP/1.1 on the RPC port, no client library).

#![allow(dead_code)]

use std::{
	io::{Read, Write},
	net::{TcpListener, TcpStream},
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	thread::sleep,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use csop_runtime::{Hash, RuntimeCall, RuntimeEvent, SignedPayload, UncheckedExtrinsic};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiAddress, MultiSignature};

/// How long a node may take to start and produce/finalise blocks in a debug build.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);

/// A free TCP port on 127.0.0.1 (the OS picks it; released right away for the node to bind).
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.unwrap()
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
	pub base_path: PathBuf,
	log_path: PathBuf,
}

impl Node {
	/// Starts `csop-node --dev` with its database under `base_path`, on free ports.
	pub fn start_dev(base_path: &Path, tag: &str) -> Node {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let log_path = base_path.join(format!("node-{tag}.log"));
		let log = std::fs::File::create(&log_path).unwrap();
		let child = Command::new(env!("CARGO_BIN_EXE_csop-node"))
			.args(["--dev", "--no-telemetry", "--no-prometheus", "--no-mdns"])
			.arg("--base-path")
			.arg(base_path)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.stdout(Stdio::null())
			.stderr(Stdio::from(log))
			.spawn()
			.expect("the csop-node binary starts");
		let node = Node { child: Some(child), rpc_port, base_path: base_path.to_owned(), log_path };
		node.wait_rpc_up();
		node
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
		let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
		let response = http_post(self.rpc_port, &body.to_string()).map_err(|_| None)?;
		let v: Value = serde_json::from_str(&response).map_err(|_| None)?;
		if let Some(e) = v.get("error") {
			return Err(Some(RpcError {
				code: e["code"].as_i64().unwrap_or_default(),
				message: e["message"].as_str().unwrap_or_default().to_owned(),
				data: e.get("data").map(|d| d.to_string()).unwrap_or_default(),
			}));
		}
		Ok(v["result"].clone())
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

	pub fn best_number(&self) -> u32 {
		header_number(&self.rpc("chain_getHeader", json!([])))
	}

	pub fn finalized_number(&self) -> u32 {
		let hash = self.rpc("chain_getFinalizedHead", json!([]));
		header_number(&self.rpc("chain_getHeader", json!([hash])))
	}

	pub fn block_hash(&self, number: u32) -> Option<String> {
		self.rpc("chain_getBlockHash", json!([number])).as_str().map(str::to_owned)
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

/// A minimal HTTP/1.1 POST on 127.0.0.1; returns the response body.
fn http_post(port: u16, body: &str) -> std::io::Result<String> {
	let mut stream = TcpStream::connect(("127.0.0.1", port))?;
	stream.set_read_timeout(Some(Duration::from_secs(30)))?;
	write!(
		stream,
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
		 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
		body.len()
	)?;
	let mut raw = Vec::new();
	stream.read_to_end(&mut raw)?;
	let text = String::from_utf8_lossy(&raw);
	let (head, rest) = text
		.split_once("\r\n\r\n")
		.ok_or_else(|| std::io::Error::other("no HTTP header end"))?;
	if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
		Ok(dechunk(rest))
	} else {
		Ok(rest.to_owned())
	}
}

fn dechunk(mut rest: &str) -> String {
	let mut out = String::new();
	while let Some((size, tail)) = rest.split_once("\r\n") {
		let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
		if size == 0 || tail.len() < size {
			break;
		}
		out.push_str(&tail[..size]);
		rest = tail[size..].trim_start_matches("\r\n");
	}
	out
}

pub fn header_number(header: &Value) -> u32 {
	let hex = header["number"].as_str().expect("header has a number");
	u32::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap()
}

pub fn hash_from_hex(s: &str) -> Hash {
	let bytes = from_hex(s);
	Hash::from_slice(&bytes)
}

pub fn to_hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

pub fn from_hex(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
		.collect()
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
	let nonce = node.rpc("system_accountNextIndex", json!([address(signer)])).as_u64().unwrap();
	let version = node.rpc("state_getRuntimeVersion", json!([]));
	let spec_version = version["specVersion"].as_u64().unwrap() as u32;
	let tx_version = version["transactionVersion"].as_u64().unwrap() as u32;
	let genesis = node.genesis_hash();

	let extension = csop_runtime::tx_extension(nonce as u32, Era::Immortal);
	let implicit = csop_runtime::tx_implicit(spec_version, tx_version, genesis, genesis);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| sign_with.pair().sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(signer.to_account_id()),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// The events of block `hash`, decoded with the runtime's own types.
pub fn events_at(node: &Node, hash: &str) -> Vec<frame_system::EventRecord<RuntimeEvent, Hash>> {
	// `System::Events` (a private storage value): twox128("System") ++ twox128("Events").
	let key =
		[sp_crypto_hashing::twox_128(b"System"), sp_crypto_hashing::twox_128(b"Events")].concat();
	let raw = node.rpc("state_getStorage", json!([to_hex(&key), hash]));
	let bytes = from_hex(raw.as_str().expect("events are stored"));
	Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &bytes[..])
		.expect("events decode with the runtime's types")
}

/// Finds the block (number, hash, index) that included the extrinsic `xt_hex`, searching from
/// block `from` onwards until `timeout`.
pub fn wait_inclusion(
	node: &Node,
	xt_hex: &str,
	from: u32,
	timeout: Duration,
) -> (u32, String, usize) {
	let deadline = Instant::now() + timeout;
	let mut next = from;
	while Instant::now() < deadline {
		while next <= node.best_number() {
			let Some(hash) = node.block_hash(next) else { break };
			let block = node.rpc("chain_getBlock", json!([hash]));
			let xts = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
			if let Some(index) = xts.iter().position(|x| x.as_str() == Some(xt_hex)) {
				return (next, hash, index);
			}
			next += 1;
		}
		sleep(Duration::from_millis(500));
	}
	panic!("extrinsic not included by block #{next}\nnode log:\n{}", node.log_tail());
}

/// Submits `xt`, waits for its inclusion and returns the events it emitted.
pub fn submit_for_events(node: &Node, xt: &UncheckedExtrinsic) -> Vec<RuntimeEvent> {
	let xt_hex = to_hex(&xt.encode());
	let from = node.best_number();
	node.rpc("author_submitExtrinsic", json!([xt_hex]));
	let (_, hash, index) = wait_inclusion(node, &xt_hex, from, Duration::from_secs(60));
	events_at(node, &hash)
		.into_iter()
		.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
		.map(|r| r.event)
		.collect()
}

/// The `InvalidTransaction::Custom` code of a transaction the pool refused (error 1010).
pub fn custom_refusal(e: &RpcError) -> Option<u8> {
	if e.code != 1010 {
		return None;
	}
	let at = e.data.find("Custom error: ")? + "Custom error: ".len();
	e.data[at..].chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok()
}
