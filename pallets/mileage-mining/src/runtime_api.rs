//! The runtime API wallets and gateways read mining state through.

use codec::{Decode, Encode};
use csop_primitives::{Meters, Moment, VehicleId};
use scale_info::TypeInfo;

mod views;

/// A vehicle's mining state.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct VehicleMiningInfo<Balance> {
	/// The last accepted report's sequence number (the next must be higher).
	pub last_seq: u64,
	/// The last accepted odometer reading, in metres.
	pub last_odometer_m: Meters,
	/// The last accepted report's time, in milliseconds.
	pub last_time_ms: Moment,
	/// The vehicle's metres that count in the current period.
	pub live_meters: u128,
	/// What the owner can claim now.
	pub pending: Balance,
}

/// The issuance schedule and its totals.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ScheduleInfo<Balance> {
	/// The period the current block belongs to.
	pub current_period: u32,
	/// The block whose `on_initialize` closes the current period.
	pub next_close_block: u64,
	/// The scheduled reward of the current period.
	pub period_reward: Balance,
	/// Rewards promised so far.
	pub released: Balance,
	/// The schedule's rewards of the closed periods not released yet (periods with no
	/// mileage, rounding, forfeits), as far as the pool can still pay them: released again,
	/// `1/catch_up_periods` of it per period on top of the schedule.
	pub backlog: Balance,
	/// Over how many periods the backlog is released again.
	pub catch_up_periods: u32,
	/// Rewards paid so far.
	pub claimed: Balance,
	/// What the mileage mining pool can still issue.
	pub pool_remaining: Balance,
	/// Metres that count in the current period, all vehicles.
	pub effective_meters: u128,
	/// Blocks per period.
	pub reward_period: u32,
	/// Periods per bucket.
	pub bucket_periods: u32,
	/// Buckets in the trailing window.
	pub window_buckets: u32,
	/// Periods between halvings.
	pub halving_period: u32,
	/// The reward of a period before the first halving.
	pub initial_period_reward: Balance,
	/// The report parameters in force (top speed, minimum interval, clock drift).
	pub params: crate::MiningParams,
}

sp_api::decl_runtime_apis! {
	/// Mileage mining state.
	pub trait MileageMiningApi<Balance> where
		Balance: codec::Codec,
	{
		/// A vehicle's mining state and pending reward, if it ever reported.
		fn vehicle(id: VehicleId) -> Option<VehicleMiningInfo<Balance>>;

		/// The schedule and its totals.
		fn schedule() -> ScheduleInfo<Balance>;

		/// Each report's verdict against the current state, as the transaction pool would
		/// give it alone: `None` if valid, else why not. A gateway asks before it bundles
		/// reports, since the pool takes a bundle only if every report in it is valid.
		fn check_reports(
			reports: alloc::vec::Vec<(crate::MileageReport, csop_primitives::DeviceSignature)>,
		) -> alloc::vec::Vec<Option<crate::RejectReason>>;
	}
}
