//! What the consortium gives the runtime: role origins for other pallets, and a membership hook
//! that keeps consortium members in existence.

use crate::{Config, Pallet, Role};
use core::marker::PhantomData;
use frame_support::traits::{ChangeMembers, EnsureOrigin, Get, InitializeMembers};
use frame_system::RawOrigin;

/// The origin of a signed account holding role `R` (the account is its success value).
/// Other pallets take it as an origin, e.g. the registrar origin of the vehicle registry is
/// `EnsureRole<Runtime, roles::Registrar>` (with governance as the alternative).
pub struct EnsureRole<T, R>(PhantomData<(T, R)>);

impl<T: Config, R: Get<Role>> EnsureOrigin<T::RuntimeOrigin> for EnsureRole<T, R> {
	type Success = T::AccountId;

	fn try_origin(o: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		match o.clone().into() {
			Ok(RawOrigin::Signed(who)) if Pallet::<T>::has_role(R::get(), &who) => Ok(who),
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		let who: T::AccountId = frame_benchmarking::account("role-holder", 0, 0);
		if !Pallet::<T>::has_role(R::get(), &who) {
			Pallet::<T>::do_appoint(R::get(), &who).map_err(|_| ())?;
		}
		Ok(RawOrigin::Signed(who).into())
	}
}

/// The roles as types, for [`EnsureRole`].
pub mod roles {
	use super::*;

	/// [`Role::Registrar`].
	pub struct Registrar;
	impl Get<Role> for Registrar {
		fn get() -> Role {
			Role::Registrar
		}
	}

	/// [`Role::ActivityOracle`].
	pub struct ActivityOracle;
	impl Get<Role> for ActivityOracle {
		fn get() -> Role {
			Role::ActivityOracle
		}
	}

	/// [`Role::CatalogManager`].
	pub struct CatalogManager;
	impl Get<Role> for CatalogManager {
		fn get() -> Role {
			Role::CatalogManager
		}
	}
}

/// A membership hook (`MembershipChanged` / `MembershipInitialized` of `pallet-membership`)
/// that forwards to `Inner` (the consortium's collective) and gives each member a provider
/// reference while it is a member, so that a new member's fresh key exists and can sign votes
/// at once, without holding stones.
pub struct KeepMembersKnown<T, Inner>(PhantomData<(T, Inner)>);

impl<T, Inner> ChangeMembers<T::AccountId> for KeepMembersKnown<T, Inner>
where
	T: Config,
	T::AccountId: Ord,
	Inner: ChangeMembers<T::AccountId>,
{
	fn change_members_sorted(
		incoming: &[T::AccountId],
		outgoing: &[T::AccountId],
		sorted_new: &[T::AccountId],
	) {
		Inner::change_members_sorted(incoming, outgoing, sorted_new);
		for who in incoming {
			frame_system::Pallet::<T>::inc_providers(who);
		}
		for who in outgoing {
			Pallet::<T>::release_provider(who);
		}
	}

	fn set_prime(prime: Option<T::AccountId>) {
		Inner::set_prime(prime)
	}

	fn get_prime() -> Option<T::AccountId> {
		Inner::get_prime()
	}
}

impl<T, Inner> InitializeMembers<T::AccountId> for KeepMembersKnown<T, Inner>
where
	T: Config,
	Inner: InitializeMembers<T::AccountId>,
{
	fn initialize_members(members: &[T::AccountId]) {
		Inner::initialize_members(members);
		for who in members {
			frame_system::Pallet::<T>::inc_providers(who);
		}
	}
}
