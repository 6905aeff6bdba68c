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

/// An exact fraction, `numerator / denominator` (in lowest terms; `0 / 1` for nothing).
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fraction {
	pub numerator: u128,
	pub denominator: u128,
}

impl Fraction {
	/// `numerator / denominator` in lowest terms; `0 / 1` when either is zero.
	pub fn new(numerator: u128, denominator: u128) -> Self {
		if numerator == 0 || denominator == 0 {
			return Fraction { numerator: 0, denominator: 1 };
		}
		let (mut a, mut b) = (numerator, denominator);
		while b != 0 {
			(a, b) = (b, a % b);
		}
		Fraction { numerator: numerator / a, denominator: denominator / a }
	}
}

/// An account's stones and the share of the car maker's equity they stand for.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EquityShare<Balance> {
	/// The account's stones (free and held).
	pub stones: Balance,
	/// `stones x 4.9% / max supply`, in parts per billion of the maker's equity (rounded down:
	/// zero below about 6 stones; see [`Self::equity`]).
	pub parts_per_billion: u128,
	/// The exact share of the maker's equity: `stones x 4.9% / max supply`. A stone's share
	/// is fixed; a burned stone's goes back to the maker (the cap is never issued again).
	pub equity: Fraction,
	/// The share of the stones in circulation: `stones / circulating`.
	pub of_circulating: Fraction,
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
