#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod extension;
mod functions;
mod impls;
mod recovery;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::CheckKnownSigner;
pub use impls::{roles, EnsureRole, KeepMembersKnown};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// How a call names an account (an address the runtime's `Lookup` resolves).
pub type AccountIdLookupOf<T> =
	<<T as frame_system::Config>::Lookup as sp_runtime::traits::StaticLookup>::Source;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, RawOrigin},
		pallet_prelude::*,
		traits::{Contains, UnfilteredDispatchable},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::StaticLookup;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A call governance dispatches as root (a runtime upgrade, a root-only parameter).
		type RuntimeCall: Parameter
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;

		/// The consortium's governance (at least 2/3 of the members in the runtime): appoints
		/// and dismisses role holders, sets rate limits, dispatches as root.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who registers users (the registrar role, or governance).
		type UserRegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Other accounts of class [`AccountClass::Consortium`]: consortium members, validators.
		type Privileged: Contains<Self::AccountId>;

		/// Accounts of class [`AccountClass::Owner`]: certified vehicle owners.
		type Owners: Contains<Self::AccountId>;

		/// Other accounts of class [`AccountClass::User`] besides the registered users (e.g.
		/// holders of crystals, which only the activity oracle awards).
		type Users: Contains<Self::AccountId>;

		/// Accounts whose signed transactions are refused whatever else they are (an account
		/// whose recovery to a new key has passed its delay: from then on only the new key
		/// acts for its holder). `Nothing` suspends no one.
		type Suspended: Contains<Self::AccountId>;

		/// Which calls each class may sign, and with how much input ([`SignerPolicy`]):
		/// [`CheckKnownSigner`] refuses the rest with [`CALL_NOT_ALLOWED`] or
		/// [`CALL_TOO_LARGE`]. `()` lets every class make every call.
		type SignerPolicy: SignerPolicy<<Self as frame_system::Config>::RuntimeCall>;

		/// Most accounts holding one role.
		#[pallet::constant]
		type MaxRoleHolders: Get<u32>;

		/// What verifying a signature weighs, per key type, where the runtime's per-extrinsic
		/// base weight leaves it out (`()` where the base includes it). [`CheckKnownSigner`]
		/// charges the costliest key type's to every transaction and refunds it, with the rest
		/// of its weight, to those that are not signed (calls authorised by their pallet, such as
		/// device-signed mileage reports, carry no transaction signature).
		type SignatureWeights: csop_primitives::SignatureWeights;

		/// Weights of this pallet's calls and of [`CheckKnownSigner`].
		type WeightInfo: WeightInfo;
	}

	/// The roles of each role holder.
	#[pallet::storage]
	pub type RolesOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Roles, OptionQuery>;

	/// Holders of each role (at most [`Config::MaxRoleHolders`]).
	#[pallet::storage]
	pub type HolderCount<T> = StorageMap<_, Twox64Concat, Role, u32, ValueQuery>;

	/// Users registered by the maker.
	#[pallet::storage]
	pub type RegisteredUsers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// How many users are registered.
	#[pallet::storage]
	pub type UserCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The rate limit of each class; a class without one is not limited.
	#[pallet::storage]
	pub type RateLimits<T> = StorageMap<_, Twox64Concat, AccountClass, RateLimit, OptionQuery>;

	/// Signed transactions of each account in its current window (written when a transaction is
	/// included; one entry per account that ever signed, like its nonce).
	#[pallet::storage]
	pub type UsageOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Usage, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Role holders at genesis.
		pub roles: alloc::vec::Vec<(Role, T::AccountId)>,
		/// Users registered at genesis.
		pub users: alloc::vec::Vec<T::AccountId>,
		/// Rate limits at genesis.
		pub rate_limits: alloc::vec::Vec<(AccountClass, RateLimit)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (role, who) in &self.roles {
				Pallet::<T>::do_appoint(*role, who)
					.expect("genesis roles are distinct and within MaxRoleHolders");
			}
			for who in &self.users {
				Pallet::<T>::do_register_user(who).expect("genesis users are distinct");
			}
			for (class, limit) in &self.rate_limits {
				assert!(
					limit.max_transactions > 0 && limit.period > 0,
					"genesis rate limits allow at least 1 transaction per at least 1 block"
				);
				RateLimits::<T>::insert(class, limit);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` was appointed to `role`.
		Appointed { role: Role, who: T::AccountId },
		/// `who` was dismissed from `role`.
		Dismissed { role: Role, who: T::AccountId },
		/// The maker registered `who` as a user.
		UserRegistered { who: T::AccountId },
		/// `who` is no longer a registered user.
		UserDeregistered { who: T::AccountId },
		/// The rate limit of `class` was set (`None`: removed).
		RateLimitSet { class: AccountClass, limit: Option<RateLimit> },
		/// Governance dispatched a call as root, with this result.
		DispatchedAsRoot { result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already holds this role.
		AlreadyAppointed,
		/// The account does not hold this role.
		NotAppointed,
		/// The role has `MaxRoleHolders` holders already.
		TooManyHolders,
		/// The account is already a registered user.
		AlreadyRegistered,
		/// The account is not a registered user.
		NotRegistered,
		/// A rate limit must allow at least one transaction per window of at least one block.
		InvalidRateLimit,
		/// A counter would overflow.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Appoints `who` to `role` (governance). The account is given a provider reference so
		/// that it exists and can sign (feeless) transactions.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::appoint())]
		pub fn appoint(
			origin: OriginFor<T>,
			role: Role,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_appoint(role, &who)?;
			Self::deposit_event(Event::Appointed { role, who });
			Ok(())
		}

		/// Dismisses `who` from `role` (governance).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::dismiss())]
		pub fn dismiss(
			origin: OriginFor<T>,
			role: Role,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_dismiss(role, &who)?;
			Self::deposit_event(Event::Dismissed { role, who });
			Ok(())
		}

		/// Registers `who` as a user of the programme (the registrar): its signed transactions
		/// are admitted as [`AccountClass::User`], and it is given a provider reference.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_user())]
		pub fn register_user(origin: OriginFor<T>, who: AccountIdLookupOf<T>) -> DispatchResult {
			T::UserRegistrarOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_register_user(&who)?;
			Self::deposit_event(Event::UserRegistered { who });
			Ok(())
		}

		/// Ends `who`'s registration as a user (the registrar).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::deregister_user())]
		pub fn deregister_user(origin: OriginFor<T>, who: AccountIdLookupOf<T>) -> DispatchResult {
			T::UserRegistrarOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_deregister_user(&who)?;
			Self::deposit_event(Event::UserDeregistered { who });
			Ok(())
		}

		/// Sets (or with `None` removes) the rate limit of `class` (governance). It applies to
		/// transactions validated from the next block on.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_rate_limit())]
		pub fn set_rate_limit(
			origin: OriginFor<T>,
			class: AccountClass,
			limit: Option<RateLimit>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			match limit {
				Some(l) => {
					ensure!(l.max_transactions > 0 && l.period > 0, Error::<T>::InvalidRateLimit);
					RateLimits::<T>::insert(class, l);
				},
				None => RateLimits::<T>::remove(class),
			}
			Self::deposit_event(Event::RateLimitSet { class, limit });
			Ok(())
		}

		/// Dispatches `call` with the root origin (governance): how the consortium upgrades the
		/// runtime (`system.set_code`) and reaches root-only calls. The call's own result is in
		/// [`Event::DispatchedAsRoot`]; this call succeeds once the origin is checked.
		#[pallet::call_index(5)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let result = call.dispatch_bypass_filter(RawOrigin::Root.into());
			let actual = result.map_or_else(|e| e.post_info.actual_weight, |p| p.actual_weight);
			Self::deposit_event(Event::DispatchedAsRoot {
				result: result.map(|_| ()).map_err(|e| e.error),
			});
			Ok(actual.map(|w| w.saturating_add(T::WeightInfo::dispatch_as_root())).into())
		}
	}
}
