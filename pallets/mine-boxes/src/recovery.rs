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

/// Cursors below this are the removal phase (boxes, rights, pity: whatever the lost account
/// still has); `DAILY_FROM + t` is the daily counts from box type `t` on.
const DAILY_FROM: u32 = 1;

impl<T: Config> Pallet<T> {
	/// Weight of one unit of the recovery budget other than a reveal: a read and up to two
	/// writes of an account's entry and the new account's.
	fn recovery_entry_weight() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}

	/// Moves an entry of rights or pity, or reveals a box: one unit. Returns `None` when the
	/// lost account has none of them left.
	fn recover_one(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
	) -> Option<Result<Weight, DispatchError>> {
		if let Some(&oldest) = PendingBoxes::<T>::get(lost).first() {
			return Some(Self::do_reveal(oldest).map(|_| Self::reveal_weight(1)));
		}
		if let Some((right, held)) = Rights::<T>::iter_prefix(lost).next() {
			Rights::<T>::remove(lost, right);
			let moved = Rights::<T>::try_mutate(rescuer, right, |to| {
				*to = to.checked_add(held).ok_or(Error::<T>::Overflow)?;
				Ok(())
			});
			return Some(moved.map(|()| Self::recovery_entry_weight()));
		}
		if let Some((box_type, streak)) = PityCounter::<T>::iter_prefix(lost).next() {
			PityCounter::<T>::remove(lost, box_type);
			PityCounter::<T>::mutate(rescuer, box_type, |to| *to = (*to).max(streak));
			return Some(Ok(Self::recovery_entry_weight()));
		}
		None
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
			// A box waiting for its seed stops the step; the recovery goes on later.
			if let Some(&oldest) = PendingBoxes::<T>::get(lost).first() {
				let draw_at = Boxes::<T>::get(oldest).map(|b| b.draw_at);
				if draw_at.is_none_or(|at| SeedSlots::<T>::get(at).is_none_or(|s| s.seed.is_none()))
				{
					step.waiting = true;
					step.next = Some(cursor);
					step.weight.saturating_accrue(T::DbWeight::get().reads(3));
					return Ok(step);
				}
			}
			match Self::recover_one(lost, rescuer) {
				Some(done) => {
					step.weight.saturating_accrue(done?);
					step.used.saturating_inc();
				},
				None => cursor = DAILY_FROM,
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
