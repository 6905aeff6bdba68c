//! A small blocking JSON-RPC client over plain HTTP/1.1 (no TLS: a node's RPC port is meant for
//! loopback or a private network; put a TLS proxy in front of a public one). Requests can be
//! batched: one HTTP request carries many calls, which is how the simulator submits reports at
//! a high rate.

use std::{
	io::{Read, Write},
	net::TcpStream,
	time::Duration,
};

use serde_json::{json, Value};

/// An error answered by the node, or a transport failure.
#[derive(Debug, Clone, PartialEq)]
pub enum RpcError {
	/// The node answered with a JSON-RPC error.
	Node { code: i64, message: String, data: String },
	/// The request did not get an answer (connection refused, timeout, malformed HTTP).
	Transport(String),
}

impl RpcError {
	/// The JSON-RPC error code, if the node answered.
	pub fn code(&self) -> Option<i64> {
		match self {
			RpcError::Node { code, .. } => Some(*code),
			RpcError::Transport(_) => None,
		}
	}
}

impl std::fmt::Display for RpcError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			RpcError::Node { code, message, data } => {
				write!(f, "RPC error {code}: {message} {data}")
			},
			RpcError::Transport(e) => write!(f, "RPC transport error: {e}"),
		}
	}
}

impl std::error::Error for RpcError {}

/// A JSON-RPC endpoint `host:port` (HTTP).
#[derive(Clone, Debug)]
pub struct Rpc {
	addr: String,
	timeout: Duration,
}

impl Rpc {
	/// An endpoint such as `127.0.0.1:9944` or `http://127.0.0.1:9944`.
	pub fn new(endpoint: &str) -> Self {
		let addr = endpoint.trim_start_matches("http://").trim_end_matches('/').to_owned();
		Rpc { addr, timeout: Duration::from_secs(30) }
	}

	/// The endpoint on 127.0.0.1.
	pub fn local(port: u16) -> Self {
		Self::new(&format!("127.0.0.1:{port}"))
	}

	/// One call.
	pub fn call(&self, method: &str, params: Value) -> Result<Value, RpcError> {
		let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
		let response = self.post(&body.to_string())?;
		let v: Value = serde_json::from_str(&response)
			.map_err(|e| RpcError::Transport(format!("bad JSON {e}: {response}")))?;
		answer(&v)
	}

	/// Many calls in one HTTP request (a JSON-RPC batch); answers in the order of `calls`.
	pub fn batch(&self, calls: &[(&str, Value)]) -> Result<Vec<Result<Value, RpcError>>, RpcError> {
		if calls.is_empty() {
			return Ok(Vec::new());
		}
		let body: Vec<Value> = calls
			.iter()
			.enumerate()
			.map(|(id, (method, params))| {
				json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
			})
			.collect();
		let response = self.post(&Value::Array(body).to_string())?;
		let v: Value = serde_json::from_str(&response)
			.map_err(|e| RpcError::Transport(format!("bad JSON {e}: {response}")))?;
		let items = v
			.as_array()
			.ok_or_else(|| RpcError::Transport(format!("not a batch answer: {response}")))?;
		let mut out = vec![Err(RpcError::Transport("no answer".into())); calls.len()];
		for item in items {
			if let Some(id) = item["id"].as_u64().filter(|id| (*id as usize) < calls.len()) {
				out[id as usize] = answer(item);
			}
		}
		Ok(out)
	}

	fn post(&self, body: &str) -> Result<String, RpcError> {
		let io = |e: std::io::Error| RpcError::Transport(e.to_string());
		let mut stream = TcpStream::connect(&self.addr).map_err(io)?;
		stream.set_read_timeout(Some(self.timeout)).map_err(io)?;
		write!(
			stream,
			"POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
			self.addr,
			body.len()
		)
		.map_err(io)?;
		let mut raw = Vec::new();
		stream.read_to_end(&mut raw).map_err(io)?;
		let text = String::from_utf8_lossy(&raw);
		let (head, rest) = text
			.split_once("\r\n\r\n")
			.ok_or_else(|| RpcError::Transport("no HTTP header end".into()))?;
		if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
			Ok(dechunk(rest))
		} else {
			Ok(rest.to_owned())
		}
	}
}

fn answer(v: &Value) -> Result<Value, RpcError> {
	if let Some(e) = v.get("error") {
		return Err(RpcError::Node {
			code: e["code"].as_i64().unwrap_or_default(),
			message: e["message"].as_str().unwrap_or_default().to_owned(),
			data: e.get("data").map(|d| d.to_string()).unwrap_or_default(),
		});
	}
	Ok(v["result"].clone())
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

/// `0x`-prefixed lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

/// Bytes from (optionally `0x`-prefixed) hex; `None` if it is not hex of even length.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
	let s = s.trim_start_matches("0x");
	if !s.len().is_multiple_of(2) {
		return None;
	}
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_round_trips_and_rejects_odd_or_non_hex() {
		assert_eq!(to_hex(&[0, 0xab, 0xff]), "0x00abff");
		assert_eq!(from_hex("0x00abff"), Some(vec![0, 0xab, 0xff]));
		assert_eq!(from_hex("0xabc"), None);
		assert_eq!(from_hex("0xzz"), None);
	}

	#[test]
	fn chunked_bodies_are_joined() {
		assert_eq!(dechunk("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), "hello world");
	}

	#[test]
	fn a_closed_port_is_a_transport_error() {
		let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
		// The listener is dropped: nothing listens there now.
		let e = Rpc::local(port).call("system_health", json!([])).unwrap_err();
		assert!(matches!(e, RpcError::Transport(_)), "{e:?}");
	}
}
