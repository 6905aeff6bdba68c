//! Account recovery: the maker's registration of a person as a user passes from their lost
//! account to their new one. Roles are not moved: the consortium appoints and dismisses role
//! holders itself.

use crate::*;
use csop_primitives::{MoveStep, RecoverHoldings};
use frame_support::{pallet_prelude::*, traits::Get};

impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	fn move_holdings(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		_cursor: u32,
		budget: u32,
	) -> Result<MoveStep, DispatchError> {
		if budget == 0 {
			return Ok(MoveStep { next: Some(0), ..Default::default() });
		}
		// Both registrations, the user count, and both accounts' provider references.
		let weight = T::DbWeight::get().reads_writes(5, 6);
		if RegisteredUsers::<T>::contains_key(lost) {
			if !RegisteredUsers::<T>::contains_key(rescuer) {
				Self::do_register_user(rescuer)?;
				Self::deposit_event(Event::UserRegistered { who: rescuer.clone() });
			}
			Self::do_deregister_user(lost)?;
			Self::deposit_event(Event::UserDeregistered { who: lost.clone() });
		}
		Ok(MoveStep { used: 1, next: None, waiting: false, weight })
	}

	fn move_weight(budget: u32) -> Weight {
		if budget == 0 {
			return Weight::zero();
		}
		T::DbWeight::get().reads_writes(5, 6)
	}

	/// Whether `who` is a registered user. A recovery's new account may already be one (the
	/// registrar may register it first, so that it can sign).
	fn holds_any(who: &T::AccountId) -> bool {
		RegisteredUsers::<T>::contains_key(who)
	}
}
