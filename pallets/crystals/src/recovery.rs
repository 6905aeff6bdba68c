//! Account recovery: a lost account's crystals, and the award counters that its caps read,
//! pass to its owner's new account. Crystals are bound to a person, not to a key: the total is
//! unchanged, and the new account's lifetime and daily counters add the lost account's, so a
//! recovery cannot reset a cap.

use crate::*;
use csop_primitives::{MoveStep, RecoverHoldings};
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::traits::Saturating;

/// Cursor 0 is the balance and the lifetime counters; `DAILY_FROM + d` the daily counters of
/// day `d` (the award window's days) on.
const DAILY_FROM: u32 = 1;

impl<T: Config> Pallet<T> {
	/// One unit of the recovery budget: a counter (or the balance, with the new account's
	/// provider reference) read, removed and added to the new account's.
	fn recovery_unit_weight() -> Weight {
		T::DbWeight::get().reads_writes(3, 3)
	}

	/// Moves `lost`'s balance to `rescuer` (one unit). `lost` keeps its entry at zero, and
	/// with it the provider reference the entry holds (see [`Balances`]).
	fn recover_balance(lost: &T::AccountId, rescuer: &T::AccountId) -> Result<bool, DispatchError> {
		let amount = Balances::<T>::get(lost).unwrap_or(0);
		if amount == 0 {
			return Ok(false);
		}
		Self::add_to_balance(rescuer, amount)?;
		Balances::<T>::insert(lost, 0);
		Self::deposit_event(Event::Recovered {
			from: lost.clone(),
			to: rescuer.clone(),
			crystals: amount,
		});
		Ok(true)
	}
}

impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	fn move_holdings(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		mut cursor: u32,
		budget: u32,
	) -> Result<MoveStep, DispatchError> {
		let mut step = MoveStep::default();
		let unit = Self::recovery_unit_weight();
		while cursor < DAILY_FROM && step.used < budget {
			step.used.saturating_inc();
			step.weight.saturating_accrue(unit);
			if Self::recover_balance(lost, rescuer)? {
				continue;
			}
			match LifetimeAwards::<T>::iter_prefix(lost).next() {
				Some((activity, count)) => {
					LifetimeAwards::<T>::remove(lost, activity);
					LifetimeAwards::<T>::mutate(rescuer, activity, |to| {
						*to = to.saturating_add(count)
					});
				},
				None => cursor = DAILY_FROM.saturating_add(Self::window_start()),
			}
		}
		// The days that can still be awarded: the window up to tomorrow (clock drift).
		let last = DAILY_FROM.saturating_add(Self::today()).saturating_add(1);
		if cursor >= DAILY_FROM {
			// Days that left the window since the last step hold nothing that counts.
			cursor = cursor.max(DAILY_FROM.saturating_add(Self::window_start()));
		}
		while cursor >= DAILY_FROM && step.used < budget {
			if cursor > last {
				return Ok(MoveStep { next: None, ..step });
			}
			let day = cursor.saturating_sub(DAILY_FROM);
			step.used.saturating_inc();
			step.weight.saturating_accrue(unit);
			match DailyAwards::<T>::iter_prefix((day, lost)).next() {
				Some((activity, count)) => {
					DailyAwards::<T>::remove((day, lost, activity));
					DailyAwards::<T>::mutate((day, rescuer, activity), |to| {
						*to = to.saturating_add(count)
					});
				},
				None => cursor.saturating_inc(),
			}
		}
		Ok(MoveStep { next: Some(cursor), ..step })
	}

	fn move_weight(budget: u32) -> Weight {
		Self::recovery_unit_weight().saturating_mul(budget.into())
	}

	fn holds_any(who: &T::AccountId) -> bool {
		Balances::<T>::get(who).unwrap_or(0) > 0
			|| LifetimeAwards::<T>::iter_prefix(who).next().is_some()
	}
}
