#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod charge;
mod features;
mod impls;
pub mod runtime_api;
pub mod schedule;
mod try_state;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The reports a gateway relays in one [`Call::report_bundle`].
pub type ReportBundleOf<T> = frame_support::BoundedVec<
	(MileageReport, csop_primitives::DeviceSignature),
	<T as Config>::MaxBundleSize,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use csop_primitives::DeviceSignature;
	use csop_primitives::{Meters, OnMileageVerified, StoneIssuer, VehicleId, VehicleRegistry};
	use frame_support::{
		pallet_prelude::*,
		traits::{tokens::Balance as BalanceT, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::U256;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The stones balance type.
		type Balance: BalanceT;

		/// Issues rewards from [`csop_primitives::Pool::MileageMining`] (the stones pallet).
		/// This pallet must be the only issuer from that pool after genesis.
		type Issuer: StoneIssuer<Self::AccountId, Balance = Self::Balance>;

		/// Whether a vehicle's reports may be mined, and its device key (the vehicle registry).
		type Registry: VehicleRegistry<Self::AccountId>;

		/// Told about every accepted report (the vehicle registry's angel programme).
		type OnMileageVerified: OnMileageVerified;

		/// The chain's time, for reports from the future.
		type Time: UnixTime;

		/// Who may change [`MiningParams`] (governance).
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks per period (runtime: 200 = 10 minutes at 3 s).
		#[pallet::constant]
		type RewardPeriod: Get<u32>;

		/// Periods per bucket (runtime: 6 = 1 hour).
		#[pallet::constant]
		type BucketPeriods: Get<u32>;

		/// Buckets in the trailing window mileage counts for (runtime: 720 = 720 hours).
		/// Also the most slots a vehicle has.
		#[pallet::constant]
		type WindowBuckets: Get<u32>;

		/// The reward of each period before the first halving (runtime: 500 stones).
		#[pallet::constant]
		type InitialPeriodReward: Get<Self::Balance>;

		/// Periods between halvings (runtime: 210,384 = 4 years of 10-minute periods).
		#[pallet::constant]
		type HalvingPeriod: Get<u32>;

		/// Over how many periods the schedule's unreleased rewards (the backlog: periods with
		/// no mileage, rounding) are released again: each close releases the period's reward
		/// plus `ceil(backlog / CatchUpPeriods)` (runtime: 4,320 = 30 days). Non-zero.
		#[pallet::constant]
		type CatchUpPeriods: Get<u32>;

		/// Most reports in one [`Call::report_bundle`].
		#[pallet::constant]
		type MaxBundleSize: Get<u32>;

		/// Transaction-pool priority of valid reports.
		#[pallet::constant]
		type ReportPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// What checking a device signature weighs, per key type (the runtime's
		/// `signature_check` benchmark).
		type SignatureWeights: csop_primitives::SignatureWeights;

		/// Registers vehicles for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The plausibility parameters of reports.
	///
	/// This and the other values every report reads or writes ([`RewardPerMeter`], [`EffectiveMeters`],
	/// [`OpenBucket`], [`RewardPeriodOverride`]) are whitelisted in the benchmarks: no report is
	/// charged for their database access, which every block pays once instead
	/// ([`Pallet::hot_values_weight`], charged by `on_initialize`).
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type Params<T> = StorageValue<_, MiningParams, ValueQuery>;

	/// Each reporting vehicle's last report, unclaimed (scaled) rewards and its latest slot
	/// (`current`): a report in the same bucket as the vehicle's previous one writes only this.
	#[pallet::storage]
	pub type VehicleStates<T> = StorageMap<_, Identity, VehicleId, VehicleMining>;

	/// Each vehicle's older slots, indexed by `bucket % WindowBuckets`: the metres it drove in
	/// a bucket and their accumulator entry. Never holds an entry at the index of the
	/// vehicle's `current` slot, so a vehicle has at most `WindowBuckets` slots in all.
	#[pallet::storage]
	pub type Slots<T> = StorageDoubleMap<_, Identity, VehicleId, Twox64Concat, u32, Slot>;

	/// Cumulative reward per effective metre, scaled by [`REWARD_PER_METER_SCALE`].
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type RewardPerMeter<T> = StorageValue<_, U256, ValueQuery>;

	/// Effective metres: the metres that count in the current period (sum of [`BucketMeters`]).
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type EffectiveMeters<T> = StorageValue<_, u128, ValueQuery>;

	/// Metres accepted in each bucket that still counts, except the open bucket's.
	#[pallet::storage]
	pub type BucketMeters<T> = StorageMap<_, Twox64Concat, u32, u128, ValueQuery>;

	/// The open bucket (the current block's) and the metres accepted in it: `(bucket, metres)`.
	/// A value every report writes (whitelisted, see [`Params`]); `on_initialize` moves it to
	/// [`BucketMeters`] when a new bucket begins.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type OpenBucket<T> = StorageValue<_, (u32, u128), ValueQuery>;

	/// The accumulator's value at the close of each closed bucket's last period.
	#[pallet::storage]
	pub type BucketRewardPerMeter<T> = StorageMap<_, Twox64Concat, u32, U256>;

	/// Rewards promised to vehicles so far (claimed or not, less what was forfeited or
	/// dropped), scaled by [`REWARD_PER_METER_SCALE`]: exactly what the vehicles earned.
	/// [`Pallet::released`] is its ceiling in the smallest unit.
	#[pallet::storage]
	pub type ReleasedScaled<T> = StorageValue<_, U256, ValueQuery>;

	/// Rewards paid out so far.
	#[pallet::storage]
	pub type Claimed<T: Config> = StorageValue<_, T::Balance, ValueQuery>;

	/// The last closed period (`None` before the first close).
	#[pallet::storage]
	pub type LastClosedPeriod<T> = StorageValue<_, u32>;

	/// Blocks per period, if the chain's genesis chose another than [`Config::RewardPeriod`]
	/// (development chains use short periods so that rewards show within a minute). Set only at
	/// genesis: no call changes it, because period indices derive from it.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type RewardPeriodOverride<T> = StorageValue<_, u32, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The report parameters at genesis.
		pub params: MiningParams,
		/// Blocks per period on this chain, if not [`Config::RewardPeriod`] (non-zero).
		pub reward_period: Option<u32>,
		#[serde(skip)]
		/// Unused.
		pub _phantom: PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.params.is_valid(), "mileage mining params must be valid");
			Params::<T>::put(self.params);
			if let Some(period) = self.reward_period {
				assert!(period > 0, "the period period must be non-zero");
				RewardPeriodOverride::<T>::put(period);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A report was accepted; `meters` (zero for a vehicle's first report) count from the
		/// current period on.
		MileageReported { vehicle: VehicleId, seq: u64, meters: Meters },
		/// A report in a bundle was refused and skipped.
		ReportRejected { vehicle: VehicleId, seq: u64, reason: RejectReason },
		/// Period `period` closed: its `reward` (the scheduled reward plus a share of the
		/// backlog, within what the pool can pay) was shared among `effective_meters`, and the
		/// promises grew by `released` (`reward` less rounding; nothing without mileage: the
		/// reward then stays in the backlog).
		RewardPeriodClosed {
			period: u32,
			reward: T::Balance,
			released: T::Balance,
			effective_meters: u128,
		},
		/// `amount` stones earned by `vehicle` were paid to `owner`.
		RewardsClaimed { vehicle: VehicleId, owner: T::AccountId, amount: T::Balance },
		/// `amount` stones earned by `vehicle` could not be paid to `owner` when the vehicle
		/// changed hands (e.g. below the existential deposit of a new account) and went back
		/// to the pool.
		RewardsForfeited { vehicle: VehicleId, owner: T::AccountId, amount: T::Balance },
		/// `vehicle` was deregistered: its `live_meters` stopped counting, its state was
		/// removed.
		VehicleRemoved { vehicle: VehicleId, live_meters: u128 },
		/// `vehicle` was sold by `seller`: its rewards were settled to the seller, and the
		/// seller's `live_meters` stopped counting (the buyer earns only from their own
		/// driving, from their first report after granting consent).
		SaleSettled { vehicle: VehicleId, seller: T::AccountId, live_meters: u128 },
		/// The report parameters are now `params`.
		ParamsSet { params: MiningParams },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The report is refused (its reason is the `InvalidTransaction::Custom` code that
		/// authorization gives; this error only shows if the state changed in between).
		ReportRefused,
		/// The vehicle is not registered (or was deregistered).
		UnknownVehicle,
		/// Only the vehicle's current owner may claim its rewards.
		NotOwner,
		/// The vehicle has less than one unit of stone to claim.
		NothingToClaim,
		/// Top speed and minimum report interval must be non-zero.
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Opens the block's bucket if it is new, and closes period `n / RewardPeriod - 1` in the
		/// first block after it.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::on_block(n)
		}

		fn integrity_test() {
			assert!(T::RewardPeriod::get() > 0, "RewardPeriod must be non-zero");
			assert!(T::BucketPeriods::get() > 0, "BucketPeriods must be non-zero");
			assert!(T::WindowBuckets::get() > 0, "WindowBuckets must be non-zero");
			assert!(T::HalvingPeriod::get() > 0, "HalvingPeriod must be non-zero");
			assert!(T::CatchUpPeriods::get() > 0, "CatchUpPeriods must be non-zero");
			assert!(T::MaxBundleSize::get() > 0, "MaxBundleSize must be non-zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit one device-signed mileage report. Feeless: a general transaction authorized
		/// by [`Pallet::authorize_report`] (every check, signature included), so an invalid
		/// report never enters a block.
		///
		/// Charged for the worst case (a new bucket for the vehicle, the most
		/// [`Config::OnMileageVerified`] can use, the costliest device key type); the rest is
		/// refunded after dispatch (see [`Pallet::report_weight`] and
		/// [`Pallet::signature_refund`]).
		///
		/// Permissionless (authorized by the device signature).
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::report_weight())]
		#[pallet::authorize(Self::authorize_report)]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_report_weight())]
		pub fn report(
			origin: OriginFor<T>,
			report: MileageReport,
			signature: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			frame_system::ensure_authorized(origin)?;
			let _ = signature;
			let refund = Self::do_report(&report)?;
			Ok(Some(Self::report_weight().saturating_sub(refund)).into())
		}

		/// Submit up to [`Config::MaxBundleSize`] device-signed reports (a gateway relaying for
		/// many vehicles). Authorized when at least one report is fully valid; every report is
		/// then checked again (signature included): bad ones are skipped with
		/// [`Event::ReportRejected`], good ones applied in order.
		///
		/// Charged for the worst case of every report; the rest is refunded as for
		/// [`Call::report`] (a skipped report refunds its whole share of the worst case but
		/// its checks).
		///
		/// Permissionless (authorized by a valid device signature in the bundle).
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::report_bundle_weight(reports.len() as u32))]
		#[pallet::authorize(Self::authorize_report_bundle)]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_report_bundle_weight(reports.len() as u32))]
		pub fn report_bundle(
			origin: OriginFor<T>,
			reports: ReportBundleOf<T>,
		) -> DispatchResultWithPostInfo {
			frame_system::ensure_authorized(origin)?;
			let refund = Self::do_report_bundle(&reports);
			let charged = Self::report_bundle_weight(reports.len() as u32);
			Ok(Some(charged.saturating_sub(refund)).into())
		}

		/// Pay `vehicle`'s earned rewards to its owner (the caller).
		///
		/// Permissionless (the vehicle's current owner).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::claim(T::WindowBuckets::get()))]
		pub fn claim(origin: OriginFor<T>, vehicle: VehicleId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(&who, &vehicle).map(|_| ())
		}

		/// Set the report parameters.
		///
		/// Privileged: [`Config::ParamsOrigin`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: MiningParams) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			Self::do_set_params(params)
		}
	}
}
