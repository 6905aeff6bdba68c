#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

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

pub use csop_primitives::CrystalAmount;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// How a call names an account (an address the runtime's `Lookup` resolves).
pub type AccountIdLookupOf<T> =
	<<T as frame_system::Config>::Lookup as sp_runtime::traits::StaticLookup>::Source;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::StaticLookup;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default config for mocks:
	/// `#[derive_impl(pallet_crystals::config_preludes::TestDefaultConfig)]` leaves only the
	/// origins and the clock to set.
	pub mod config_preludes {
		use super::*;
		use frame_support::{
			derive_impl,
			traits::{ConstU32, ConstU64},
		};

		/// A week's award window, a minute of clock drift, 5 entries pruned a block, weights of
		/// `()`.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type AwardWindowDays = ConstU32<7>;
			type DefaultReferenceRetentionDays = ConstU32<400>;
			type MaxClockDrift = ConstU64<60_000>;
			type MaxPrunePerBlock = ConstU32<5>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// Who sets the crystals and caps of each activity (governance).
		#[pallet::no_default]
		type RuleOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who attests activities and awards crystals (the car maker's app backend).
		#[pallet::no_default]
		type OracleOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The chain's time: which day it is, and awards from the future.
		#[pallet::no_default]
		type Time: UnixTime;

		/// Awards for activities more than this many days before today are refused; their
		/// daily counters are then pruned.
		#[pallet::constant]
		type AwardWindowDays: Get<u32>;

		/// How many days an attestation's reference is kept, so that it is never paid twice in
		/// that time, until governance sets another ([`ReferenceRetentionDays`]; runtime: 400).
		/// At least `AwardWindowDays`.
		#[pallet::constant]
		type DefaultReferenceRetentionDays: Get<u32>;

		/// How far (ms) an activity's time may be ahead of the chain's clock.
		#[pallet::constant]
		type MaxClockDrift: Get<u64>;

		/// Most storage entries `on_idle` removes in one block (it also stays within the block's
		/// remaining weight).
		#[pallet::constant]
		type MaxPrunePerBlock: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Crystals of each known user. An entry is created at the account's first crystals and
	/// kept (also at zero): it holds a provider reference, so that the account exists and can
	/// sign (feeless) transactions such as buying a mine box without holding stones.
	#[pallet::storage]
	pub type Balances<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CrystalAmount, OptionQuery>;

	/// Crystals held by all accounts together.
	#[pallet::storage]
	pub type TotalCrystals<T> = StorageValue<_, CrystalAmount, ValueQuery>;

	/// Crystals ever awarded for activities.
	#[pallet::storage]
	pub type TotalAwarded<T> = StorageValue<_, CrystalAmount, ValueQuery>;

	/// Crystals ever granted otherwise (mine box treasures).
	#[pallet::storage]
	pub type TotalGranted<T> = StorageValue<_, CrystalAmount, ValueQuery>;

	/// Crystals ever spent (on mine boxes).
	#[pallet::storage]
	pub type TotalSpent<T> = StorageValue<_, CrystalAmount, ValueQuery>;

	/// The published rules: crystals and caps per activity. An activity without a rule earns
	/// nothing.
	#[pallet::storage]
	pub type ActivityRules<T> = StorageMap<_, Twox64Concat, Activity, ActivityRule, OptionQuery>;

	/// References already paid, by the UTC day of their activity: the index pruning walks.
	/// A day's references are pruned once it is older than [`ReferenceRetentionDays`].
	#[pallet::storage]
	pub type UsedReferences<T> =
		StorageDoubleMap<_, Twox64Concat, Day, Identity, H256, (), OptionQuery>;

	/// Each reference paid and not yet pruned, with the day of its activity: a reference is
	/// paid at most once while it is kept, whatever day the attestation names.
	#[pallet::storage]
	pub type ReferenceDays<T> = StorageMap<_, Identity, H256, Day, OptionQuery>;

	#[pallet::type_value]
	pub fn DefaultRetention<T: Config>() -> u32 {
		T::DefaultReferenceRetentionDays::get()
	}

	/// How many days references are kept (governance; [`Config::DefaultReferenceRetentionDays`]
	/// until set).
	#[pallet::storage]
	pub type ReferenceRetentionDays<T> = StorageValue<_, u32, ValueQuery, DefaultRetention<T>>;

	/// Awards per (day, account, activity), for the daily cap. Pruned once the day leaves the
	/// award window.
	#[pallet::storage]
	pub type DailyAwards<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, Day>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, Activity>,
		),
		u32,
		ValueQuery,
	>;

	/// Awards per (account, activity) ever, for lifetime caps.
	#[pallet::storage]
	pub type LifetimeAwards<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Activity,
		u32,
		ValueQuery,
	>;

	/// The oldest day that may still hold daily counters (`None`: no award yet): where
	/// `on_idle` pruning of daily counters resumes. No key cursor is kept: each block's pruning
	/// runs on the state the previous blocks committed, in which the keys already removed are
	/// gone.
	#[pallet::storage]
	pub type PruneFrom<T> = StorageValue<_, Day, OptionQuery>;

	/// The oldest day that may still hold references (`None`: no award yet): where `on_idle`
	/// pruning of references resumes.
	#[pallet::storage]
	pub type ReferencesPruneFrom<T> = StorageValue<_, Day, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The activity rules at genesis.
		pub rules: alloc::vec::Vec<(Activity, ActivityRule)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (activity, rule) in &self.rules {
				// Genesis may fail loudly: a chain spec with a rule that pays nothing must not
				// start.
				assert!(rule.is_valid(), "genesis activity rules must pay crystals: {activity:?}");
				ActivityRules::<T>::insert(activity, rule);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance set the rule of `activity` (`None`: it earns nothing now).
		ActivityRuleSet { activity: Activity, rule: Option<ActivityRule> },
		/// The oracle awarded `who` `crystals` for `activity` on `day` (reference
		/// `reference`).
		Awarded {
			who: T::AccountId,
			activity: Activity,
			crystals: CrystalAmount,
			day: Day,
			reference: H256,
		},
		/// `who` received `crystals` as a mine box treasure.
		Granted { who: T::AccountId, crystals: CrystalAmount },
		/// `who` spent `crystals` (on a mine box).
		Spent { who: T::AccountId, crystals: CrystalAmount },
		/// The daily counters of `day` were pruned (the day left the award window).
		DayPruned { day: Day },
		/// The references of `day` were pruned (the day is older than the retention): they
		/// could be attested again.
		ReferencesPruned { day: Day },
		/// Governance set how many days references are kept.
		ReferenceRetentionSet { days: u32 },
		/// An account recovery moved `from`'s `crystals` to `to`, the same person's new account
		/// (with its award counters, so that caps stay the person's).
		Recovered { from: T::AccountId, to: T::AccountId, crystals: CrystalAmount },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The activity has no rule: it earns nothing.
		ActivityNotRewarded,
		/// The activity's time is ahead of the chain's clock by more than `MaxClockDrift`.
		ActivityInFuture,
		/// The activity is older than the award window (`AwardWindowDays`).
		ActivityTooOld,
		/// This reference was already paid (within the retention period, for any day).
		AlreadyAwarded,
		/// The account reached the activity's daily cap for that day.
		DailyCapReached,
		/// The account reached the activity's lifetime cap.
		LifetimeCapReached,
		/// A rule must pay crystals, allow at least one award a day, and a lifetime cap may not
		/// be zero.
		InvalidRule,
		/// The account has fewer crystals than the amount.
		InsufficientCrystals,
		/// A crystal counter would overflow.
		Overflow,
		/// References must be kept at least as long as the award window.
		RetentionShorterThanWindow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::prune(remaining)
		}

		fn integrity_test() {
			assert!(T::AwardWindowDays::get() >= 1, "the award window is at least a day");
			assert!(T::MaxPrunePerBlock::get() >= 1, "pruning must make progress");
			assert!(
				T::DefaultReferenceRetentionDays::get() >= T::AwardWindowDays::get(),
				"references are kept at least as long as the award window"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set (or with `None` remove) the crystals and caps of an activity.
		///
		/// Privileged: [`Config::RuleOrigin`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_activity_rule())]
		pub fn set_activity_rule(
			origin: OriginFor<T>,
			activity: Activity,
			rule: Option<ActivityRule>,
		) -> DispatchResult {
			T::RuleOrigin::ensure_origin(origin)?;
			Self::do_set_activity_rule(activity, rule)
		}

		/// Award `who` the crystals of `activity`, done at `occurred_at_ms`, attested under the
		/// unique `reference` (e.g. a hash of the app backend's event id).
		///
		/// Privileged: [`Config::OracleOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::award())]
		pub fn award(
			origin: OriginFor<T>,
			who: AccountIdLookupOf<T>,
			activity: Activity,
			occurred_at_ms: u64,
			reference: H256,
		) -> DispatchResult {
			T::OracleOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_award(&who, activity, occurred_at_ms, reference).map(|_| ())
		}

		/// Keep references for `days` days (at least `AwardWindowDays`): a reference is never
		/// paid twice while it is kept. References of days older than that are pruned.
		///
		/// Privileged: [`Config::RuleOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_reference_retention())]
		pub fn set_reference_retention(origin: OriginFor<T>, days: u32) -> DispatchResult {
			T::RuleOrigin::ensure_origin(origin)?;
			Self::do_set_reference_retention(days)
		}
	}
}
