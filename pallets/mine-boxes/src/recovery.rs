//! Account recovery: what a lost account holds in the mine boxes passes to its owner's new
//! account.
//!
//! - Unrevealed boxes are revealed first, oldest first, to the lost account that bought them:
//!   a box's draw hashes its buyer, so giving it to another account before the reveal would
//!   change its outcome (and a new key chosen after the seed is known could pick it). Their
//!   treasures then move with the rest. A box whose seed is not drawn yet makes the step wait.
//! - Unused rights move and add up; pity moves as the longer of the two streaks (never more
//!   pity than either account had); today's per-type opened counts add up, so that the daily
//!   limit is the person's, not the key's.

use crate::*;
use csop_primitives::{MoveStep, RecoverHoldings};
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::traits::Saturating;

/// One unit of the removal phase.
enum Unit {
	/// A box revealed or an entry moved, with its weight.
	Moved(Weight),
	/// The oldest unrevealed box waits for its seed.
	Waiting,
	/// Nothing left to reveal or move.
	Empty,
}

/// Cursors below this are the removal phase (boxes, rights, pity: whatever the lost account
/// still has); `DAILY_FROM + t` is the daily counts from box type `t` on.
const DAILY_FROM: u32 = 1;

impl<T: Config> Pallet<T> {
	/// Weight of one unit of the recovery budget other than a reveal: a read and up to two
	/// writes of an account's entry and the new account's.
	fn recovery_entry_weight() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}

	/// Reveals the oldest unrevealed box (unless it waits for its seed), else moves an entry of
	/// rights or pity: one unit.
	fn recover_one(lost: &T::AccountId, rescuer: &T::AccountId) -> Result<Unit, DispatchError> {
		if let Some(&oldest) = PendingBoxes::<T>::get(lost).first() {
			let drawn = Boxes::<T>::get(oldest)
				.and_then(|b| SeedSlots::<T>::get(b.draw_at))
				.is_some_and(|s| s.seed.is_some());
			if !drawn {
				return Ok(Unit::Waiting);
			}
			Self::do_reveal(oldest)?;
			return Ok(Unit::Moved(Self::reveal_weight(1)));
		}
		if let Some((right, held)) = Rights::<T>::iter_prefix(lost).next() {
			Rights::<T>::remove(lost, right);
			Rights::<T>::try_mutate(rescuer, right, |to| {
				*to = to.checked_add(held).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?;
			return Ok(Unit::Moved(Self::recovery_entry_weight()));
		}
		if let Some((box_type, streak)) = PityCounter::<T>::iter_prefix(lost).next() {
			PityCounter::<T>::remove(lost, box_type);
			PityCounter::<T>::mutate(rescuer, box_type, |to| *to = (*to).max(streak));
			return Ok(Unit::Moved(Self::recovery_entry_weight()));
		}
		Ok(Unit::Empty)
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
		while cursor < DAILY_FROM && step.used < budget {
			match Self::recover_one(lost, rescuer)? {
				Unit::Moved(weight) => {
					step.weight.saturating_accrue(weight);
					step.used.saturating_inc();
				},
				// A box waiting for its seed stops the step; the recovery goes on later.
				Unit::Waiting => {
					step.waiting = true;
					step.next = Some(cursor);
					step.weight.saturating_accrue(T::DbWeight::get().reads(3));
					return Ok(step);
				},
				Unit::Empty => cursor = DAILY_FROM,
			}
		}
		let today = Self::today();
		let types = NextBoxTypeId::<T>::get();
		while cursor >= DAILY_FROM && step.used < budget {
			let box_type = cursor.saturating_sub(DAILY_FROM);
			if box_type >= types {
				step.next = None;
				return Ok(step);
			}
			let count = AccountDailyOpened::<T>::take(box_type, lost).on(today);
			if count > 0 {
				AccountDailyOpened::<T>::mutate(box_type, rescuer, |to| {
					*to = DayCount { day: today, count: to.on(today).saturating_add(count) };
				});
			}
			step.weight.saturating_accrue(Self::recovery_entry_weight());
			step.used.saturating_inc();
			cursor.saturating_inc();
		}
		step.next = Some(cursor);
		Ok(step)
	}

	fn move_weight(budget: u32) -> Weight {
		// Each unit is at most a reveal (which reads the pending list) or an entry.
		Self::reveal_weight(1)
			.max(Self::recovery_entry_weight())
			.saturating_mul(budget.into())
			.saturating_add(T::DbWeight::get().reads(4))
	}

	fn holds_any(who: &T::AccountId) -> bool {
		!PendingBoxes::<T>::get(who).is_empty()
			|| Rights::<T>::iter_prefix(who).next().is_some()
			|| PityCounter::<T>::iter_prefix(who).next().is_some()
	}
}
