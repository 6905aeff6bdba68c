//! The runtime API wallets and the node's `csop_*` RPC methods read the supply through.

use crate::Pool;
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// One pool's figures.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct PoolSupply<Balance> {
	/// Which pool.
	pub pool: Pool,
	/// Its cumulative cap.
	pub cap: Balance,
	/// Stones it has ever issued.
	pub issued: Balance,
	/// Stones it can still issue (`cap - issued`).
	pub remaining: Balance,
}

/// The whole supply.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Supply<Balance> {
	/// The fixed total supply (300,000,000 stones).
	pub max_supply: Balance,
	/// Each pool, in [`Pool::ALL`] order.
	pub pools: Vec<PoolSupply<Balance>>,
	/// Stones ever issued (all pools).
	pub issued: Balance,
	/// Stones ever burned.
	pub burned: Balance,
	/// Stones in circulation (`issued - burned`).
	pub circulating: Balance,
}

/// An account's stones and the share of the car maker's equity they stand for.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EquityShare<Balance> {
	/// The account's stones (free and held).
	pub stones: Balance,
	/// `stones x 4.9% / max supply`, in parts per billion of the maker's equity.
	pub parts_per_billion: u128,
}

sp_api::decl_runtime_apis! {
	/// Stones supply figures.
	pub trait StonesApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Caps, issued, remaining per pool; total issued, burned, circulating.
		fn supply() -> Supply<Balance>;

		/// `who`'s stones and equity share.
		fn equity_share(who: AccountId) -> EquityShare<Balance>;
	}
}
