//! The reward period: the chain's time, periods of `RewardPeriod` blocks (10 minutes in the
//! runtime), buckets of periods and the trailing window, the issuance schedule, and closing
//! each period in `on_initialize`. The arithmetic itself is the pure [`Periods`] and
//! [`Buckets`].

use super::{ceil_div, to_balance, to_u256};
use crate::*;
use csop_primitives::{Pool, StoneIssuer};
use frame_support::{
	pallet_prelude::*,
	traits::{Defensive, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::U256;
use sp_runtime::{traits::Saturating, SaturatedConversion};

impl<T: Config> Pallet<T> {
	/// The chain's time in milliseconds.
	pub fn now_ms() -> u64 {
		T::Time::now().as_millis().saturated_into()
	}

	/// The current block number as `u64`.
	fn block_now() -> u64 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// Blocks per period on this chain: [`Config::RewardPeriod`] unless genesis chose another
	/// ([`RewardPeriodOverride`]).
	pub fn reward_period() -> u32 {
		RewardPeriodOverride::<T>::get().unwrap_or_else(T::RewardPeriod::get).max(1)
	}

	/// How periods group into buckets and the window on this chain: [`Config::BucketPeriods`]
	/// and [`Config::WindowBuckets`] (constants, no storage read).
	pub(crate) fn buckets() -> Buckets {
		Buckets::new(T::BucketPeriods::get(), T::WindowBuckets::get())
	}

	/// How blocks group into periods, buckets and the window on this chain:
	/// [`Self::reward_period`] (reads [`RewardPeriodOverride`]) and [`Self::buckets`].
	pub(crate) fn periods() -> Periods {
		Periods::new(Self::reward_period(), Self::buckets())
	}

	/// The period the current block belongs to: `block / reward_period()`.
	pub fn current_period() -> u32 {
		Self::periods().period_of(Self::block_now())
	}

	/// The bucket of period `period`: `period / BucketPeriods`.
	pub fn bucket_of(period: u32) -> u32 {
		Self::buckets().bucket_of(period)
	}

	/// The bucket of the current period.
	pub fn current_bucket() -> u32 {
		Self::bucket_of(Self::current_period())
	}

	/// The accumulator value at which a slot of `bucket` stopped earning, if it has matured
	/// (the last period of bucket `bucket + S - 1` has closed); `None` while it still counts.
	pub fn matured_acc(bucket: u32) -> Option<U256> {
		Self::buckets()
			.last_counting_bucket(bucket)
			.and_then(BucketRewardPerMeter::<T>::get)
	}

	/// The scheduled reward of period `period`: `InitialPeriodReward >> (period / HalvingPeriod)`.
	pub fn period_reward(period: u32) -> T::Balance {
		schedule::period_reward(
			T::InitialPeriodReward::get().saturated_into(),
			T::HalvingPeriod::get(),
			period,
		)
		.saturated_into()
	}

	/// Rewards promised so far, in the smallest unit: `ceil(ReleasedScaled /
	/// REWARD_PER_METER_SCALE)` (what the vehicles earned, rounded up: every promise is kept).
	pub fn released() -> T::Balance {
		to_balance::<T>(ceil_div(ReleasedScaled::<T>::get(), scale()))
	}

	/// Rewards promised and not yet paid: `released - Claimed`.
	pub fn outstanding() -> T::Balance {
		Self::released().saturating_sub(Claimed::<T>::get())
	}

	/// What the pool can still promise: its remaining issuance less the promises not yet
	/// paid.
	pub fn available() -> T::Balance {
		Self::available_after(Self::released())
	}

	/// [`Self::available`] when `released` is what was promised so far.
	fn available_after(released: T::Balance) -> T::Balance {
		let outstanding = released.saturating_sub(Claimed::<T>::get());
		T::Issuer::remaining(Pool::MileageMining).saturating_sub(outstanding)
	}

	/// The schedule's rewards of the periods before `period` that were not released (periods
	/// with no mileage, rounding, forfeits), as far as the pool can still promise them:
	/// `min(schedule_sum(period) - released, available)`.
	pub fn backlog(period: u32) -> T::Balance {
		Self::backlog_of(period, Self::released(), Self::available())
	}

	/// [`Self::backlog`] from the promises `released` so far and what is `available`.
	fn backlog_of(period: u32, released: T::Balance, available: T::Balance) -> T::Balance {
		let scheduled: T::Balance = schedule::schedule_sum(
			T::InitialPeriodReward::get().saturated_into(),
			T::HalvingPeriod::get(),
			period as u64,
		)
		.saturated_into();
		scheduled.saturating_sub(released).min(available)
	}

	/// Period `period`'s release, from the promises `released` so far and what is `available`:
	/// its scheduled reward plus `ceil(backlog / CatchUpPeriods)`, at most `available`.
	fn period_due(period: u32, released: T::Balance, available: T::Balance) -> T::Balance {
		let backlog: u128 = Self::backlog_of(period, released, available).saturated_into();
		let catch_up = backlog.div_ceil(T::CatchUpPeriods::get().max(1) as u128);
		Self::period_reward(period)
			.saturating_add(catch_up.saturated_into())
			.min(available)
	}

	/// Adds `owed` (scaled) to the promises, which were `before` (in the smallest unit);
	/// returns by how much [`Self::released`] grew.
	fn promise(owed: U256, before: T::Balance) -> T::Balance {
		ReleasedScaled::<T>::mutate(|r| *r = r.saturating_add(owed));
		Self::released().saturating_sub(before)
	}

	/// Takes `scaled` out of the promises: a vehicle's forfeited reward or the fraction of a
	/// grain dropped with it. It goes back to the pool and into the backlog.
	pub(crate) fn unpromise(scaled: U256) {
		ReleasedScaled::<T>::mutate(|r| *r = r.saturating_sub(scaled));
	}

	/// Makes `bucket` the open bucket if it is a later one: the open bucket's metres move to
	/// [`BucketMeters`]. Returns whether it moved them.
	pub(crate) fn open_bucket(bucket: u32) -> bool {
		let (open, meters) = OpenBucket::<T>::get();
		if bucket <= open {
			return false;
		}
		if meters > 0 {
			BucketMeters::<T>::insert(open, meters);
		}
		OpenBucket::<T>::put((bucket, 0));
		true
	}

	/// `on_initialize` of block `n`: opens the block's bucket if it is new (moving the last
	/// one's metres to [`BucketMeters`]), then closes period `n / RewardPeriod - 1` when `n` is
	/// the first block of a period.
	///
	/// Its weight includes [`Self::hot_values_weight`] in every block.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let mut hot = Self::hot_values_weight();
		let n: u64 = n.saturated_into();
		let periods = Self::periods();
		if Self::open_bucket(periods.buckets().bucket_of(periods.period_of(n))) {
			hot = hot.saturating_add(T::DbWeight::get().writes(1));
		}
		let Some(period) = periods.period_closed_at(n) else { return hot };
		if LastClosedPeriod::<T>::get().is_some_and(|last| last >= period) {
			return hot.saturating_add(T::DbWeight::get().reads(1));
		}
		Self::close_period(period);
		hot.saturating_add(T::WeightInfo::close_period())
	}

	/// Closes period `period`: releases [`Self::period_due`] (the scheduled reward plus a share
	/// of the backlog, at most what the pool can still promise) pro rata to the effective
	/// metres, and, at a bucket's last period, records the bucket's closing
	/// accumulator and drops the bucket that leaves the window. A period with no mileage
	/// releases nothing: its reward stays in the backlog. O(1) (the schedule's sum is in
	/// closed form).
	pub fn close_period(period: u32) {
		let before = Self::released();
		let reward = Self::period_due(period, before, Self::available_after(before));
		let effective = EffectiveMeters::<T>::get();
		let mut released = T::Balance::zero();
		if effective > 0 && !reward.is_zero() {
			let e = U256::from(effective);
			// reward < 2^128 and REWARD_PER_METER_SCALE < 2^60: no overflow.
			let delta = to_u256(reward).saturating_mul(scale()) / e;
			if !delta.is_zero() {
				// delta x E <= reward x REWARD_PER_METER_SCALE: the promises grow by at most
				// `reward` (their ceiling grows by at most as much).
				released = Self::promise(delta.saturating_mul(e), before);
				RewardPerMeter::<T>::mutate(|acc| *acc = acc.saturating_add(delta));
			}
		}
		LastClosedPeriod::<T>::put(period);
		Self::deposit_event(Event::RewardPeriodClosed {
			period,
			reward,
			released,
			effective_meters: effective,
		});

		let buckets = Self::buckets();
		if let Some(bucket) = buckets.ended_by(period) {
			BucketRewardPerMeter::<T>::insert(bucket, RewardPerMeter::<T>::get());
			if let Some(expired) = buckets.expiring_with(bucket) {
				let meters = Self::update_bucket(expired, |_| 0);
				EffectiveMeters::<T>::mutate(|e| {
					*e = e.checked_sub(meters).defensive_unwrap_or_default();
				});
			}
		}
	}
}
