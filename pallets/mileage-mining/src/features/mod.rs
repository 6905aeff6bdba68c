//! The pallet's logic, one file per capability (the layout of `pallet-nfts`' `features/`): each
//! an `impl<T: Config> Pallet<T>` block with the `do_*` functions of its capability beside
//! their helpers. The weights are in `charge.rs`, the invariants in `try_state.rs` and the
//! runtime API's views in `runtime_api/views.rs`.

use crate::Config;
use sp_core::U256;
use sp_runtime::SaturatedConversion;

pub mod authorize;
pub mod claims;
pub mod params;
pub mod report;
pub mod reward_period;

/// A balance as a [`U256`].
pub(crate) fn to_u256<B: sp_runtime::traits::UniqueSaturatedInto<u128>>(b: B) -> U256 {
	U256::from(b.unique_saturated_into())
}

/// A [`U256`] as a balance (saturating; callers only convert amounts below the pool cap).
pub(crate) fn to_balance<T: Config>(u: U256) -> T::Balance {
	let x: u128 = if u > U256::from(u128::MAX) { u128::MAX } else { u.as_u128() };
	x.saturated_into()
}

/// `ceil(a / b)` (`b` non-zero).
pub(crate) fn ceil_div(a: U256, b: U256) -> U256 {
	let q = a / b;
	if q.saturating_mul(b) == a {
		q
	} else {
		q.saturating_add(U256::one())
	}
}
