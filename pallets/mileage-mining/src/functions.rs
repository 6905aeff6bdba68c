//! The pallet's logic: checking and applying reports, closing batches, settling rewards, and
//! the invariants.

use crate::*;
use alloc::vec::Vec;
use csop_primitives::{
	IssuePrecision, Meters, OnMileageVerified, Pool, StoneIssuer, VehicleId, VehicleRegistry,
};
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{Defensive, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::U256;
use sp_runtime::{
	traits::{Saturating, Verify},
	MultiSignature, MultiSigner, SaturatedConversion,
};

/// A report that passed every check but the signature.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CheckedReport {
	/// The key that must have signed it.
	pub device_key: MultiSigner,
	/// The vehicle's state before the report (`None` for its first report).
	pub state: Option<VehicleMining>,
	/// Metres driven since the last accepted report (zero for the first one).
	pub meters: Meters,
}

/// The values every report of a call is checked against and credited to, read once per call
/// (a gateway's batch of 64 reads them once, not 64 times): the genesis hash, the parameters
/// and the chain's time, read by [`ReportContext::load`]; the current bucket and accumulator,
/// read by the first credit, with the metres the call's reports credited, written once by
/// [`Pallet::finish_reports`]. None of the values read changes during a call.
pub(crate) struct ReportContext<T: Config> {
	genesis: T::Hash,
	params: MiningParams,
	now_ms: u64,
	/// Set by the call's first credit.
	credits: Option<Credits>,
}

/// What a call's reports credited, and where.
#[derive(Clone, Copy)]
struct Credits {
	/// The current bucket.
	bucket: u32,
	/// [`Acc`] during the call.
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
			acc: Acc::<T>::get(),
			meters: 0,
		});
		credits.meters = credits.meters.saturating_add(meters);
		(credits.bucket, credits.acc)
	}
}

/// What to do when paying a vehicle's rewards fails.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OnPayFailure {
	/// Fail, changing nothing (a claim).
	Fail,
	/// Give the amount back to the pool (a vehicle changing hands must not pass its previous
	/// owner's rewards on to the next owner).
	Forfeit,
}

/// A balance as a [`U256`].
pub(crate) fn to_u256<B: sp_runtime::traits::UniqueSaturatedInto<u128>>(b: B) -> U256 {
	U256::from(b.unique_saturated_into())
}

/// A [`U256`] as a balance (saturating; callers only convert amounts below the pool cap).
pub(crate) fn to_balance<T: Config>(u: U256) -> T::Balance {
	let x: u128 = if u > U256::from(u128::MAX) { u128::MAX } else { u.as_u128() };
	x.saturated_into()
}

impl<T: Config> Pallet<T> {
	// ---------------------------------------------------------------------------------------
	// Time, batches and buckets
	// ---------------------------------------------------------------------------------------

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

	/// The batch the current block belongs to: `block / batch_period()`.
	pub fn current_batch() -> u32 {
		let period = Self::batch_period() as u64;
		(Self::block_now() / period).saturated_into()
	}

	/// The bucket of batch `batch`: `batch / BucketBatches`.
	pub fn bucket_of(batch: u32) -> u32 {
		batch / T::BucketBatches::get().max(1)
	}

	/// The bucket of the current batch.
	pub fn current_bucket() -> u32 {
		Self::bucket_of(Self::current_batch())
	}

	/// The window length `S` (at least 1).
	fn window() -> u32 {
		T::WindowBuckets::get().max(1)
	}

	/// The accumulator value at which a slot of `bucket` stopped earning, if it has matured
	/// (the last batch of bucket `bucket + S - 1` has closed); `None` while it still counts.
	pub fn matured_acc(bucket: u32) -> Option<U256> {
		bucket.checked_add(Self::window() - 1).and_then(BucketAcc::<T>::get)
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

	// ---------------------------------------------------------------------------------------
	// Reports
	// ---------------------------------------------------------------------------------------

	/// Every check of `report` except its signature, against the current state.
	///
	/// # Errors
	/// The [`RejectReason`] of the first failing check, in this order: `WrongChain`; the
	/// registry's refusal (`UnknownVehicle`, `Deregistered`, `NoConsent`, `ConsentExpired`);
	/// `FromTheFuture`; then against the last accepted report `StaleSequence`,
	/// `TimeNotIncreasing`, `TooFrequent`, `OdometerBackwards`, `ImplausibleDistance`.
	pub fn check_report(report: &MileageReport) -> Result<CheckedReport, RejectReason> {
		Self::check_report_in(&ReportContext::load(), report)
	}

	/// [`Self::check_report`] against `ctx`.
	fn check_report_in(
		ctx: &ReportContext<T>,
		report: &MileageReport,
	) -> Result<CheckedReport, RejectReason> {
		ensure!(ctx.genesis.as_ref() == report.genesis.as_bytes(), RejectReason::WrongChain);
		let vehicle = T::Registry::mining_vehicle(&report.vehicle, report.time_ms)?;
		ensure!(
			report.time_ms <= ctx.now_ms.saturating_add(ctx.params.max_clock_drift_ms),
			RejectReason::FromTheFuture
		);
		let (state, meters) = Self::check_progress(ctx, report)?;
		Ok(CheckedReport { device_key: vehicle.device_key, state, meters })
	}

	/// The checks of `report` against the vehicle's last accepted report (the last five of
	/// [`Self::check_report`]). Returns the vehicle's state and the metres driven since (both
	/// `None`/zero for its first report).
	fn check_progress(
		ctx: &ReportContext<T>,
		report: &MileageReport,
	) -> Result<(Option<VehicleMining>, Meters), RejectReason> {
		let state = Vehicles::<T>::get(report.vehicle);
		let meters = match &state {
			None => 0,
			Some(last) => {
				ensure!(report.seq > last.last_seq, RejectReason::StaleSequence);
				ensure!(report.time_ms > last.last_time_ms, RejectReason::TimeNotIncreasing);
				let elapsed = report.time_ms - last.last_time_ms;
				ensure!(elapsed >= ctx.params.min_report_interval_ms, RejectReason::TooFrequent);
				let meters = report
					.odometer_m
					.checked_sub(last.last_odometer_m)
					.ok_or(RejectReason::OdometerBackwards)?;
				ensure!(ctx.params.plausible(meters, elapsed), RejectReason::ImplausibleDistance);
				meters
			},
		};
		Ok((state, meters))
	}

	/// Whether `signature` is `key`'s signature of `report`'s
	/// [signing payload](MileageReport::signing_payload). A signature of another key type
	/// than the key never verifies.
	pub fn verify_signature(
		report: &MileageReport,
		signature: &MultiSignature,
		key: &MultiSigner,
	) -> bool {
		let payload = report.signing_payload();
		match (signature, key) {
			(MultiSignature::Sr25519(s), MultiSigner::Sr25519(k)) => s.verify(&payload[..], k),
			(MultiSignature::Ed25519(s), MultiSigner::Ed25519(k)) => s.verify(&payload[..], k),
			(MultiSignature::Ecdsa(s), MultiSigner::Ecdsa(k)) => s.verify(&payload[..], k),
			_ => false,
		}
	}

	/// Every check of `report`, its signature last.
	///
	/// # Errors
	/// See [`Self::check_report`]; then `BadSignature`.
	pub fn validate_report(
		report: &MileageReport,
		signature: &MultiSignature,
	) -> Result<CheckedReport, RejectReason> {
		Self::validate_report_in(&ReportContext::load(), report, signature)
	}

	/// [`Self::validate_report`] against `ctx`.
	fn validate_report_in(
		ctx: &ReportContext<T>,
		report: &MileageReport,
		signature: &MultiSignature,
	) -> Result<CheckedReport, RejectReason> {
		let checked = Self::check_report_in(ctx, report)?;
		ensure!(
			Self::verify_signature(report, signature, &checked.device_key),
			RejectReason::BadSignature
		);
		Ok(checked)
	}

	/// The pool validity of a valid report: provides `(b"csop/mileage", vehicle, seq)`.
	fn valid_transaction(report: &MileageReport) -> ValidTransaction {
		ValidTransaction {
			priority: T::ReportPriority::get(),
			requires: Vec::new(),
			provides: alloc::vec![report.tag()],
			longevity: REPORT_LONGEVITY,
			propagate: true,
		}
	}

	/// Authorizes [`Call::report`]: every check, the signature included.
	///
	/// # Errors
	/// `InvalidTransaction::Custom(reason.code())` for the first failing [`RejectReason`].
	pub fn authorize_report(
		_source: TransactionSource,
		report: &MileageReport,
		signature: &MultiSignature,
	) -> TransactionValidityWithRefund {
		Self::validate_report(report, signature)?;
		Ok((Self::valid_transaction(report), Self::signature_refund(signature)))
	}

	/// What verifying one report signature of the costliest key type weighs: the most of
	/// `verify_sr25519`, `verify_ed25519` and `verify_ecdsa`.
	pub fn costliest_signature_weight() -> Weight {
		T::WeightInfo::verify_sr25519()
			.max(T::WeightInfo::verify_ed25519())
			.max(T::WeightInfo::verify_ecdsa())
	}

	/// What every signature verification a report weight includes is charged on top of the
	/// ecdsa signature the report benchmarks verify: `costliest - verify_ecdsa` (zero where
	/// ecdsa is the costliest). With it, a report is charged for the costliest key type.
	pub fn signature_surcharge() -> Weight {
		Self::costliest_signature_weight().saturating_sub(T::WeightInfo::verify_ecdsa())
	}

	/// What verifying `signature` weighs less than the costliest key type: refunded for each
	/// verified report, so that a device's key type decides what its reports cost (each pays
	/// its own key type's `verify_*`).
	pub fn signature_refund(signature: &MultiSignature) -> Weight {
		let cost = match signature {
			MultiSignature::Sr25519(_) => T::WeightInfo::verify_sr25519(),
			MultiSignature::Ed25519(_) => T::WeightInfo::verify_ed25519(),
			MultiSignature::Ecdsa(_) => T::WeightInfo::verify_ecdsa(),
			// `Eth` signatures never verify as a device's (`verify_signature`), so no report
			// signed so is refunded.
			MultiSignature::Eth(_) => return Weight::zero(),
		};
		Self::costliest_signature_weight().saturating_sub(cost)
	}

	/// What authorizing [`Call::report`] is charged: the `authorize_report` benchmark and
	/// [`Self::signature_surcharge`].
	pub fn authorize_report_weight() -> Weight {
		T::WeightInfo::authorize_report().saturating_add(Self::signature_surcharge())
	}

	/// What authorizing [`Call::report_batch`] of `n` reports is charged: the
	/// `authorize_report_batch` benchmark and [`Self::signature_surcharge`] per report.
	pub fn authorize_report_batch_weight(n: u32) -> Weight {
		T::WeightInfo::authorize_report_batch(n)
			.saturating_add(Self::signature_surcharge().saturating_mul(n as u64))
	}

	/// Authorizes [`Call::report_batch`]: the batch is not empty and at least one report is
	/// fully valid (signatures are verified only until the first valid report). The validity
	/// provides that report's tag; the authorization weight of the reports after it is
	/// refunded, and what the valid report's signature weighs less than the costliest key
	/// type's ([`Self::signature_refund`]).
	///
	/// # Errors
	/// `InvalidTransaction::Call` for an empty batch; otherwise
	/// `InvalidTransaction::Custom(code)` of the first report's reason.
	pub fn authorize_report_batch(
		_source: TransactionSource,
		reports: &ReportBatchOf<T>,
	) -> TransactionValidityWithRefund {
		ensure!(!reports.is_empty(), InvalidTransaction::Call);
		let ctx = ReportContext::load();
		let mut first_reason = None;
		for (i, (report, signature)) in reports.iter().enumerate() {
			match Self::validate_report_in(&ctx, report, signature) {
				Ok(_) => {
					let n = reports.len() as u32;
					let used = (i as u32).saturating_add(1);
					let refund = Self::authorize_report_batch_weight(n)
						.saturating_sub(Self::authorize_report_batch_weight(used))
						.saturating_add(Self::signature_refund(signature));
					return Ok((Self::valid_transaction(report), refund));
				},
				Err(reason) => {
					first_reason.get_or_insert(reason);
				},
			}
		}
		Err(first_reason.unwrap_or(RejectReason::BadSignature).into())
	}

	/// What [`Call::report`] is charged before dispatch: its benchmark (a report's worst case:
	/// a new bucket for the vehicle, see [`Self::new_slot_weight`]) and the bound of
	/// [`Config::OnMileageVerified`], whose cheapest path the benchmark includes.
	pub fn report_weight() -> Weight {
		T::WeightInfo::report().saturating_add(T::OnMileageVerified::on_mileage_verified_weight())
	}

	/// What [`Call::report_batch`] of `n` reports is charged before dispatch, as
	/// [`Self::report_weight`] for each report, and [`Self::signature_surcharge`] for each
	/// report's signature check.
	pub fn report_batch_weight(n: u32) -> Weight {
		let per_report = T::OnMileageVerified::on_mileage_verified_weight()
			.saturating_add(Self::signature_surcharge());
		T::WeightInfo::report_batch(n).saturating_add(per_report.saturating_mul(n as u64))
	}

	/// The database access of a report's worst case that a report in the same bucket as the
	/// vehicle's last credited one (nearly all of a car's reports: a bucket is an hour) does
	/// not do: reading and removing the ring's slot at the new bucket's index, reading its
	/// closing accumulator ([`BucketAcc`]), and writing the previous slot into the ring.
	pub fn new_slot_weight() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}

	/// Applies an authorized report. Its authorization ([`Self::authorize_report`], run in
	/// this same transaction, so against this same state) made every check; the call checks
	/// only the vehicle's progress again ([`Self::check_progress`]), which a second
	/// application of the report would fail. Returns the weight to refund from
	/// [`Self::report_weight`] (see [`Self::apply_report`]).
	///
	/// # Errors
	/// [`Error::ReportRefused`] if the report is no longer valid (cannot happen after
	/// authorization in the same state).
	pub(crate) fn do_report(report: &MileageReport) -> Result<Weight, DispatchError> {
		let mut ctx = ReportContext::load();
		let (state, meters) =
			Self::check_progress(&ctx, report).map_err(|_| Error::<T>::ReportRefused)?;
		let refund = Self::apply_report(&mut ctx, report, state, meters);
		Self::finish_reports(ctx);
		Ok(refund)
	}

	/// Checks every report of a batch fully (signature included) and applies the valid ones
	/// in order; the others are skipped with [`Event::ReportRejected`]. Returns the weight to
	/// refund from [`Self::report_batch_weight`]: each applied report's refund and its
	/// [`Self::signature_refund`], and for each skipped one everything but its checks
	/// ([`Self::new_slot_weight`] and the bound of [`Config::OnMileageVerified`]).
	///
	/// The values all reports share are read once ([`ReportContext`]) and the metres credited
	/// written once, after the last report.
	pub fn do_report_batch(reports: &ReportBatchOf<T>) -> Weight {
		let skipped_refund = Self::new_slot_weight()
			.saturating_add(T::OnMileageVerified::on_mileage_verified_weight());
		let mut ctx = ReportContext::load();
		let refund = reports.iter().fold(Weight::zero(), |refund, (report, signature)| {
			let this = match Self::validate_report_in(&ctx, report, signature) {
				Ok(checked) => Self::apply_report(&mut ctx, report, checked.state, checked.meters)
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
	/// since): records it as the vehicle's last, credits its metres to the current bucket
	/// (counted in `ctx`, written by [`Self::finish_reports`]), tells
	/// [`Config::OnMileageVerified`] and emits [`Event::MileageReported`].
	///
	/// Returns the weight of the worst case it did not use: [`Self::new_slot_weight`] unless
	/// the report began a new slot, and what [`Config::OnMileageVerified`] left of its bound.
	pub(crate) fn apply_report(
		ctx: &mut ReportContext<T>,
		report: &MileageReport,
		state: Option<VehicleMining>,
		meters: Meters,
	) -> Weight {
		let mut state = state.unwrap_or_default();
		state.last_seq = report.seq;
		state.last_odometer_m = report.odometer_m;
		state.last_time_ms = report.time_ms;
		let new_slot = meters > 0 && Self::credit(ctx, &report.vehicle, &mut state, meters as u128);
		Vehicles::<T>::insert(report.vehicle, state);
		let used =
			T::OnMileageVerified::on_mileage_verified(&report.vehicle, meters, report.time_ms);
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
	/// and to `ctx`: they count from the current batch on. Returns whether the report began a
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
				let window = Self::window();
				let index = bucket % window;
				if let Some(old) = Slots::<T>::take(vehicle, index) {
					Self::retire_slot(&old, state, acc);
				}
				if let Some(previous) = state.current.take() {
					if previous.bucket % window == index {
						// At least `window` buckets old: matured.
						Self::retire_slot(&previous, state, acc);
					} else {
						Slots::<T>::insert(vehicle, previous.bucket % window, previous);
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

	/// Bucket `bucket`'s metres that still count (the open bucket's from [`OpenBucket`]).
	pub fn bucket_meters(bucket: u32) -> u128 {
		match OpenBucket::<T>::get() {
			(open, meters) if open == bucket => meters,
			_ => BucketMeters::<T>::get(bucket),
		}
	}

	/// Replaces bucket `bucket`'s metres `m` with `f(m)` and returns `m`: in [`OpenBucket`] if
	/// it is the open bucket, else in [`BucketMeters`] (whose entry goes when it reaches zero).
	fn update_bucket(bucket: u32, f: impl FnOnce(u128) -> u128) -> u128 {
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

	/// A vehicle's slots: those in the ring ([`Slots`]) and its `current` one.
	fn slots_of(vehicle: &VehicleId, state: &VehicleMining) -> impl Iterator<Item = Slot> {
		Slots::<T>::iter_prefix_values(vehicle).chain(state.current.clone())
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
	fn remove_live_meters(slot: &Slot) {
		EffectiveMeters::<T>::mutate(|e| {
			*e = e.checked_sub(slot.meters).defensive_unwrap_or_default();
		});
		Self::update_bucket(slot.bucket, |m| {
			m.checked_sub(slot.meters).defensive_unwrap_or_default()
		});
	}

	// ---------------------------------------------------------------------------------------
	// Batches
	// ---------------------------------------------------------------------------------------

	/// `on_initialize` of block `n`: opens the block's bucket if it is new (moving the last
	/// one's metres to [`BucketMeters`]), then closes batch `n / BatchPeriod - 1` when `n` is
	/// the first block of a batch.
	///
	/// Its weight includes [`Self::hot_values_weight`] in every block.
	pub(crate) fn on_block(n: BlockNumberFor<T>) -> Weight {
		let mut hot = Self::hot_values_weight();
		let n: u64 = n.saturated_into();
		let period = Self::batch_period() as u64;
		if Self::open_bucket(Self::bucket_of((n / period).saturated_into())) {
			hot = hot.saturating_add(T::DbWeight::get().writes(1));
		}
		if n == 0 || !n.is_multiple_of(period) {
			return hot;
		}
		let batch: u32 = (n / period - 1).saturated_into();
		if LastClosedBatch::<T>::get().is_some_and(|last| last >= batch) {
			return hot.saturating_add(T::DbWeight::get().reads(1));
		}
		Self::close_batch(batch);
		hot.saturating_add(T::WeightInfo::close_batch())
	}

	/// The database access, once per block, to the values every report shares: reading
	/// [`BatchPeriodOverride`], [`Params`], [`Acc`], [`EffectiveMeters`], [`OpenBucket`] and
	/// the genesis hash (`System::BlockHash(0)`), and writing [`EffectiveMeters`] and
	/// [`OpenBucket`]. They are whitelisted in the benchmarks (the genesis hash by the
	/// runtime), so the report weights leave them out: after the first access in a block they
	/// are in the block's overlay or cache.
	pub fn hot_values_weight() -> Weight {
		T::DbWeight::get().reads_writes(6, 2)
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

		let per_bucket = T::BucketBatches::get().max(1);
		if (batch as u64 + 1).is_multiple_of(per_bucket as u64) {
			let bucket = batch / per_bucket;
			BucketAcc::<T>::insert(bucket, Acc::<T>::get());
			if let Some(expired) = (bucket as u64 + 1).checked_sub(Self::window() as u64) {
				let meters = Self::update_bucket(expired as u32, |_| 0);
				EffectiveMeters::<T>::mutate(|e| {
					*e = e.checked_sub(meters).defensive_unwrap_or_default();
				});
			}
		}
	}

	// ---------------------------------------------------------------------------------------
	// Rewards
	// ---------------------------------------------------------------------------------------

	/// `vehicle`'s earned and unpaid rewards, scaled by [`SCALE`]:
	/// `unclaimed + sum over slots of (meters x end_acc - entry)`.
	pub fn pending_scaled(vehicle: &VehicleId) -> U256 {
		let Some(state) = Vehicles::<T>::get(vehicle) else { return U256::zero() };
		let acc = Acc::<T>::get();
		Self::slots_of(vehicle, &state).fold(state.unclaimed, |sum, slot| {
			sum.saturating_add(slot.earned(Self::matured_acc(slot.bucket).unwrap_or(acc)))
		})
	}

	/// `vehicle`'s claimable rewards: `floor(pending_scaled / SCALE)`.
	pub fn pending(vehicle: &VehicleId) -> T::Balance {
		to_balance::<T>(Self::pending_scaled(vehicle) / scale())
	}

	/// `vehicle`'s metres that count in the current batch.
	pub fn live_meters(vehicle: &VehicleId) -> u128 {
		let Some(state) = Vehicles::<T>::get(vehicle) else { return 0 };
		Self::slots_of(vehicle, &state)
			.filter(|slot| Self::matured_acc(slot.bucket).is_none())
			.fold(0u128, |sum, slot| sum.saturating_add(slot.meters))
	}

	/// Pays `vehicle`'s earned rewards to `owner`: folds every slot (matured slots are
	/// removed, live ones re-based to the current accumulator), issues
	/// `floor(unclaimed / SCALE)` from the mileage mining pool and keeps the remainder.
	/// Returns the amount paid (or forfeited). O(WindowBuckets).
	///
	/// # Errors
	/// With [`OnPayFailure::Fail`], the issuer's error (e.g. below the existential deposit of
	/// a new account); nothing changes then.
	pub(crate) fn settle(
		vehicle: &VehicleId,
		owner: &T::AccountId,
		on_failure: OnPayFailure,
	) -> Result<T::Balance, DispatchError> {
		let Some(mut state) = Vehicles::<T>::get(vehicle) else { return Ok(Zero::zero()) };
		let acc = Acc::<T>::get();
		// Folds what `slot` earned into `unclaimed`: a matured slot goes (`None`), a live one
		// is re-based to the current accumulator.
		let mut fold = |mut slot: Slot| match Self::matured_acc(slot.bucket) {
			Some(end) => {
				state.unclaimed = state.unclaimed.saturating_add(slot.earned(end));
				None
			},
			None => {
				state.unclaimed = state.unclaimed.saturating_add(slot.earned(acc));
				slot.entry = U256::from(slot.meters).saturating_mul(acc);
				Some(slot)
			},
		};
		let updates: Vec<(u32, Option<Slot>)> = Slots::<T>::iter_prefix(vehicle)
			.map(|(index, slot)| (index, fold(slot)))
			.collect();
		let current = state.current.take().and_then(&mut fold);
		state.current = current;
		let amount = to_balance::<T>(state.unclaimed / scale());
		if !amount.is_zero() {
			match T::Issuer::issue(Pool::MileageMining, owner, amount, IssuePrecision::Exact) {
				Ok(_) => {
					Claimed::<T>::mutate(|c| *c = c.saturating_add(amount));
					Self::deposit_event(Event::RewardsClaimed {
						vehicle: *vehicle,
						owner: owner.clone(),
						amount,
					});
				},
				Err(e) if on_failure == OnPayFailure::Fail => return Err(e),
				Err(_) => {
					Released::<T>::mutate(|r| *r = r.saturating_sub(amount));
					Self::deposit_event(Event::RewardsForfeited {
						vehicle: *vehicle,
						owner: owner.clone(),
						amount,
					});
				},
			}
			state.unclaimed =
				state.unclaimed.saturating_sub(to_u256(amount).saturating_mul(scale()));
		}
		for (index, update) in updates {
			match update {
				Some(slot) => Slots::<T>::insert(vehicle, index, slot),
				None => Slots::<T>::remove(vehicle, index),
			}
		}
		Vehicles::<T>::insert(vehicle, state);
		Ok(amount)
	}

	/// `who` claims `vehicle`'s rewards; returns the amount paid.
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::NotOwner`], [`Error::NothingToClaim`], or the
	/// issuer's error (e.g. an amount below the existential deposit of a new account).
	pub fn do_claim(who: &T::AccountId, vehicle: &VehicleId) -> Result<T::Balance, DispatchError> {
		let owner = T::Registry::owner_of(vehicle).ok_or(Error::<T>::UnknownVehicle)?;
		ensure!(owner == *who, Error::<T>::NotOwner);
		ensure!(Self::pending_scaled(vehicle) >= scale(), Error::<T>::NothingToClaim);
		Self::settle(vehicle, &owner, OnPayFailure::Fail)
	}

	/// Settles `vehicle`'s rewards to `old_owner` before it changes hands.
	pub(crate) fn do_owner_change(vehicle: &VehicleId, old_owner: &T::AccountId) {
		if Self::settle(vehicle, old_owner, OnPayFailure::Forfeit).is_err() {
			defensive!("settling with forfeit never fails");
		}
	}

	/// Settles `vehicle`'s rewards to `owner`, takes its live metres out of the totals and
	/// removes its state.
	pub(crate) fn do_deregistered(vehicle: &VehicleId, owner: &T::AccountId) {
		if !Vehicles::<T>::contains_key(vehicle) {
			return;
		}
		Self::do_owner_change(vehicle, owner);
		let current = Vehicles::<T>::take(vehicle).and_then(|state| state.current);
		let mut live = 0u128;
		for slot in Slots::<T>::drain_prefix(vehicle).map(|(_, slot)| slot).chain(current) {
			if Self::matured_acc(slot.bucket).is_none() {
				Self::remove_live_meters(&slot);
				live = live.saturating_add(slot.meters);
			}
		}
		Self::deposit_event(Event::VehicleRemoved { vehicle: *vehicle, live_meters: live });
	}

	/// Sets the report parameters.
	///
	/// # Errors
	/// [`Error::InvalidParams`] for a zero top speed or minimum interval.
	pub fn do_set_params(params: MiningParams) -> DispatchResult {
		ensure!(params.is_valid(), Error::<T>::InvalidParams);
		Params::<T>::put(params);
		Self::deposit_event(Event::ParamsSet { params });
		Ok(())
	}

	// ---------------------------------------------------------------------------------------
	// Runtime API
	// ---------------------------------------------------------------------------------------

	/// [`runtime_api::MileageMiningApi::vehicle`].
	pub fn vehicle_info(vehicle: &VehicleId) -> Option<runtime_api::VehicleMiningInfo<T::Balance>> {
		let state = Vehicles::<T>::get(vehicle)?;
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
		let batch = Self::current_batch();
		let period = Self::batch_period() as u64;
		runtime_api::ScheduleInfo {
			current_batch: batch,
			next_close_block: (batch as u64).saturating_add(1).saturating_mul(period),
			batch_reward: Self::batch_reward(batch),
			released: Released::<T>::get(),
			claimed: Claimed::<T>::get(),
			pool_remaining: T::Issuer::remaining(Pool::MileageMining),
			effective_meters: EffectiveMeters::<T>::get(),
			batch_period: Self::batch_period(),
			bucket_batches: T::BucketBatches::get(),
			window_buckets: T::WindowBuckets::get(),
			halving_period: T::HalvingPeriod::get(),
			initial_batch_reward: T::InitialBatchReward::get(),
			params: Params::<T>::get(),
		}
	}

	// ---------------------------------------------------------------------------------------
	// Invariants
	// ---------------------------------------------------------------------------------------

	/// The invariants of the crate docs:
	/// 1. `Claimed <= Released`;
	/// 2. `Released - Claimed <= remaining(MileageMining)` (every promise is payable);
	/// 3. `Released <= sum of the schedule over the closed batches`;
	/// 4. `EffectiveMeters == sum of BucketMeters + the open bucket's metres == sum of live slot
	///    metres`, only buckets still in the window hold metres, and `BucketMeters` has no entry
	///    for the open bucket;
	/// 5. `sum over vehicles of pending <= Released - Claimed`;
	/// 6. every slot in the ring belongs to a vehicle with state, sits at index `bucket % S`, is
	///    older than the vehicle's `current` slot and not at its index (so a vehicle has at most
	///    `S` slots).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let released = Released::<T>::get();
		let claimed = Claimed::<T>::get();
		ensure!(claimed <= released, "invariant 1: claimed more than released");
		let outstanding = released - claimed;
		ensure!(
			outstanding <= T::Issuer::remaining(Pool::MileageMining),
			"invariant 2: outstanding promises exceed the pool"
		);
		let closed = LastClosedBatch::<T>::get().map_or(0, |b| b as u64 + 1);
		let scheduled = schedule::schedule_sum(
			T::InitialBatchReward::get().saturated_into(),
			T::HalvingPeriod::get(),
			closed,
		);
		ensure!(
			released.saturated_into::<u128>() <= scheduled,
			"invariant 3: released more than scheduled"
		);

		let effective = EffectiveMeters::<T>::get();
		let (open, open_meters) = OpenBucket::<T>::get();
		ensure!(
			!BucketMeters::<T>::contains_key(open),
			"invariant 4: the open bucket also has BucketMeters"
		);
		ensure!(
			open_meters == 0
				|| open as u64 + Self::window() as u64 > closed_buckets_of::<T>(closed),
			"invariant 4: the open bucket expired with metres"
		);
		let mut bucket_sum = open_meters;
		let closed_buckets = closed_buckets_of::<T>(closed);
		for (bucket, meters) in BucketMeters::<T>::iter() {
			ensure!(
				bucket as u64 + Self::window() as u64 > closed_buckets,
				"invariant 4: an expired bucket still holds metres"
			);
			bucket_sum = bucket_sum.checked_add(meters).ok_or("invariant 4: overflow")?;
		}
		ensure!(bucket_sum == effective, "invariant 4: EffectiveMeters != sum of BucketMeters");
		let mut live_sum = 0u128;
		for (vehicle, index, slot) in Slots::<T>::iter() {
			let state = Vehicles::<T>::get(vehicle).ok_or("invariant 6: slot without a vehicle")?;
			ensure!(index == slot.bucket % Self::window(), "invariant 6: slot at a wrong index");
			let current = state.current.ok_or("invariant 6: ring slots without a current one")?;
			ensure!(
				slot.bucket < current.bucket,
				"invariant 6: a ring slot not older than current"
			);
			ensure!(
				index != current.bucket % Self::window(),
				"invariant 6: a ring slot at the current slot's index"
			);
			if Self::matured_acc(slot.bucket).is_none() {
				live_sum = live_sum.checked_add(slot.meters).ok_or("invariant 4: overflow")?;
			}
		}
		for slot in Vehicles::<T>::iter_values().filter_map(|state| state.current) {
			if Self::matured_acc(slot.bucket).is_none() {
				live_sum = live_sum.checked_add(slot.meters).ok_or("invariant 4: overflow")?;
			}
		}
		ensure!(live_sum == effective, "invariant 4: EffectiveMeters != sum of live slots");

		let mut pending_sum = U256::zero();
		for vehicle in Vehicles::<T>::iter_keys() {
			pending_sum = pending_sum.saturating_add(Self::pending_scaled(&vehicle) / scale());
		}
		ensure!(
			pending_sum <= to_u256(outstanding),
			"invariant 5: vehicles are owed more than released - claimed"
		);
		Ok(())
	}
}

/// Buckets whose last batch has closed, when `closed` batches have.
#[cfg(any(feature = "try-runtime", test))]
fn closed_buckets_of<T: Config>(closed: u64) -> u64 {
	closed / T::BucketBatches::get().max(1) as u64
}
