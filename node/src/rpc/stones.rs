//! `csop_supply` and `csop_equityShare`: the stones supply figures over JSON-RPC.
//!
//! Amounts are decimal strings in the smallest unit (10^-12 stone): JSON numbers cannot hold a
//! `u128` exactly in JavaScript. Input is validated: a malformed account is an `invalid params`
//! error (-32602) that says what was expected.

use std::sync::Arc;

use csop_runtime::{opaque::Block, AccountId, Balance, Hash, STONE_DECIMALS};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_stones::runtime_api::{EquityShare, Fraction, StonesApi, Supply};
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

/// An exact fraction in [`EquityShareJson`]: numerator and denominator (decimal strings, lowest
/// terms) and its value as a decimal with [`FRACTION_DIGITS`] digits after the point (rounded
/// down).
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FractionJson {
	pub numerator: String,
	pub denominator: String,
	pub decimal: String,
}

/// Digits after the point of [`FractionJson::decimal`]: the equity share of one smallest unit
/// (10^-12 stone) is about 1.6 x 10^-22, so 30 digits show it to nine figures.
pub const FRACTION_DIGITS: usize = 30;

impl From<Fraction> for FractionJson {
	fn from(f: Fraction) -> Self {
		// Long division, one digit at a time: the remainder stays below the denominator, so
		// `remainder x 10` fits in 256 bits.
		use sp_core::U256;
		let denominator = U256::from(f.denominator.max(1));
		let mut remainder = U256::from(f.numerator);
		let whole = remainder / denominator;
		remainder %= denominator;
		let mut digits = String::with_capacity(FRACTION_DIGITS);
		for _ in 0..FRACTION_DIGITS {
			remainder *= 10;
			digits.push(char::from(b'0' + (remainder / denominator).low_u32() as u8));
			remainder %= denominator;
		}
		FractionJson {
			numerator: f.numerator.to_string(),
			denominator: f.denominator.to_string(),
			decimal: format!("{whole}.{digits}"),
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
	/// Its share of the car maker's equity, in parts per billion (rounded down).
	pub parts_per_billion: String,
	/// Its exact share of the car maker's equity (`stones x 4.9% / 300,000,000 stones`).
	pub equity: FractionJson,
	/// Its share of the stones in circulation.
	pub of_circulating: FractionJson,
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
		let EquityShare { stones, parts_per_billion, equity, of_circulating } =
			self.client.runtime_api().equity_share(at, who.clone()).map_err(runtime_error)?;
		Ok(EquityShareJson {
			account: who.to_ss58check(),
			stones: stones.to_string(),
			parts_per_billion: parts_per_billion.to_string(),
			equity: equity.into(),
			of_circulating: of_circulating.into(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_fraction_reads_as_an_exact_decimal() {
		let json = FractionJson::from(Fraction { numerator: 49, denominator: 2_000 });
		assert_eq!(json.decimal, format!("0.0245{}", "0".repeat(FRACTION_DIGITS - 4)));
		// The equity of one smallest unit (10^-12 stone) of the 300,000,000-stone cap:
		// 4.9% / (3 x 10^20) = 49 / (3 x 10^23).
		let grain = FractionJson::from(Fraction { numerator: 49, denominator: 3 * 10u128.pow(23) });
		assert_eq!(grain.decimal, format!("0.{}163333333", "0".repeat(21)));
		// Of one stone: 49 / (3 x 10^11).
		let one_stone =
			FractionJson::from(Fraction { numerator: 49, denominator: 3 * 10u128.pow(11) });
		assert_eq!(one_stone.decimal, format!("0.{}163333333333333333333", "0".repeat(9)));
		let all = FractionJson::from(Fraction { numerator: 1, denominator: 1 });
		assert_eq!(all.decimal, format!("1.{}", "0".repeat(FRACTION_DIGITS)));
	}
}
