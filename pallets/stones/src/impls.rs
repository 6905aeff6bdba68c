//! Trait implementations other pallets and the runtime use.

use crate::*;
use frame_support::traits::{fungible::Credit, Imbalance, OnUnbalanced};
use sp_runtime::traits::Zero;

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

/// Account recovery: the lost account's free stones pass to its owner's new account (held ones
/// move with what holds them, such as pending redemptions, which recover before stones). The
/// transfer policy does not apply: this is the same person, not a transfer. One unit of the
/// budget.
impl<T: Config> csop_primitives::RecoverHoldings<T::AccountId> for Pallet<T> {
	fn move_holdings(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		_cursor: u32,
		budget: u32,
	) -> Result<csop_primitives::MoveStep, sp_runtime::DispatchError> {
		use frame_support::traits::{
			fungible::{Inspect, Mutate},
			tokens::{Fortitude, Preservation},
		};
		let mut step = csop_primitives::MoveStep::default();
		if budget == 0 {
			step.next = Some(0);
			return Ok(step);
		}
		let amount =
			T::Currency::reducible_balance(lost, Preservation::Expendable, Fortitude::Polite);
		step.used = 1;
		step.weight = T::WeightInfo::transfer();
		if amount.is_zero() {
			return Ok(step);
		}
		T::Currency::transfer(lost, rescuer, amount, Preservation::Expendable)?;
		Self::deposit_event(Event::Recovered { from: lost.clone(), to: rescuer.clone(), amount });
		Ok(step)
	}

	fn move_weight(budget: u32) -> frame_support::weights::Weight {
		if budget == 0 {
			return frame_support::weights::Weight::zero();
		}
		T::WeightInfo::transfer()
	}

	fn holds_any(who: &T::AccountId) -> bool {
		use frame_support::traits::{
			fungible::Inspect,
			tokens::{Fortitude, Preservation},
		};
		!T::Currency::reducible_balance(who, Preservation::Expendable, Fortitude::Polite).is_zero()
	}
}
