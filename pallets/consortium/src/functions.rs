//! The consortium's logic: role and user bookkeeping, the classification of signers and their
//! rate limits.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{Contains, Get},
};
use sp_runtime::{
	traits::UniqueSaturatedInto,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Whether `who` holds `role`.
	pub fn has_role(role: Role, who: &T::AccountId) -> bool {
		RolesOf::<T>::get(who).is_some_and(|roles| roles.contains(role))
	}

	/// The holders of `role` (bounded by `MaxRoleHolders` per role; for runtime APIs).
	pub fn holders(role: Role) -> Vec<T::AccountId> {
		RolesOf::<T>::iter()
			.filter(|(_, roles)| roles.contains(role))
			.map(|(who, _)| who)
			.collect()
	}

	pub(crate) fn do_appoint(role: Role, who: &T::AccountId) -> Result<(), DispatchError> {
		let roles = RolesOf::<T>::get(who).unwrap_or_default();
		ensure!(!roles.contains(role), Error::<T>::AlreadyAppointed);
		let count = HolderCount::<T>::get(role);
		ensure!(count < T::MaxRoleHolders::get(), Error::<T>::TooManyHolders);
		let count = count.checked_add(1).ok_or(Error::<T>::Overflow)?;
		HolderCount::<T>::insert(role, count);
		RolesOf::<T>::insert(who, roles.with(role));
		// Each appointment holds a provider reference: a fresh key can sign at once.
		frame_system::Pallet::<T>::inc_providers(who);
		Ok(())
	}

	pub(crate) fn do_dismiss(role: Role, who: &T::AccountId) -> Result<(), DispatchError> {
		let roles = RolesOf::<T>::get(who).unwrap_or_default();
		ensure!(roles.contains(role), Error::<T>::NotAppointed);
		let roles = roles.without(role);
		if roles.is_empty() {
			RolesOf::<T>::remove(who);
		} else {
			RolesOf::<T>::insert(who, roles);
		}
		HolderCount::<T>::mutate(role, |c| *c = c.saturating_sub(1));
		Self::release_provider(who);
		Ok(())
	}

	pub(crate) fn do_register_user(who: &T::AccountId) -> Result<(), DispatchError> {
		ensure!(!RegisteredUsers::<T>::contains_key(who), Error::<T>::AlreadyRegistered);
		let count = UserCount::<T>::get().checked_add(1).ok_or(Error::<T>::Overflow)?;
		UserCount::<T>::put(count);
		RegisteredUsers::<T>::insert(who, ());
		frame_system::Pallet::<T>::inc_providers(who);
		Ok(())
	}

	pub(crate) fn do_deregister_user(who: &T::AccountId) -> Result<(), DispatchError> {
		ensure!(RegisteredUsers::<T>::take(who).is_some(), Error::<T>::NotRegistered);
		UserCount::<T>::mutate(|c| *c = c.saturating_sub(1));
		Self::release_provider(who);
		Ok(())
	}

	/// Drops a provider reference this pallet gave. If it is the account's last one while
	/// something still holds a consumer reference (e.g. session keys), the reference is kept:
	/// the account stays in existence rather than the dismissal failing.
	pub(crate) fn release_provider(who: &T::AccountId) {
		if frame_system::Pallet::<T>::dec_providers(who).is_err() {
			log::warn!(
				target: "runtime::consortium",
				"kept the last provider reference of an account with consumers"
			);
		}
	}

	/// The class `who`'s signed transactions are admitted as, `None` if it is not known to the
	/// chain or suspended. The most privileged class wins.
	pub fn class_of(who: &T::AccountId) -> Option<AccountClass> {
		if T::Suspended::contains(who) {
			None
		} else if RolesOf::<T>::contains_key(who) || T::Privileged::contains(who) {
			Some(AccountClass::Consortium)
		} else if T::Owners::contains(who) {
			Some(AccountClass::Owner)
		} else if RegisteredUsers::<T>::contains_key(who) || T::Users::contains(who) {
			Some(AccountClass::User)
		} else {
			None
		}
	}

	/// The block number as the `u32` rate-limit windows count in.
	fn now() -> u32 {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// How many transactions `who` may still have included in the current window under
	/// `limit`.
	fn remaining(who: &T::AccountId, limit: &RateLimit) -> u32 {
		let start = limit.window_start(Self::now());
		let used = UsageOf::<T>::get(who)
			.filter(|u| u.window_start == start)
			.map_or(0, |u| u.count);
		limit.max_transactions.saturating_sub(used)
	}

	/// The admission check of [`CheckKnownSigner`]: `who`'s class and its rate limit, or the
	/// reason `who` may not submit `call` (`BadSigner`: unknown; `Custom(CALL_NOT_ALLOWED)`
	/// or `Custom(CALL_TOO_LARGE)`: refused by [`Config::SignerPolicy`];
	/// `Custom(RATE_LIMITED)`: window full).
	pub fn admit(
		who: &T::AccountId,
		call: &<T as frame_system::Config>::RuntimeCall,
	) -> Result<(AccountClass, Option<RateLimit>), TransactionValidityError> {
		let class = Self::class_of(who).ok_or(InvalidTransaction::BadSigner)?;
		T::SignerPolicy::check(class, call)
			.map_err(|refusal| InvalidTransaction::Custom(refusal.code()))?;
		let limit = RateLimits::<T>::get(class);
		if let Some(limit) = &limit {
			ensure!(Self::remaining(who, limit) > 0, InvalidTransaction::Custom(RATE_LIMITED));
		}
		Ok((class, limit))
	}

	/// Counts one included transaction of `who` against `limit` (in `prepare`, so only
	/// transactions that go into a block count).
	pub(crate) fn note_transaction(who: &T::AccountId, limit: &RateLimit) {
		let start = limit.window_start(Self::now());
		UsageOf::<T>::mutate(who, |usage| {
			let count = match usage {
				Some(u) if u.window_start == start => u.count.saturating_add(1),
				_ => 1,
			};
			*usage = Some(Usage { window_start: start, count });
		});
	}

	/// What the chain knows about `who` (runtime API).
	pub fn account_status(who: &T::AccountId) -> AccountStatus {
		let class = Self::class_of(who);
		let rate_limit = class.and_then(RateLimits::<T>::get);
		let remaining_in_window = match (class, &rate_limit) {
			(None, _) => 0,
			(Some(_), None) => u32::MAX,
			(Some(_), Some(limit)) => Self::remaining(who, limit),
		};
		AccountStatus {
			class,
			roles: RolesOf::<T>::get(who).unwrap_or_default().to_vec(),
			registered_user: RegisteredUsers::<T>::contains_key(who),
			rate_limit,
			remaining_in_window,
		}
	}

	/// The invariants, checked by `try_state` and after every test:
	/// 1. `HolderCount` of each role equals the number of accounts whose `RolesOf` holds it, and is
	///    at most `MaxRoleHolders`;
	/// 2. no `RolesOf` entry is empty;
	/// 3. `UserCount` equals the number of `RegisteredUsers`;
	/// 4. every rate limit allows at least one transaction per window of at least one block;
	/// 5. every role holder and registered user exists (has a provider reference).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut counts = [0u32; Role::ALL.len()];
		for (who, roles) in RolesOf::<T>::iter() {
			ensure!(!roles.is_empty(), "an empty RolesOf entry");
			ensure!(frame_system::Pallet::<T>::providers(&who) > 0, "a role holder does not exist");
			for (i, role) in Role::ALL.iter().enumerate() {
				if roles.contains(*role) {
					counts[i] = counts[i].saturating_add(1);
				}
			}
		}
		for (i, role) in Role::ALL.iter().enumerate() {
			ensure!(HolderCount::<T>::get(role) == counts[i], "HolderCount differs from RolesOf");
			ensure!(counts[i] <= T::MaxRoleHolders::get(), "more holders than MaxRoleHolders");
		}
		let mut users = 0u32;
		for who in RegisteredUsers::<T>::iter_keys() {
			ensure!(frame_system::Pallet::<T>::providers(&who) > 0, "a user does not exist");
			users = users.saturating_add(1);
		}
		ensure!(UserCount::<T>::get() == users, "UserCount differs from RegisteredUsers");
		for (_, limit) in RateLimits::<T>::iter() {
			ensure!(limit.max_transactions > 0 && limit.period > 0, "an invalid rate limit");
		}
		Ok(())
	}
}
