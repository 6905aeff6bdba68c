//! The reward period: the chain's time, batches of `BatchPeriod` blocks (10 minutes in the
//! runtime), buckets of batches and the trailing window, the issuance schedule, and closing
//! each batch in `on_initialize`. The arithmetic itself is the pure [`Periods`] and
//! [`Buckets`].

use super::{to_balance, to_u256};
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

	/// Blocks per batch on this chain: [`Config::BatchPeriod`] unless genesis chose another
	/// ([`BatchPeriodOverride`]).
	pub fn batch_period() -> u32 {
		BatchPeriodOverride::<T>::get().unwrap_or_else(T::BatchPeriod::get).max(1)
	}

	/// How batches group into buckets and the window on this chain: [`Config::BucketBatches`]
	/// and [`Config::WindowBuckets`] (constants, no storage read).
	pub(crate) fn buckets() -> Buckets {
		Buckets::new(T::BucketBatches::get(), T::WindowBuckets::get())
	}

	/// How blocks group into batches, buckets and the window on this chain:
	/// [`Self::batch_period`] (reads [`BatchPeriodOverride`]) and [`Self::buckets`].
	pub(crate) fn periods() -> Periods {
		Periods::new(Self::batch_period(), Self::buckets())
	}

	/// The batch the current block belongs to: `block / batch_period()`.
	pub fn current_batch() -> u32 {
		Self::periods().batch_of(Self::block_now())
	}

	/// The bucket of batch `batch`: `batch / BucketBatches`.
	pub fn bucket_of(batch: u32) -> u32 {
		Self::buckets().bucket_of(batch)
	}

	/// The bucket of the current batch.
	pub fn current_bucket() -> u32 {
		Self::bucket_of(Self::current_batch())
	}

	/// The accumulator value at which a slot of `bucket` stopped earning, if it has matured
	/// (the last batch of bucket `bucket + S - 1` has closed); `None` while it still counts.
	pub fn matured_acc(bucket: u32) -> Option<U256> {
		Self::buckets().last_counting_bucket(bucket).and_then(BucketAcc::<T>::get)
	}

	/// The scheduled reward of batch `batch`: `InitialBatchReward >> (batch / HalvingPeriod)`.
	pub fn batch_reward(batch: u32) -> T::Balance {
		schedule::batch_reward(
			T::InitialBatchReward::get().saturated_into(),
			T::HalvingPeriod::get(),
			batch,
		)
		.saturated_into()
	}

	/// Rewards promised and not yet paid: `Released - Claimed`.
	pub fn outstanding() -> T::Balance {
		Released::<T>::get().saturating_sub(Claimed::<T>::get())
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
	/// one's metres to [`BucketMeters`]), then closes batch `n / BatchPeriod - 1` when `n` is
	/// the first block of a batch.
	///
	/// Its weight includes [`Self::hot_values_weight`] in every block.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let mut hot = Self::hot_values_weight();
		let n: u64 = n.saturated_into();
		let periods = Self::periods();
		if Self::open_bucket(periods.buckets().bucket_of(periods.batch_of(n))) {
			hot = hot.saturating_add(T::DbWeight::get().writes(1));
		}
		let Some(batch) = periods.batch_closed_at(n) else { return hot };
		if LastClosedBatch::<T>::get().is_some_and(|last| last >= batch) {
			return hot.saturating_add(T::DbWeight::get().reads(1));
		}
		Self::close_batch(batch);
		hot.saturating_add(T::WeightInfo::close_batch())
	}

	/// Closes batch `batch`: releases `min(schedule, what the pool can still promise)` pro rata
	/// to the effective metres, and, at a bucket's last batch, records the bucket's closing
	/// accumulator and drops the bucket that leaves the window. O(1).
	pub fn close_batch(batch: u32) {
		let scheduled = Self::batch_reward(batch);
		let available =
			T::Issuer::remaining(Pool::MileageMining).saturating_sub(Self::outstanding());
		let reward = scheduled.min(available);
		let effective = EffectiveMeters::<T>::get();
		let mut released = T::Balance::zero();
		if effective > 0 && !reward.is_zero() {
			let e = U256::from(effective);
			// reward < 2^128 and SCALE < 2^60: no overflow.
			let delta = to_u256(reward).saturating_mul(scale()) / e;
			if !delta.is_zero() {
				// delta x E <= reward x SCALE, so ceil(delta x E / SCALE) <= reward.
				let owed = delta.saturating_mul(e);
				let promised = owed.saturating_add(scale() - U256::one()) / scale();
				released = to_balance::<T>(promised).min(reward);
				Acc::<T>::mutate(|acc| *acc = acc.saturating_add(delta));
				Released::<T>::mutate(|r| *r = r.saturating_add(released));
			}
		}
		LastClosedBatch::<T>::put(batch);
		Self::deposit_event(Event::BatchClosed { batch, released, effective_meters: effective });

		let buckets = Self::buckets();
		if let Some(bucket) = buckets.ended_by(batch) {
			BucketAcc::<T>::insert(bucket, Acc::<T>::get());
			if let Some(expired) = buckets.expiring_with(bucket) {
				let meters = Self::update_bucket(expired, |_| 0);
				EffectiveMeters::<T>::mutate(|e| {
					*e = e.checked_sub(meters).defensive_unwrap_or_default();
				});
			}
		}
	}
}
