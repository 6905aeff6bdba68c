//! What every `csop_*` RPC module shares: input parsing with clear `invalid params` errors
//! (-32602), and the error of a failed runtime API call.

use csop_runtime::{opaque::Block, AccountId, Hash};
use jsonrpsee::types::{error::INVALID_PARAMS_CODE, ErrorObjectOwned};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

/// Error code of a failed runtime API call.
pub const RUNTIME_ERROR: i32 = 9000;

/// An `invalid params` error that says what was wrong and what was expected.
pub fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INVALID_PARAMS_CODE, message, None::<()>)
}

/// Parses `0x` followed by exactly `2 * N` hex digits.
pub fn parse_hex<const N: usize>(input: &str) -> Option<[u8; N]> {
	let hex = input.strip_prefix("0x")?;
	if hex.len() != 2 * N || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
		return None;
	}
	let mut bytes = [0u8; N];
	for (i, byte) in bytes.iter_mut().enumerate() {
		*byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
	}
	Some(bytes)
}

/// Parses an SS58 address or a 0x-prefixed 32-byte hex account id.
pub fn parse_account(input: &str) -> Result<AccountId, ErrorObjectOwned> {
	let invalid = || {
		invalid_params(format!(
			"invalid account {input:?}: expected an SS58 address or a 0x-prefixed 32-byte hex \
			 public key"
		))
	};
	if input.starts_with("0x") {
		return parse_hex::<32>(input).map(AccountId::from).ok_or_else(invalid);
	}
	AccountId::from_ss58check(input).map_err(|_| invalid())
}

/// The block a read is made at: `at` if the node has that block, the best block if `at` is
/// `None`. A hash the node does not know is an `invalid params` error that names it.
pub fn block_at<C: HeaderBackend<Block>>(
	client: &C,
	at: Option<Hash>,
) -> Result<Hash, ErrorObjectOwned> {
	let Some(at) = at else { return Ok(client.info().best_hash) };
	match client.header(at) {
		Ok(Some(_)) => Ok(at),
		Ok(None) => Err(invalid_params(format!(
			"unknown block {at:?}: this node has no block with that hash"
		))),
		Err(e) => Err(runtime_error(e)),
	}
}

/// The error of a failed runtime API call (code [`RUNTIME_ERROR`]).
pub fn runtime_error(e: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(RUNTIME_ERROR, format!("runtime API call failed: {e:?}"), None::<()>)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accounts_parse_from_ss58_and_hex_and_bad_input_is_refused() {
		let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
		assert_eq!(parse_account(&alice.to_ss58check()).unwrap(), alice);
		let bytes: &[u8; 32] = alice.as_ref();
		let hex = format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
		assert_eq!(parse_account(&hex).unwrap(), alice);
		for bad in ["", "0x", "0x1234", "not an address", &hex[..60], &format!("{hex}00")] {
			let e = parse_account(bad).unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE, "{bad}");
			assert!(e.message().contains("expected an SS58 address"), "{bad}");
		}
	}
}
