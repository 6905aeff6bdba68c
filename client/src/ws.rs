//! A small blocking JSON-RPC client over one WebSocket connection to a node on 127.0.0.1 (the
//! transport wallets use; the node's per-connection RPC rate limit applies to it). Requests can
//! be pipelined: [`WsRpc::send`] several, then [`WsRpc::receive`] their answers.

use std::{net::TcpStream, time::Duration};

use serde_json::{json, Value};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

/// One WebSocket connection to `ws://127.0.0.1:<port>`.
pub struct WsRpc(WebSocket<MaybeTlsStream<TcpStream>>);

impl WsRpc {
	/// Connects; a read waits at most `read_timeout` for an answer.
	pub fn connect(port: u16, read_timeout: Duration) -> Result<Self, String> {
		let (socket, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}"))
			.map_err(|e| format!("cannot open a WebSocket to 127.0.0.1:{port}: {e}"))?;
		if let MaybeTlsStream::Plain(tcp) = socket.get_ref() {
			tcp.set_read_timeout(Some(read_timeout)).map_err(|e| e.to_string())?;
			tcp.set_nodelay(true).map_err(|e| e.to_string())?;
		}
		Ok(WsRpc(socket))
	}

	/// Sends a request without waiting for its answer.
	pub fn send(&mut self, id: u64, method: &str, params: &Value) -> Result<(), String> {
		let request = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
		self.0
			.send(Message::text(request.to_string()))
			.map_err(|e| format!("{method}: {e}"))
	}

	/// The next answer on the connection: the whole JSON-RPC response (`result` or `error`).
	pub fn receive(&mut self) -> Result<Value, String> {
		loop {
			match self.0.read().map_err(|e| e.to_string())? {
				Message::Text(text) => {
					return serde_json::from_str(text.as_str()).map_err(|e| e.to_string())
				},
				Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
				Message::Binary(_) | Message::Close(_) => {
					return Err("the node closed the connection".into())
				},
			}
		}
	}

	/// One call: sends it and returns its answer.
	pub fn call(&mut self, id: u64, method: &str, params: &Value) -> Result<Value, String> {
		self.send(id, method, params)?;
		self.receive().map_err(|e| format!("{method}: {e}"))
	}
}
