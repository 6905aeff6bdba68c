#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod functions;
mod impls;
pub mod runtime_api;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

/// How a call names an account (an address the runtime's `Lookup` resolves).
pub type AccountIdLookupOf<T> =
	<<T as frame_system::Config>::Lookup as sp_runtime::traits::StaticLookup>::Source;

/// A list of validators, at most `MaxValidators` long: the governed set and the planned set.
pub type ValidatorsOf<T> =
	frame_support::BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxValidators>;

/// A session's index, as `pallet_session` counts them (the genesis session is 0).
pub type SessionIndex = u32;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::StaticLookup;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default config for mocks:
	/// `#[derive_impl(pallet_validator_set::config_preludes::TestDefaultConfig)]` leaves only the
	/// origin and the key registry to set.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, traits::ConstU32};

		/// At most 10 validators, at least 1, weights of `()`.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxValidators = ConstU32<10>;
			type MinValidators = ConstU32<1>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// Who adds and removes validators (governance).
		#[pallet::no_default]
		type AddRemoveOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has session keys (`Session` in the runtime). Only validators with
		/// keys are handed to the session pallet.
		#[pallet::no_default]
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// Most validators in the governed set. At most the consensus engines' `MaxAuthorities`
		/// (BABE and GRANDPA silently truncate longer authority lists).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Fewest validators: no removal leaves fewer in the governed set, and no smaller set is
		/// ever handed to the session pallet. At least 1.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The governed validator set, in order of addition. Members need not have session keys.
	#[pallet::storage]
	pub type Validators<T: Config> = StorageValue<_, ValidatorsOf<T>, ValueQuery>;

	/// The set last handed to the session pallet (at genesis, or by the last
	/// `new_session` that returned a set): the members of [`Validators`] that had session keys
	/// then. Empty until a set is first handed over.
	#[pallet::storage]
	pub type Planned<T: Config> = StorageValue<_, ValidatorsOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators at genesis: no duplicates, at least `MinValidators` and at most
		/// `MaxValidators`, each with session keys in the session pallet's genesis. Empty: the
		/// session pallet's genesis keys decide the first validators, and this pallet hands a
		/// set over only once governance has added at least `MinValidators` with keys.
		pub validators: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis may fail loudly: a chain spec with a bad validator set must not start.
			if self.validators.is_empty() {
				return;
			}
			let mut seen = alloc::collections::BTreeSet::new();
			for v in &self.validators {
				assert!(seen.insert(v), "genesis validators must not repeat: {v:?}");
			}
			assert!(
				self.validators.len() >= T::MinValidators::get() as usize,
				"genesis needs at least MinValidators validators"
			);
			let set = ValidatorsOf::<T>::try_from(self.validators.clone())
				.expect("genesis validators must be at most MaxValidators");
			for v in &set {
				frame_system::Pallet::<T>::inc_providers(v);
			}
			Validators::<T>::put(&set);
			Planned::<T>::put(set);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance added `who` to the validator set. It authors once it has session keys
		/// and a set with it has been planned (see the crate docs for when).
		ValidatorAdded {
			/// The new validator.
			who: T::AccountId,
		},
		/// Governance removed `who` from the validator set. It stops authoring once the next
		/// set without it takes effect.
		ValidatorRemoved {
			/// The former validator.
			who: T::AccountId,
		},
		/// A new set was handed to the session pallet for session `session`.
		NewSetPlanned {
			/// The session the set was planned for (it becomes active at its start).
			session: SessionIndex,
			/// The planned validators, in order of addition.
			validators: alloc::vec::Vec<T::AccountId>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The set already has `MaxValidators` validators.
		TooManyValidators,
		/// The account is not a validator.
		NotValidator,
		/// Removing the validator would leave fewer than `MinValidators`.
		TooFewValidators,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators is at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators is at most MaxValidators"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` to the validator set. `who` needs no session keys yet: once a validator,
		/// its account sets them with `session.set_keys`, and it starts authoring in the
		/// session after the first set planned with its keys.
		///
		/// Privileged: [`Config::AddRemoveOrigin`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: AccountIdLookupOf<T>) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_add_validator(who)
		}

		/// Remove `who` from the validator set. It keeps authoring until the next planned set
		/// without it takes effect.
		///
		/// Privileged: [`Config::AddRemoveOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, who: AccountIdLookupOf<T>) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_remove_validator(who)
		}
	}
}
