#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod functions;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use csop_primitives::{MoveStep, RecoverHoldings};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The source of an account argument (an address).
pub type AccountIdLookupOf<T> =
	<<T as frame_system::Config>::Lookup as sp_runtime::traits::StaticLookup>::Source;

/// An open recovery as stored.
pub type RecoveryOf<T> = Recovery<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// The lost accounts whose recovery passed its delay or completed ([`Pallet::is_suspended`]):
/// the runtime refuses their signed transactions (`pallet_consortium::Config::Suspended`).
pub struct Suspended<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Contains<T::AccountId> for Suspended<T> {
	fn contains(who: &T::AccountId) -> bool {
		Pallet::<T>::is_suspended(who)
	}
}

/// Sets up what benchmarks need outside this pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Gives `who` something a recovery moves (a recovery of an account that holds nothing
	/// cannot be opened).
	fn give_holdings(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::StaticLookup;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who opens a recovery: the maker's registrar, after checking the person's identity
		/// off chain (or root).
		type RegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who sets the delay, and may cancel a recovery before anything moved (governance).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Vehicle ownership.
		type Vehicles: RecoverHoldings<Self::AccountId>;
		/// Mine boxes, rights and pity.
		type MineBoxes: RecoverHoldings<Self::AccountId>;
		/// Crystals and their award counters.
		type Crystals: RecoverHoldings<Self::AccountId>;
		/// Redemptions and their held stones.
		type Redemptions: RecoverHoldings<Self::AccountId>;
		/// Free stones.
		type Stones: RecoverHoldings<Self::AccountId>;
		/// The registration as a user (the one domain a new account may already hold).
		type Users: RecoverHoldings<Self::AccountId>;

		/// The delay until governance sets one: blocks between opening a recovery and the first
		/// move, during which the lost account's key can cancel it.
		#[pallet::constant]
		type DefaultDelay: Get<BlockNumberFor<Self>>;

		/// The shortest delay governance may set.
		#[pallet::constant]
		type MinDelay: Get<BlockNumberFor<Self>>;

		/// The largest budget of one `advance` call (units of work: records moved or entries
		/// looked at), which bounds its weight.
		#[pallet::constant]
		type MaxBudget: Get<u32>;

		/// Weights of this pallet's calls (the moves themselves are weighed by each domain).
		type WeightInfo: WeightInfo;

		/// Sets up benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	#[pallet::type_value]
	pub fn DefaultDelayOf<T: Config>() -> BlockNumberFor<T> {
		T::DefaultDelay::get()
	}

	/// Blocks between opening a recovery and its first move, for recoveries opened from now on
	/// (governance; [`Config::DefaultDelay`] until set).
	#[pallet::storage]
	pub type Delay<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultDelayOf<T>>;

	/// Open recoveries, by lost account.
	#[pallet::storage]
	pub type Recoveries<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, RecoveryOf<T>>;

	/// The new account of each open recovery, to its lost account: an account receives at
	/// most one recovery at a time.
	#[pallet::storage]
	pub type Rescuers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// Every account whose recovery completed, to the new account it went to: its key stays
	/// suspended for good (whoever has the lost phone cannot sign for the account, which may
	/// still receive, e.g. a transfer, but never spend).
	#[pallet::storage]
	pub type Recovered<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A registrar opened the recovery of `lost` to `rescuer` on the identity check whose
		/// record hashes to `evidence`. Holdings may move from block `executable_at` on; until
		/// then `lost`'s key can cancel it.
		RecoveryOpened {
			lost: T::AccountId,
			rescuer: T::AccountId,
			evidence: H256,
			executable_at: BlockNumberFor<T>,
		},
		/// The recovery of `lost` was cancelled by `by`; nothing moved.
		RecoveryCancelled { lost: T::AccountId, rescuer: T::AccountId, by: Canceller },
		/// `units` of `lost`'s holdings in `domain` moved to `rescuer` (records moved or
		/// entries looked at; each domain's own events name the records).
		HoldingsMoved { lost: T::AccountId, rescuer: T::AccountId, domain: Domain, units: u32 },
		/// The recovery of `lost` waits for the chain: something in `domain` cannot move before
		/// a later block (an unrevealed box's seed); `advance` again in a few blocks.
		RecoveryWaiting { lost: T::AccountId, domain: Domain },
		/// Everything `lost` held that a recovery moves is `rescuer`'s now.
		RecoveryCompleted { lost: T::AccountId, rescuer: T::AccountId },
		/// Governance set the delay of recoveries opened from now on.
		DelaySet { delay: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The lost account and the new account are the same.
		SameAccount,
		/// A recovery of this account is already open.
		AlreadyOpen,
		/// The new account is already receiving another recovery.
		RescuerInUse,
		/// The new account is itself being recovered.
		RescuerBeingRecovered,
		/// The lost account is receiving a recovery of another account: finish that first.
		LostIsRescuer,
		/// The new account already holds something a recovery moves (vehicles, boxes, rights,
		/// crystals, redemptions or stones): a recovery's new account is a fresh key.
		RescuerNotEmpty,
		/// The lost account holds nothing a recovery moves.
		NothingToRecover,
		/// The account was recovered already: its key is suspended for good.
		AlreadyRecovered,
		/// No recovery of this account is open.
		NoRecovery,
		/// The delay has not passed: nothing may move yet.
		DelayNotOver,
		/// The delay has passed: the lost account's key can no longer cancel.
		DelayOver,
		/// Holdings have started to move: the recovery can no longer be cancelled.
		AlreadyMoving,
		/// Only the lost account's key, a registrar or governance may cancel a recovery.
		NotAllowedToCancel,
		/// The budget is zero or above `MaxBudget`.
		BadBudget,
		/// The delay is shorter than `MinDelay`.
		DelayTooShort,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBudget::get() >= 1, "a recovery step moves at least one record");
			assert!(T::DefaultDelay::get() >= T::MinDelay::get(), "DefaultDelay >= MinDelay");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open the recovery of `lost` to `rescuer`, the same person's new key, after the
		/// maker's identity check whose record hashes to `evidence`. Holdings move once the
		/// delay ([`Delay`]) has passed; until then `lost`'s key can cancel.
		///
		/// Privileged: [`Config::RegistrarOrigin`]. `rescuer` must hold nothing a recovery
		/// moves (it may be a registered user already, so that it can sign).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open())]
		pub fn open(
			origin: OriginFor<T>,
			lost: AccountIdLookupOf<T>,
			rescuer: AccountIdLookupOf<T>,
			evidence: H256,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			let lost = T::Lookup::lookup(lost)?;
			let rescuer = T::Lookup::lookup(rescuer)?;
			Self::do_open(lost, rescuer, evidence)
		}

		/// Cancel the open recovery of `lost`: by `lost`'s own key during the delay, or by a
		/// registrar or governance before anything moved.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, lost: AccountIdLookupOf<T>) -> DispatchResult {
			let lost = T::Lookup::lookup(lost)?;
			let by = Self::canceller(origin, &lost)?;
			Self::do_cancel(lost, by)
		}

		/// Move up to `budget` units of `lost`'s holdings to its new account, going on where
		/// the last call stopped; completes the recovery once `lost` holds nothing it moves.
		/// Anyone may call it once the delay has passed (usually the new account's wallet).
		///
		/// Weighs the worst case of `budget` in every domain; refunds what it did not use.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::advance_weight(*budget))]
		pub fn advance(
			origin: OriginFor<T>,
			lost: AccountIdLookupOf<T>,
			budget: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let lost = T::Lookup::lookup(lost)?;
			let used = Self::do_advance(lost, budget)?;
			Ok(Some(used).into())
		}

		/// Set the delay of recoveries opened from now on (at least [`Config::MinDelay`]).
		///
		/// Privileged: [`Config::GovernanceOrigin`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_delay())]
		pub fn set_delay(origin: OriginFor<T>, delay: BlockNumberFor<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(delay >= T::MinDelay::get(), Error::<T>::DelayTooShort);
			Delay::<T>::put(delay);
			Self::deposit_event(Event::DelaySet { delay });
			Ok(())
		}
	}
}
