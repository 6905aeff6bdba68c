//! Vehicles and mileage mining: the vehicle registry (`pallet-vehicles`) and the device-signed
//! mileage reports that issue the 210,000,000-stone mileage-mining pool
//! (`pallet-mileage-mining`).

use crate::{Balance, MileageMining, Runtime, Stones, Timestamp, Vehicles, DAYS, MINUTES, STONE};
use frame_support::{pallet_prelude::TransactionPriority, parameter_types};
#[cfg(feature = "runtime-benchmarks")]
use {crate::AccountId, csop_primitives::VehicleId};

parameter_types! {
	/// A certified owner may hold up to 64 vehicles (a family, a small fleet).
	pub const MaxVehiclesPerOwner: u32 = 64;
	/// The angel round has 3,000 places: the registrar gives each to one buyer's vehicle.
	pub const AngelVehicles: u32 = 3_000;
	/// An angel vehicle earns its entitlement by driving more than 5,000 verified km in a year.
	pub const AngelYearlyThreshold: csop_primitives::Meters = 5_000_000;
	/// From its fourth year on, the entitlement an angel vehicle earns is a battery upgrade.
	pub const BatteryAfterYears: u32 = 3;
}

impl pallet_vehicles::Config for Runtime {
	/// Vehicles are registered, owners certified and keys rotated by an appointed registrar.
	type RegistrarOrigin = super::governance::RegistrarOrigin;
	/// Mileage mining settles a vehicle's rewards before it changes owner or is deregistered.
	type OnVehicleChange = MileageMining;
	type Time = Timestamp;
	type MaxVehiclesPerOwner = MaxVehiclesPerOwner;
	type AngelVehicles = AngelVehicles;
	type AngelYearlyThreshold = AngelYearlyThreshold;
	type BatteryAfterYears = BatteryAfterYears;
	type WeightInfo = pallet_vehicles::weights::SubstrateWeight<Runtime>;
}

/// A 4-year halving period in 10-minute periods: 4 x 365.25 days.
pub const PERIODS_PER_HALVING: u32 = 4 * 36_525 * (DAYS / REWARD_PERIOD_BLOCKS) / 100;
/// A period: 10 minutes of 3-second blocks.
pub const REWARD_PERIOD_BLOCKS: u32 = 10 * MINUTES;

parameter_types! {
	/// Rewards are released in periods every 10 minutes (200 blocks).
	pub const RewardPeriod: u32 = REWARD_PERIOD_BLOCKS;
	/// Window buckets are 1 hour (6 periods)...
	pub const BucketPeriods: u32 = 6;
	/// ...and the window is 720 of them: the trailing 720 hours.
	pub const WindowBuckets: u32 = 720;
	/// 500 stones per period for the first 4 years, then halving every 4 years.
	pub const InitialPeriodReward: Balance = 500 * STONE;
	pub const HalvingPeriod: u32 = PERIODS_PER_HALVING;
	/// Rewards the schedule could not release (periods with no mileage, rounding) are
	/// released again on top of the schedule, 1/4,320 of what is left each period (63% of it
	/// within 30 days).
	pub const CatchUpPeriods: u32 = 30 * 24 * 6;
	/// A telematics gateway submits up to 64 reports in one extrinsic.
	pub const MaxReportBundle: u32 = 64;
	/// Reports go before ordinary transactions of the same length.
	pub const ReportPriority: TransactionPriority = TransactionPriority::MAX / 4;
}

/// Benchmarks of mileage mining register their vehicles in the real registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct MiningBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_mileage_mining::BenchmarkHelper<AccountId> for MiningBenchmarkHelper {
	fn register_vehicle(
		vehicle: &VehicleId,
		owner: &AccountId,
		device_key: csop_primitives::DeviceKey,
	) {
		// Not an angel vehicle: the report benchmarks measure the common path of the angel
		// programme's hook (`Vehicles::on_mileage_verified`), whose bound the calls add.
		Vehicles::do_register(*vehicle, device_key, 1, 0, owner.clone(), None)
			.expect("benchmark vehicle registers");
		Vehicles::do_grant_consent(owner, *vehicle, None).expect("benchmark consent is granted");
	}
}

impl pallet_mileage_mining::Config for Runtime {
	type Balance = Balance;
	/// Rewards are issued from the mileage-mining pool of the capped stones supply.
	type Issuer = Stones;
	/// Device keys, consent and owners come from the vehicle registry.
	type Registry = Vehicles;
	/// Verified kilometres count towards the angel programme.
	type OnMileageVerified = Vehicles;
	type Time = Timestamp;
	/// Mining parameters are set by a 2/3 consortium motion.
	type ParamsOrigin = super::governance::GovernanceOrigin;
	type RewardPeriod = RewardPeriod;
	type BucketPeriods = BucketPeriods;
	type WindowBuckets = WindowBuckets;
	type InitialPeriodReward = InitialPeriodReward;
	type HalvingPeriod = HalvingPeriod;
	type CatchUpPeriods = CatchUpPeriods;
	type MaxBundleSize = MaxReportBundle;
	type ReportPriority = ReportPriority;
	type WeightInfo = pallet_mileage_mining::weights::SubstrateWeight<Runtime>;
	/// Device signatures weigh what the runtime's signature benchmark measured.
	type SignatureWeights = crate::signature_check::SignatureCheckWeights;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MiningBenchmarkHelper;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_period_is_ten_minutes_and_a_halving_four_years_of_periods() {
		assert_eq!(REWARD_PERIOD_BLOCKS * crate::MILLI_SECS_PER_BLOCK as u32, 600_000);
		// 4 x 365.25 days x 144 periods a day.
		assert_eq!(PERIODS_PER_HALVING, 210_384);
		// The window: 720 one-hour buckets.
		let bucket_ms =
			BucketPeriods::get() * REWARD_PERIOD_BLOCKS * crate::MILLI_SECS_PER_BLOCK as u32;
		assert_eq!(bucket_ms, 3_600_000);
		assert_eq!(WindowBuckets::get() as u64 * bucket_ms as u64, 720 * 3_600_000);
	}
}
