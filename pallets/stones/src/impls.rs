//! Trait implementations other pallets and the runtime use.

use crate::*;
use frame_support::traits::{fungible::Credit, Imbalance, OnUnbalanced};

/// Mileage mining and mine boxes create stones only through this.
impl<T: Config> StoneIssuer<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn issue(
		pool: Pool,
		who: &T::AccountId,
		amount: Self::Balance,
		precision: IssuePrecision,
	) -> Result<Self::Balance, sp_runtime::DispatchError> {
		Self::do_issue(pool, who, amount, precision)
	}

	fn remaining(pool: Pool) -> Self::Balance {
		Pallet::<T>::remaining(pool)
	}
}

/// Redemptions burn held stones themselves and report it here.
impl<T: Config> csop_primitives::OnStonesBurned<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn on_stones_burned(who: &T::AccountId, amount: BalanceOf<T>) {
		Self::note_burned(who, amount);
	}
}

/// Set as `pallet_balances::Config::DustRemoval`: dust of a reaped account leaves total
/// issuance when the credit is dropped, and is counted as burned here so that invariant 3
/// (total issuance = issued - burned) keeps holding.
impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for Pallet<T> {
	fn on_nonzero_unbalanced(amount: Credit<T::AccountId, T::Currency>) {
		Self::note_dust_burned(amount.peek());
		// Dropping the credit reduces total issuance.
		drop(amount);
	}
}
