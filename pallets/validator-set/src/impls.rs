//! Trait implementations other pallets and the runtime use.

use crate::*;
use alloc::vec::Vec;
use frame_support::traits::Contains;

/// The session pallet's source of validators (`SessionManager = ValidatorSet` in the runtime,
/// with `ValidatorId = AccountId` and `ValidatorIdOf = ConvertInto`).
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The validators with session keys, when they changed since the last set handed over and
	/// are at least `MinValidators` ([`Pallet::plan_session`]).
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan_session(new_index)
	}

	/// The genesis validators (whose keys come from the session pallet's genesis), or `None`
	/// when this pallet's genesis has none: the session pallet then uses its genesis keys.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let set = Validators::<T>::get();
		(!set.is_empty()).then(|| set.into_inner())
	}

	/// Nothing to do: sets are planned in `new_session`.
	fn end_session(_end_index: SessionIndex) {}

	/// Nothing to do: sets are planned in `new_session`.
	fn start_session(_start_index: SessionIndex) {}
}

/// Membership of the governed validator set ([`Pallet::is_validator`]), for runtime filters.
impl<T: Config> Contains<T::AccountId> for Pallet<T> {
	fn contains(who: &T::AccountId) -> bool {
		Self::is_validator(who)
	}
}
