//! Applying reports: recording each accepted report as its vehicle's last, crediting its metres
//! to the vehicle's slot of the current bucket, and the bucket and slot bookkeeping that goes
//! with it. The values a call's reports share are read and written once ([`ReportContext`]).

use super::authorize::CheckedReport;
use crate::*;
use csop_primitives::{OnMileageVerified, VehicleId};
use frame_support::{pallet_prelude::*, traits::Defensive};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::U256;

/// The values every report of a call is checked against and credited to, read once per call
/// (a gateway's bundle of 64 reads them once, not 64 times): the genesis hash, the parameters
/// and the chain's time, read by [`ReportContext::load`]; the current bucket and accumulator,
/// read by the first credit, with the metres the call's reports credited, written once by
/// [`Pallet::finish_reports`]. None of the values read changes during a call.
pub(crate) struct ReportContext<T: Config> {
	pub(crate) genesis: T::Hash,
	pub(crate) params: MiningParams,
	pub(crate) now_ms: u64,
	/// Set by the call's first credit.
	credits: Option<Credits>,
}

/// What a call's reports credited, and where.
#[derive(Clone, Copy)]
struct Credits {
	/// The current bucket.
	bucket: u32,
	/// [`RewardPerMeter`] during the call.
	acc: U256,
	/// Metres credited to `bucket` so far (non-zero: only metres driven are credited).
	meters: u128,
}

impl<T: Config> ReportContext<T> {
	/// Reads the values the checks need (whitelisted in the benchmarks, see [`Params`]).
	pub(crate) fn load() -> Self {
		Self {
			genesis: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
			params: Params::<T>::get(),
			now_ms: Pallet::<T>::now_ms(),
			credits: None,
		}
	}

	/// Counts `meters` (non-zero) as credited now; returns the current bucket and accumulator
	/// (read at the first credit).
	fn credit(&mut self, meters: u128) -> (u32, U256) {
		let credits = self.credits.get_or_insert_with(|| Credits {
			bucket: Pallet::<T>::current_bucket(),
			acc: RewardPerMeter::<T>::get(),
			meters: 0,
		});
		credits.meters = credits.meters.saturating_add(meters);
		(credits.bucket, credits.acc)
	}
}

impl<T: Config> Pallet<T> {
	/// Applies an authorized report. Its authorization ([`Self::authorize_report`], run in
	/// this same transaction, so against this same state) made every check; the call makes
	/// them again but the signature ([`Self::check_report`]: a second application of the
	/// report would fail them, and the registry tells which consent covers it). Returns the
	/// weight to refund from [`Self::report_weight`] (see [`Self::apply_report`]).
	///
	/// # Errors
	/// [`Error::ReportRefused`] if the report is no longer valid (cannot happen after
	/// authorization in the same state).
	pub(crate) fn do_report(report: &MileageReport) -> Result<Weight, DispatchError> {
		let mut ctx = ReportContext::load();
		let checked = Self::check_report_in(&ctx, report).map_err(|_| Error::<T>::ReportRefused)?;
		let refund = Self::apply_report(&mut ctx, report, checked);
		Self::finish_reports(ctx);
		Ok(refund)
	}

	/// Checks every report of a bundle fully (signature included) and applies the valid ones
	/// in order; the others are skipped with [`Event::ReportRejected`]. Returns the weight to
	/// refund from [`Self::report_bundle_weight`]: each applied report's refund and its
	/// [`Self::signature_refund`], and for each skipped one everything but its checks
	/// ([`Self::new_slot_weight`] and the bound of [`Config::OnMileageVerified`]).
	///
	/// The values all reports share are read once ([`ReportContext`]) and the metres credited
	/// written once, after the last report.
	pub fn do_report_bundle(reports: &ReportBundleOf<T>) -> Weight {
		let skipped_refund = Self::new_slot_weight()
			.saturating_add(T::OnMileageVerified::on_mileage_verified_weight());
		let mut ctx = ReportContext::load();
		let refund = reports.iter().fold(Weight::zero(), |refund, (report, signature)| {
			let this = match Self::validate_report_in(&ctx, report, signature) {
				Ok(checked) => Self::apply_report(&mut ctx, report, checked)
					.saturating_add(Self::signature_refund(signature)),
				Err(reason) => {
					Self::deposit_event(Event::ReportRejected {
						vehicle: report.vehicle,
						seq: report.seq,
						reason,
					});
					skipped_refund
				},
			};
			refund.saturating_add(this)
		});
		Self::finish_reports(ctx);
		refund
	}

	/// Applies a checked report (the vehicle's `state` before it and the `meters` driven
	/// since): records it as the vehicle's last, under the consent that covers it, credits its
	/// metres to the current bucket (counted in `ctx`, written by [`Self::finish_reports`]),
	/// tells [`Config::OnMileageVerified`] and emits [`Event::MileageReported`].
	///
	/// Returns the weight of the worst case it did not use: [`Self::new_slot_weight`] unless
	/// the report began a new slot, and what [`Config::OnMileageVerified`] left of its bound.
	pub(crate) fn apply_report(
		ctx: &mut ReportContext<T>,
		report: &MileageReport,
		checked: CheckedReport,
	) -> Weight {
		let CheckedReport { state, meters, consent_since_ms, .. } = checked;
		let mut state = state.unwrap_or_default();
		let from_ms = state.last_time_ms;
		state.last_seq = report.seq;
		state.last_odometer_m = report.odometer_m;
		state.last_time_ms = report.time_ms;
		state.consent_since_ms = consent_since_ms;
		let new_slot = meters > 0 && Self::credit(ctx, &report.vehicle, &mut state, meters as u128);
		VehicleStates::<T>::insert(report.vehicle, state);
		let used = T::OnMileageVerified::on_mileage_verified(
			&report.vehicle,
			meters,
			from_ms,
			report.time_ms,
		);
		Self::deposit_event(Event::MileageReported {
			vehicle: report.vehicle,
			seq: report.seq,
			meters,
		});
		let hook_left = T::OnMileageVerified::on_mileage_verified_weight().saturating_sub(used);
		if new_slot {
			hook_left
		} else {
			hook_left.saturating_add(Self::new_slot_weight())
		}
	}

	/// Credits `meters` driven now to `vehicle`'s slot of the current bucket (`state.current`)
	/// and to `ctx`: they count from the current period on. Returns whether the report began a
	/// new slot: the previous `current` then moves into the ring ([`Slots`]), and the ring's
	/// matured slot at the new bucket's index is folded into `state.unclaimed` first. O(1).
	fn credit(
		ctx: &mut ReportContext<T>,
		vehicle: &VehicleId,
		state: &mut VehicleMining,
		meters: u128,
	) -> bool {
		let (bucket, acc) = ctx.credit(meters);
		let entry = U256::from(meters).saturating_mul(acc);
		match &mut state.current {
			Some(slot) if slot.bucket == bucket => {
				slot.meters = slot.meters.saturating_add(meters);
				slot.entry = slot.entry.saturating_add(entry);
				false
			},
			_ => {
				let buckets = Self::buckets();
				let index = buckets.slot_index(bucket);
				if let Some(old) = Slots::<T>::take(vehicle, index) {
					Self::retire_slot(&old, state, acc);
				}
				if let Some(previous) = state.current.take() {
					if buckets.slot_index(previous.bucket) == index {
						// At least `window` buckets old: matured.
						Self::retire_slot(&previous, state, acc);
					} else {
						Slots::<T>::insert(vehicle, buckets.slot_index(previous.bucket), previous);
					}
				}
				state.current = Some(Slot { bucket, meters, entry });
				true
			},
		}
	}

	/// Writes the metres `ctx` credited to [`EffectiveMeters`] and the open bucket, once for
	/// all the reports of a call.
	pub(crate) fn finish_reports(ctx: ReportContext<T>) {
		let Some(Credits { bucket, meters, .. }) = ctx.credits else { return };
		EffectiveMeters::<T>::mutate(|e| *e = e.saturating_add(meters));
		// `on_initialize` has opened the bucket; direct calls (tests) may not have.
		Self::open_bucket(bucket);
		Self::update_bucket(bucket, |m| m.saturating_add(meters));
	}

	/// Bucket `bucket`'s metres that still count (the open bucket's from [`OpenBucket`]).
	pub fn bucket_meters(bucket: u32) -> u128 {
		match OpenBucket::<T>::get() {
			(open, meters) if open == bucket => meters,
			_ => BucketMeters::<T>::get(bucket),
		}
	}

	/// Replaces bucket `bucket`'s metres `m` with `f(m)` and returns `m`: in [`OpenBucket`] if
	/// it is the open bucket, else in [`BucketMeters`] (whose entry goes when it reaches zero).
	pub(crate) fn update_bucket(bucket: u32, f: impl FnOnce(u128) -> u128) -> u128 {
		match OpenBucket::<T>::get() {
			(open, meters) if open == bucket => {
				OpenBucket::<T>::put((open, f(meters)));
				meters
			},
			_ => BucketMeters::<T>::mutate_exists(bucket, |entry| {
				let meters = entry.unwrap_or_default();
				*entry = Some(f(meters)).filter(|left| *left > 0);
				meters
			}),
		}
	}

	/// Folds what `slot` earned into `state.unclaimed`. A slot still counting (only when a
	/// vehicle is removed) also takes its metres out of the totals. The caller removes or
	/// replaces the slot.
	fn retire_slot(slot: &Slot, state: &mut VehicleMining, acc: U256) {
		let earned = match Self::matured_acc(slot.bucket) {
			Some(end) => slot.earned(end),
			None => {
				Self::remove_live_meters(slot);
				slot.earned(acc)
			},
		};
		state.unclaimed = state.unclaimed.saturating_add(earned);
	}

	/// Takes a live slot's metres out of [`EffectiveMeters`] and its bucket's total.
	pub(crate) fn remove_live_meters(slot: &Slot) {
		EffectiveMeters::<T>::mutate(|e| {
			*e = e.checked_sub(slot.meters).defensive_unwrap_or_default();
		});
		Self::update_bucket(slot.bucket, |m| {
			m.checked_sub(slot.meters).defensive_unwrap_or_default()
		});
	}
}
