//! Extrinsics for CSOP Chain, built with the runtime's own types: signed transactions (users,
//! the registrar, sudo on development chains) and general transactions without a signer, which
//! is how a car's device-signed mileage report travels (the runtime's `AuthorizeCall`
//! extension lets the mining pallet authorise it: no account, no fee).

use codec::Encode;
use csop_runtime::{Hash, Nonce, RuntimeCall, SignedPayload, UncheckedExtrinsic};
use serde_json::json;
use sp_core::{sr25519, Pair};
use sp_runtime::{generic::Era, MultiAddress, MultiSignature};

use crate::rpc::{from_hex, Rpc, RpcError};

/// What a signer must know about the chain: its genesis hash and runtime versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainInfo {
	pub genesis: Hash,
	pub spec_version: u32,
	pub transaction_version: u32,
}

impl ChainInfo {
	/// Reads them from the node.
	pub fn fetch(rpc: &Rpc) -> Result<Self, RpcError> {
		let genesis = rpc.call("chain_getBlockHash", json!([0]))?;
		let genesis = genesis
			.as_str()
			.and_then(from_hex)
			.filter(|b| b.len() == 32)
			.map(|b| Hash::from_slice(&b))
			.ok_or_else(|| RpcError::Transport(format!("bad genesis hash {genesis}")))?;
		let version = rpc.call("state_getRuntimeVersion", json!([]))?;
		let field = |name: &str| {
			version[name]
				.as_u64()
				.map(|v| v as u32)
				.ok_or_else(|| RpcError::Transport(format!("no {name} in {version}")))
		};
		Ok(ChainInfo {
			genesis,
			spec_version: field("specVersion")?,
			transaction_version: field("transactionVersion")?,
		})
	}
}

/// An immortal transaction signed by `signer` (sr25519) with `nonce`; `sign_with` signs it (a
/// different key than the signer makes a bad signature: for tests).
pub fn signed(
	chain: &ChainInfo,
	call: RuntimeCall,
	signer: &sr25519::Pair,
	sign_with: &sr25519::Pair,
	nonce: Nonce,
) -> UncheckedExtrinsic {
	let extension = csop_runtime::tx_extension(nonce, Era::Immortal);
	let implicit = csop_runtime::tx_implicit(
		chain.spec_version,
		chain.transaction_version,
		chain.genesis,
		chain.genesis,
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| sign_with.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(signer.public().into()),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// A general transaction without a signer: for calls the runtime authorises itself
/// (`#[pallet::authorize]`), such as device-signed mileage reports. It carries the same
/// transaction extensions as a signed one; with no signer, the nonce is unused (0).
pub fn general(call: RuntimeCall) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(call, csop_runtime::tx_extension(0, Era::Immortal))
}

/// The next nonce of `who` (pending transactions included).
pub fn next_nonce(rpc: &Rpc, who: &sr25519::Pair) -> Result<Nonce, RpcError> {
	let account: sp_runtime::AccountId32 = who.public().into();
	let n = rpc.call("system_accountNextIndex", json!([account.to_string()]))?;
	n.as_u64()
		.map(|n| n as Nonce)
		.ok_or_else(|| RpcError::Transport(format!("bad nonce {n}")))
}

/// Submits `xt`; returns its hash as the node reports it.
pub fn submit(rpc: &Rpc, xt: &UncheckedExtrinsic) -> Result<String, RpcError> {
	let hash = rpc.call("author_submitExtrinsic", json!([crate::rpc::to_hex(&xt.encode())]))?;
	Ok(hash.as_str().unwrap_or_default().to_owned())
}
