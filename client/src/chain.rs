//! Reading the chain over JSON-RPC: block numbers, hashes and bodies, storage values and
//! events, decoded with the runtime's own types. What the vehicle simulator and the
//! end-to-end tests both need to follow what happens to the transactions they submit.

use std::{
	thread::sleep,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use codec::Decode;
use csop_runtime::{Hash, RuntimeEvent};
use serde_json::{json, Value};

use crate::rpc::{from_hex, to_hex, Rpc, RpcError};

/// An event of a block with the phase it was emitted in.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// Milliseconds since the Unix epoch (the clock the chain's timestamps and reports follow).
pub fn now_ms() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0)
}

/// The number of a header as `chain_getHeader` returns it.
pub fn header_number(header: &Value) -> Option<u32> {
	header["number"]
		.as_str()
		.and_then(|h| u32::from_str_radix(h.trim_start_matches("0x"), 16).ok())
}

fn malformed(what: &str, value: &Value) -> RpcError {
	RpcError::Transport(format!("malformed {what}: {value}"))
}

/// The number of the best block.
pub fn best_number(rpc: &Rpc) -> Result<u32, RpcError> {
	let header = rpc.call("chain_getHeader", json!([]))?;
	header_number(&header).ok_or_else(|| malformed("header", &header))
}

/// The number of the last finalised block.
pub fn finalized_number(rpc: &Rpc) -> Result<u32, RpcError> {
	let head = rpc.call("chain_getFinalizedHead", json!([]))?;
	let header = rpc.call("chain_getHeader", json!([head]))?;
	header_number(&header).ok_or_else(|| malformed("header", &header))
}

/// The hash (0x-hex) of block `n` of the best chain, if it has one.
pub fn block_hash(rpc: &Rpc, n: u32) -> Result<Option<String>, RpcError> {
	Ok(rpc.call("chain_getBlockHash", json!([n]))?.as_str().map(str::to_owned))
}

/// The extrinsics (0x-hex) of the block `hash`.
pub fn block_extrinsics(rpc: &Rpc, hash: &str) -> Result<Vec<String>, RpcError> {
	let block = rpc.call("chain_getBlock", json!([hash]))?;
	Ok(block["block"]["extrinsics"]
		.as_array()
		.map(|xs| xs.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
		.unwrap_or_default())
}

/// The storage key of a plain storage value: twox128(pallet) ++ twox128(item).
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	[sp_crypto_hashing::twox_128(pallet.as_bytes()), sp_crypto_hashing::twox_128(item.as_bytes())]
		.concat()
}

/// The storage value under `key` at block `at` (the best block if `None`), decoded; `None` if
/// nothing is stored there or it does not decode as a `T`.
pub fn storage<T: Decode>(rpc: &Rpc, key: &[u8], at: Option<&str>) -> Result<Option<T>, RpcError> {
	let raw = rpc.call("state_getStorage", json!([to_hex(key), at]))?;
	Ok(raw
		.as_str()
		.and_then(from_hex)
		.and_then(|bytes| T::decode(&mut &bytes[..]).ok()))
}

/// The events of block `hash` (`System::Events`, a storage value).
pub fn events_at(rpc: &Rpc, hash: &str) -> Result<Vec<EventRecord>, RpcError> {
	let key = value_key("System", "Events");
	let raw = rpc.call("state_getStorage", json!([to_hex(&key), hash]))?;
	let bytes = raw.as_str().and_then(from_hex).ok_or_else(|| malformed("events", &raw))?;
	Vec::<EventRecord>::decode(&mut &bytes[..]).map_err(|e| {
		RpcError::Transport(format!("events do not decode with the runtime's types: {e}"))
	})
}

/// The events one extrinsic emitted: those of block `hash` in the phase of extrinsic `index`.
pub fn extrinsic_events(
	rpc: &Rpc,
	hash: &str,
	index: usize,
) -> Result<Vec<RuntimeEvent>, RpcError> {
	let phase = frame_system::Phase::ApplyExtrinsic(index as u32);
	Ok(events_at(rpc, hash)?
		.into_iter()
		.filter(|r| r.phase == phase)
		.map(|r| r.event)
		.collect())
}

/// Which head [`find_extrinsic`] searches up to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
	Best,
	Finalized,
}

/// Where an extrinsic was included: block number, block hash and index in the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inclusion {
	pub number: u32,
	pub hash: String,
	pub index: usize,
}

/// Searches the blocks from number `from` up to `head` for the extrinsic `xt_hex` (0x-hex),
/// polling every half second until `timeout`; `None` if it was not found by then.
pub fn find_extrinsic(
	rpc: &Rpc,
	xt_hex: &str,
	from: u32,
	head: Head,
	timeout: Duration,
) -> Result<Option<Inclusion>, RpcError> {
	let deadline = Instant::now() + timeout;
	let mut next = from;
	loop {
		let top = match head {
			Head::Best => best_number(rpc)?,
			Head::Finalized => finalized_number(rpc)?,
		};
		while next <= top {
			let Some(hash) = block_hash(rpc, next)? else { break };
			if let Some(index) = block_extrinsics(rpc, &hash)?.iter().position(|x| x == xt_hex) {
				return Ok(Some(Inclusion { number: next, hash, index }));
			}
			next += 1;
		}
		if Instant::now() >= deadline {
			return Ok(None);
		}
		sleep(Duration::from_millis(500));
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn header_numbers_are_read_from_hex() {
		assert_eq!(header_number(&json!({ "number": "0x1f" })), Some(31));
		assert_eq!(header_number(&json!({ "number": "0x0" })), Some(0));
		assert_eq!(header_number(&json!({ "number": 31 })), None);
		assert_eq!(header_number(&json!({})), None);
	}

	#[test]
	fn value_keys_are_the_two_twox128_hashes() {
		let key = value_key("System", "Events");
		assert_eq!(key.len(), 32);
		assert_eq!(&key[..16], &sp_crypto_hashing::twox_128(b"System"));
		assert_eq!(&key[16..], &sp_crypto_hashing::twox_128(b"Events"));
	}
}
