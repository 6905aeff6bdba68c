//! The views the runtime API ([`super::MileageMiningApi`]) returns.

use crate::*;
use csop_primitives::{Pool, StoneIssuer, VehicleId};
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// [`runtime_api::MileageMiningApi::vehicle`].
	pub fn vehicle_info(vehicle: &VehicleId) -> Option<runtime_api::VehicleMiningInfo<T::Balance>> {
		let state = VehicleStates::<T>::get(vehicle)?;
		Some(runtime_api::VehicleMiningInfo {
			last_seq: state.last_seq,
			last_odometer_m: state.last_odometer_m,
			last_time_ms: state.last_time_ms,
			live_meters: Self::live_meters(vehicle),
			pending: Self::pending(vehicle),
		})
	}

	/// [`runtime_api::MileageMiningApi::schedule`].
	pub fn schedule_info() -> runtime_api::ScheduleInfo<T::Balance> {
		let period = Self::current_period();
		let periods = Self::periods();
		runtime_api::ScheduleInfo {
			current_period: period,
			next_close_block: periods.close_block_of(period),
			period_reward: Self::period_reward(period),
			released: Self::released(),
			backlog: Self::backlog(period),
			catch_up_periods: T::CatchUpPeriods::get(),
			claimed: Claimed::<T>::get(),
			pool_remaining: T::Issuer::remaining(Pool::MileageMining),
			effective_meters: EffectiveMeters::<T>::get(),
			reward_period: Self::reward_period(),
			bucket_periods: T::BucketPeriods::get(),
			window_buckets: T::WindowBuckets::get(),
			halving_period: T::HalvingPeriod::get(),
			initial_period_reward: T::InitialPeriodReward::get(),
			params: Params::<T>::get(),
		}
	}
}
