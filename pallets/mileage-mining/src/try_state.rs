//! The invariants of the crate docs, checked after every test and by `try-runtime`.

use crate::{features::to_u256, *};
use csop_primitives::{Pool, StoneIssuer};
use frame_support::pallet_prelude::*;
use sp_core::U256;
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// The invariants of the crate docs:
	/// 1. `Claimed <= Released`;
	/// 2. `Released - Claimed <= remaining(MileageMining)` (every promise is payable);
	/// 3. `Released <= sum of the schedule over the closed periods`;
	/// 4. `EffectiveMeters == sum of BucketMeters + the open bucket's metres == sum of live slot
	///    metres`, only buckets still in the window hold metres, and `BucketMeters` has no entry
	///    for the open bucket;
	/// 5. `sum over vehicles of pending_scaled == ReleasedScaled - Claimed x
	///    REWARD_PER_METER_SCALE`: every grain promised is a vehicle's (so `sum of pending <=
	///    Released - Claimed`);
	/// 6. every slot in the ring belongs to a vehicle with state, sits at index `bucket % S`, is
	///    older than the vehicle's `current` slot and not at its index (so a vehicle has at most
	///    `S` slots);
	/// 7. every vehicle's last accepted report is dated within the consent it was accepted
	///    under (`consent_since_ms <= last_time_ms`).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let released = Self::released();
		let claimed = Claimed::<T>::get();
		ensure!(claimed <= released, "invariant 1: claimed more than released");
		let outstanding = released - claimed;
		ensure!(
			outstanding <= T::Issuer::remaining(Pool::MileageMining),
			"invariant 2: outstanding promises exceed the pool"
		);
		let closed = LastClosedPeriod::<T>::get().map_or(0, |b| b as u64 + 1);
		let scheduled = schedule::schedule_sum(
			T::InitialPeriodReward::get().saturated_into(),
			T::HalvingPeriod::get(),
			closed,
		);
		ensure!(
			released.saturated_into::<u128>() <= scheduled,
			"invariant 3: released more than scheduled"
		);

		let buckets = Self::buckets();
		let effective = EffectiveMeters::<T>::get();
		let (open, open_meters) = OpenBucket::<T>::get();
		ensure!(
			!BucketMeters::<T>::contains_key(open),
			"invariant 4: the open bucket also has BucketMeters"
		);
		ensure!(
			open_meters == 0 || buckets.in_window(open, closed_buckets_of::<T>(closed)),
			"invariant 4: the open bucket expired with metres"
		);
		let mut bucket_sum = open_meters;
		let closed_buckets = closed_buckets_of::<T>(closed);
		for (bucket, meters) in BucketMeters::<T>::iter() {
			ensure!(
				buckets.in_window(bucket, closed_buckets),
				"invariant 4: an expired bucket still holds metres"
			);
			bucket_sum = bucket_sum.checked_add(meters).ok_or("invariant 4: overflow")?;
		}
		ensure!(bucket_sum == effective, "invariant 4: EffectiveMeters != sum of BucketMeters");
		let mut live_sum = 0u128;
		for (vehicle, index, slot) in Slots::<T>::iter() {
			let state =
				VehicleStates::<T>::get(vehicle).ok_or("invariant 6: slot without a vehicle")?;
			ensure!(index == buckets.slot_index(slot.bucket), "invariant 6: slot at a wrong index");
			let current = state.current.ok_or("invariant 6: ring slots without a current one")?;
			ensure!(
				slot.bucket < current.bucket,
				"invariant 6: a ring slot not older than current"
			);
			ensure!(
				index != buckets.slot_index(current.bucket),
				"invariant 6: a ring slot at the current slot's index"
			);
			if Self::matured_acc(slot.bucket).is_none() {
				live_sum = live_sum.checked_add(slot.meters).ok_or("invariant 4: overflow")?;
			}
		}
		for state in VehicleStates::<T>::iter_values() {
			ensure!(
				state.consent_since_ms <= state.last_time_ms,
				"invariant 7: a last report dated before its consent"
			);
		}
		for slot in VehicleStates::<T>::iter_values().filter_map(|state| state.current) {
			if Self::matured_acc(slot.bucket).is_none() {
				live_sum = live_sum.checked_add(slot.meters).ok_or("invariant 4: overflow")?;
			}
		}
		ensure!(live_sum == effective, "invariant 4: EffectiveMeters != sum of live slots");

		let mut pending_sum = U256::zero();
		for vehicle in VehicleStates::<T>::iter_keys() {
			pending_sum = pending_sum.saturating_add(Self::pending_scaled(&vehicle));
		}
		let promised = ReleasedScaled::<T>::get()
			.checked_sub(to_u256(claimed).saturating_mul(scale()))
			.ok_or("invariant 5: claimed more than promised")?;
		ensure!(pending_sum == promised, "invariant 5: vehicles' rewards != released - claimed");
		Ok(())
	}
}

/// Buckets whose last period has closed, when `closed` periods have.
fn closed_buckets_of<T: Config>(closed: u64) -> u64 {
	Pallet::<T>::buckets().closed_buckets(closed)
}
