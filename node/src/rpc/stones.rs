//! `csop_supply` and `csop_equityShare`: the stones supply figures over JSON-RPC.
//!
//! Amounts are decimal strings in the smallest unit (10^-12 stone): JSON numbers cannot hold a
//! `u128` exactly in JavaScript. Input is validated: a malformed account is an `invalid params`
//! error (-32602) that says what was expected.

use std::sync::Arc;

use csop_runtime::{opaque::Block, AccountId, Balance, Hash, STONE_DECIMALS};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_stones::runtime_api::{EquityShare, StonesApi, Supply};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use super::common::{block_at, parse_account, runtime_error};

/// One pool in [`SupplyJson`].
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PoolSupplyJson {
	/// `MileageMining` or `Cultivation`.
	pub pool: String,
	pub cap: String,
	pub issued: String,
	pub remaining: String,
}

/// The answer of `csop_supply`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SupplyJson {
	/// Decimal places of the amounts (12).
	pub decimals: u8,
	pub max_supply: String,
	pub pools: Vec<PoolSupplyJson>,
	pub issued: String,
	pub burned: String,
	pub circulating: String,
}

impl From<Supply<Balance>> for SupplyJson {
	fn from(s: Supply<Balance>) -> Self {
		SupplyJson {
			decimals: STONE_DECIMALS,
			max_supply: s.max_supply.to_string(),
			pools: s
				.pools
				.into_iter()
				.map(|p| PoolSupplyJson {
					pool: format!("{:?}", p.pool),
					cap: p.cap.to_string(),
					issued: p.issued.to_string(),
					remaining: p.remaining.to_string(),
				})
				.collect(),
			issued: s.issued.to_string(),
			burned: s.burned.to_string(),
			circulating: s.circulating.to_string(),
		}
	}
}

/// The answer of `csop_equityShare`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EquityShareJson {
	/// The account, as an SS58 address.
	pub account: String,
	/// Its stones, in the smallest unit.
	pub stones: String,
	/// Its share of the car maker's equity, in parts per billion.
	pub parts_per_billion: String,
}

/// The `csop_*` stones methods.
#[rpc(server, namespace = "csop")]
pub trait StonesRpc {
	/// Caps, issued and remaining per pool; total issued, burned, circulating. At the best block
	/// unless `at` names one.
	#[method(name = "supply")]
	fn supply(&self, at: Option<Hash>) -> RpcResult<SupplyJson>;

	/// An account's stones and equity share. `account` is an SS58 address or a 0x-prefixed
	/// 32-byte hex public key.
	#[method(name = "equityShare")]
	fn equity_share(&self, account: String, at: Option<Hash>) -> RpcResult<EquityShareJson>;
}

/// Implements [`StonesRpcServer`] on a client.
pub struct Stones<C> {
	client: Arc<C>,
}

impl<C> Stones<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> StonesRpcServer for Stones<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: StonesApi<Block, AccountId, Balance>,
{
	fn supply(&self, at: Option<Hash>) -> RpcResult<SupplyJson> {
		let at = block_at(&*self.client, at)?;
		let supply = self.client.runtime_api().supply(at).map_err(runtime_error)?;
		Ok(supply.into())
	}

	fn equity_share(&self, account: String, at: Option<Hash>) -> RpcResult<EquityShareJson> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let EquityShare { stones, parts_per_billion } =
			self.client.runtime_api().equity_share(at, who.clone()).map_err(runtime_error)?;
		Ok(EquityShareJson {
			account: who.to_ss58check(),
			stones: stones.to_string(),
			parts_per_billion: parts_per_billion.to_string(),
		})
	}
}
