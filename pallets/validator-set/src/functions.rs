//! The pallet's logic: adding and removing validators, planning sets, views and the invariants.

use crate::*;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::ValidatorRegistration};

impl<T: Config> Pallet<T> {
	/// Appends `who` to [`Validators`] and gives it a provider reference. Emits
	/// [`Event::ValidatorAdded`].
	///
	/// # Errors
	/// [`Error::AlreadyValidator`], [`Error::TooManyValidators`].
	pub fn do_add_validator(who: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|set| {
			ensure!(!set.contains(&who), Error::<T>::AlreadyValidator);
			set.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)
		})?;
		// The account exists while it is a validator: a fresh key can sign `set_keys` (which
		// also needs an existing account) without holding stones.
		frame_system::Pallet::<T>::inc_providers(&who);
		Self::deposit_event(Event::ValidatorAdded { who });
		Ok(())
	}

	/// Removes `who` from [`Validators`] (the others keep their order). Emits
	/// [`Event::ValidatorRemoved`]. [`Planned`] is left alone: it is what the session pallet
	/// was last given, and the next planning replaces it.
	///
	/// # Errors
	/// [`Error::NotValidator`], [`Error::TooFewValidators`].
	pub fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|set| {
			let at = set.iter().position(|v| *v == who).ok_or(Error::<T>::NotValidator)?;
			ensure!(
				set.len().saturating_sub(1) >= T::MinValidators::get() as usize,
				Error::<T>::TooFewValidators
			);
			set.remove(at);
			Ok::<_, DispatchError>(())
		})?;
		// Its last provider reference is kept while session keys hold a consumer reference
		// (until `purge_keys`): the account is never reaped under them.
		let _ = frame_system::Pallet::<T>::dec_providers(&who);
		Self::deposit_event(Event::ValidatorRemoved { who });
		Ok(())
	}

	/// `SessionManager::new_session`: the members of [`Validators`] with session keys, if they
	/// differ from [`Planned`] and are at least `MinValidators`; they are then stored as
	/// [`Planned`] and [`Event::NewSetPlanned`] is emitted. `None` (nothing written) when the
	/// set is unchanged or too small: the session pallet then keeps its current validators.
	///
	/// Reads [`Validators`], one key registration per validator and [`Planned`]: bounded by
	/// `MaxValidators`.
	pub(crate) fn plan_session(session: SessionIndex) -> Option<Vec<T::AccountId>> {
		let mut effective = Validators::<T>::get();
		effective.retain(T::ValidatorRegistration::is_registered);
		if effective.is_empty() || effective.len() < T::MinValidators::get() as usize {
			return None;
		}
		if Planned::<T>::get() == effective {
			return None;
		}
		Planned::<T>::put(&effective);
		let validators = effective.into_inner();
		Self::deposit_event(Event::NewSetPlanned { session, validators: validators.clone() });
		Some(validators)
	}

	/// Whether `who` is in the governed validator set (with or without session keys).
	pub fn is_validator(who: &T::AccountId) -> bool {
		Validators::<T>::get().contains(who)
	}

	/// The governed validator set, in order of addition.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	/// The set last handed to the session pallet.
	pub fn planned() -> Vec<T::AccountId> {
		Planned::<T>::get().into_inner()
	}

	/// Checks the pallet's invariants (numbered in the crate docs).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		let planned = Planned::<T>::get();
		ensure!(!has_duplicates(&validators), "1: no validator is listed twice");
		ensure!(!has_duplicates(&planned), "2: no planned validator is listed twice");
		let min = T::MinValidators::get() as usize;
		ensure!(
			planned.is_empty() || planned.len() >= min,
			"3: a planned set has at least MinValidators validators"
		);
		ensure!(
			planned.is_empty() || validators.len() >= min,
			"4: once a set was handed over, at least MinValidators validators remain"
		);
		Ok(())
	}
}

/// Whether some element of `list` appears twice.
fn has_duplicates<A: Ord>(list: &[A]) -> bool {
	let mut seen = alloc::collections::BTreeSet::new();
	!list.iter().all(|a| seen.insert(a))
}
