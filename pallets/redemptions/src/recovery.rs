//! Account recovery: a lost account's redemptions pass to its owner's new account, pending
//! ones with their held stones (still held, for the same redemption), and with its counts
//! against each item's per-account limit, so that a recovery cannot reset a limit.

use crate::*;
use csop_primitives::{MoveStep, RecoverHoldings};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use sp_runtime::traits::{Saturating, Zero};

/// Cursor 0 is the lost account's list of redemptions; `COUNTS_FROM + i` its per-item counts
/// from item `i` on.
const COUNTS_FROM: u32 = 1;

impl<T: Config> Pallet<T> {
	/// Gives redemption `id` of `lost` to `rescuer`: the record, its place in the lists, and a
	/// pending one's held stones (moved on hold: never free on either account).
	fn recover_redemption(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		id: RedemptionId,
	) -> DispatchResult {
		AccountRedemptions::<T>::mutate_exists(lost, |list| {
			if let Some(l) = list {
				l.retain(|x| *x != id);
				if l.is_empty() {
					*list = None;
				}
			}
		});
		let Some(mut r) = Redemptions::<T>::get(id) else { return Ok(()) };
		if r.status == Status::Pending && !r.price.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::Redemption.into(),
				lost,
				rescuer,
				r.price,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Force,
			)?;
		}
		Self::list_for(rescuer, id)?;
		// The record's count against its item's per-account limit moves with it, so that a
		// release (rejected, cancelled, expired) before the counts phase finds it on the new
		// account.
		if matches!(r.status, Status::Pending | Status::Fulfilled) {
			let counted = RedeemedCount::<T>::mutate(r.item, lost, |count| {
				let had = *count > 0;
				*count = count.saturating_sub(1);
				had
			});
			if counted {
				RedeemedCount::<T>::mutate(r.item, rescuer, |count| {
					*count = count.saturating_add(1)
				});
			}
		}
		r.who = rescuer.clone();
		Redemptions::<T>::insert(id, r);
		Self::deposit_event(Event::Recovered {
			redemption: id,
			from: lost.clone(),
			to: rescuer.clone(),
		});
		Ok(())
	}

	/// One unit of the budget: a redemption moved, or an item's count looked at and moved.
	fn recovery_unit_weight() -> Weight {
		// A redemption: both lists, the record, its counts on both sides, the hold (the
		// account and its holds on both sides), and a full new list searched for a settled
		// redemption to push out (one read per entry).
		T::DbWeight::get()
			.reads_writes(9, 9)
			.saturating_add(T::DbWeight::get().reads(T::MaxRedemptionsPerAccount::get().into()))
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
		while cursor < COUNTS_FROM && step.used < budget {
			match AccountRedemptions::<T>::get(lost).first() {
				Some(&id) => {
					Self::recover_redemption(lost, rescuer, id)?;
					step.used.saturating_inc();
					step.weight.saturating_accrue(unit);
				},
				None => cursor = COUNTS_FROM,
			}
		}
		let items = NextItemId::<T>::get();
		while cursor >= COUNTS_FROM && step.used < budget {
			let item = cursor.saturating_sub(COUNTS_FROM);
			if item >= items {
				return Ok(MoveStep { next: None, ..step });
			}
			let count = RedeemedCount::<T>::take(item, lost);
			if count > 0 {
				RedeemedCount::<T>::mutate(item, rescuer, |to| *to = to.saturating_add(count));
			}
			step.used.saturating_inc();
			step.weight.saturating_accrue(T::DbWeight::get().reads_writes(2, 2));
			cursor.saturating_inc();
		}
		Ok(MoveStep { next: Some(cursor), ..step })
	}

	fn move_weight(budget: u32) -> Weight {
		Self::recovery_unit_weight().saturating_mul(budget.into())
	}

	fn holds_any(who: &T::AccountId) -> bool {
		AccountRedemptions::<T>::contains_key(who)
	}
}
