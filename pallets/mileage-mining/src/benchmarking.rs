//! Benchmarks for `pallet-mileage-mining` (frame-benchmarking v2). Device keys are ecdsa keys
//! generated in the benchmark keystore, so every report weight includes one ecdsa signature
//! check; the runtime's `signature_check` benchmark measures each key type's check
//! ([`Config::SignatureWeights`]), and reports are charged the costliest and refunded their
//! own ([`Pallet::signature_surcharge`], [`Pallet::signature_refund`]).

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use csop_primitives::{DeviceKey, DeviceSignature};
use csop_primitives::{OnVehicleChange, StoneIssuer, VehicleId, VehicleRegistry};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, EnsureOrigin, Get, Hooks},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::{crypto::KeyTypeId, ecdsa, H256, U256};
use sp_runtime::{traits::Zero, SaturatedConversion};

/// The keystore key type of benchmark device keys.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"csmm");

fn genesis<T: Config>() -> H256 {
	H256::from_slice(frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()).as_ref())
}

fn set_block<T: Config>(block: u64) {
	frame_system::Pallet::<T>::set_block_number(block.saturated_into());
}

/// The first block of bucket `bucket` plus one.
fn block_in_bucket<T: Config>(bucket: u32) -> u64 {
	bucket as u64 * T::BucketPeriods::get() as u64 * Pallet::<T>::reward_period() as u64 + 1
}

/// Parameters that let any benchmark report through.
fn lenient_params<T: Config>() {
	Params::<T>::put(MiningParams {
		top_speed_kmh: u32::MAX,
		min_report_interval_ms: 1,
		max_clock_drift_ms: u64::MAX / 2,
	});
}

/// Registers vehicle `i` with a fresh ecdsa device key; returns its id, owner and key.
fn vehicle<T: Config>(i: u32) -> (VehicleId, T::AccountId, ecdsa::Public) {
	let key = sp_io::crypto::ecdsa_generate(KEY_TYPE, None);
	let id = H256::from(sp_io::hashing::blake2_256(&(b"bench-vehicle", i).encode()));
	let owner: T::AccountId = account("owner", i, 0);
	T::BenchmarkHelper::register_vehicle(&id, &owner, DeviceKey::Ecdsa(key));
	(id, owner, key)
}

fn sign(key: &ecdsa::Public, report: &MileageReport) -> DeviceSignature {
	sp_io::crypto::ecdsa_sign(KEY_TYPE, key, &report.signing_payload())
		.expect("the key is in the keystore")
		.into()
}

/// The next report of a vehicle prepared by [`worst_vehicle`].
fn next_report(vehicle: VehicleId, genesis: H256) -> MileageReport {
	MileageReport {
		genesis,
		vehicle,
		seq: 2,
		odometer_m: 1_000,
		time_ms: 2_000,
		trip_hash: H256::repeat_byte(7),
	}
}

/// Sets up the current block in bucket `S` and gives vehicle `i` a last report, a current slot
/// of the bucket before, and a matured slot in the ring at the index of its next report's
/// bucket (the worst case of a report: a new slot, the current one moves into the ring and the
/// matured one is folded).
fn worst_vehicle<T: Config>(i: u32) -> (VehicleId, T::AccountId, ecdsa::Public) {
	let s = T::WindowBuckets::get();
	let (id, owner, key) = vehicle::<T>(i);
	// Its last report was under the consent that covers the next one, which then credits its
	// metres (a baseline credits none).
	let consent_since_ms = T::Registry::mining_vehicle(&id, next_report(id, H256::zero()).time_ms)
		.expect("a benchmark vehicle may be mined")
		.consent_since_ms;
	VehicleStates::<T>::insert(
		id,
		VehicleMining {
			last_seq: 1,
			last_odometer_m: 0,
			last_time_ms: 1_000,
			consent_since_ms,
			unclaimed: U256::from(REWARD_PER_METER_SCALE - 1),
			current: Some(Slot { bucket: s - 1, meters: 1_000, entry: U256::zero() }),
		},
	);
	// Bucket `s`'s slot index is 0; bucket 0 matured at the close of bucket s - 1.
	Slots::<T>::insert(id, 0, Slot { bucket: 0, meters: 1_000, entry: U256::zero() });
	BucketRewardPerMeter::<T>::insert(s - 1, U256::from(REWARD_PER_METER_SCALE));
	(id, owner, key)
}

fn setup_worst_block<T: Config>() {
	lenient_params::<T>();
	set_block::<T>(block_in_bucket::<T>(T::WindowBuckets::get()));
	// As `on_initialize` leaves it.
	OpenBucket::<T>::put((T::WindowBuckets::get(), 0));
	RewardPerMeter::<T>::put(U256::from(REWARD_PER_METER_SCALE) * 2);
}

/// A reward per slot that `slots` slots can be paid from the pool's remainder.
fn reward_per_slot<T: Config>(slots: u32) -> u128 {
	let remaining: u128 =
		T::Issuer::remaining(csop_primitives::Pool::MileageMining).saturated_into();
	(remaining / (2 * slots.max(1) as u128)).max(1)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn authorize_report() -> Result<(), BenchmarkError> {
		setup_worst_block::<T>();
		let (id, _, key) = worst_vehicle::<T>(0);
		let rep = next_report(id, genesis::<T>());
		let signature = sign(&key, &rep);
		let call = Call::<T>::report { report: rep, signature };
		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call has an authorize function")?
				.map_err(|_| "the report is valid")?;
		}
		Ok(())
	}

	#[benchmark]
	fn report() {
		setup_worst_block::<T>();
		let (id, _, key) = worst_vehicle::<T>(0);
		let rep = next_report(id, genesis::<T>());
		let signature = sign(&key, &rep);
		#[extrinsic_call]
		_(RawOrigin::Authorized, rep, signature);
		let state = VehicleStates::<T>::get(id).expect("the vehicle has state");
		assert_eq!(state.last_seq, 2);
		let bucket = T::WindowBuckets::get();
		assert_eq!(state.current.map(|c| (c.bucket, c.meters)), Some((bucket, 1_000)));
		assert!(!Slots::<T>::contains_key(id, 0), "the matured slot was folded");
	}

	#[benchmark]
	fn authorize_report_bundle(
		n: Linear<1, { T::MaxBundleSize::get() }>,
	) -> Result<(), BenchmarkError> {
		setup_worst_block::<T>();
		let genesis = genesis::<T>();
		let mut reports = Vec::new();
		for i in 0..n {
			let (id, _, key) = worst_vehicle::<T>(i);
			let rep = next_report(id, genesis);
			// Every report is valid: the pool verifies them all and provides their tags (in
			// a block, verifying up to the first valid one costs at most as much).
			let signature = sign(&key, &rep);
			reports.push((rep, signature));
		}
		let reports = ReportBundleOf::<T>::try_from(reports).map_err(|_| "fits MaxBundleSize")?;
		let call = Call::<T>::report_bundle { reports };
		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("the call has an authorize function")?
				.map_err(|_| "every report is valid")?;
		}
		Ok(())
	}

	#[benchmark]
	fn report_bundle(n: Linear<1, { T::MaxBundleSize::get() }>) -> Result<(), BenchmarkError> {
		setup_worst_block::<T>();
		let genesis = genesis::<T>();
		let mut reports = Vec::new();
		let mut ids = Vec::new();
		for i in 0..n {
			let (id, _, key) = worst_vehicle::<T>(i);
			let rep = next_report(id, genesis);
			reports.push((rep.clone(), sign(&key, &rep)));
			ids.push(id);
		}
		let reports = ReportBundleOf::<T>::try_from(reports).map_err(|_| "fits MaxBundleSize")?;
		#[extrinsic_call]
		_(RawOrigin::Authorized, reports);
		for id in ids {
			assert_eq!(VehicleStates::<T>::get(id).map(|v| v.last_seq), Some(2));
		}
		Ok(())
	}

	#[benchmark]
	fn claim(s: Linear<1, { T::WindowBuckets::get() }>) {
		let window = T::WindowBuckets::get();
		let (id, owner, _) = vehicle::<T>(0);
		// `s` matured slots (the costlier kind: each reads its bucket's closing accumulator),
		// the last one the vehicle's current slot.
		set_block::<T>(block_in_bucket::<T>(2 * window));
		let per_slot = reward_per_slot::<T>(s);
		let meters = 1_000u128;
		let acc = U256::from(per_slot) * U256::from(REWARD_PER_METER_SCALE) / U256::from(meters);
		let mut state = VehicleMining::default();
		for bucket in 0..s {
			let slot = Slot { bucket, meters, entry: U256::zero() };
			if let Some(previous) = state.current.replace(slot) {
				Slots::<T>::insert(id, previous.bucket % window, previous);
			}
			BucketRewardPerMeter::<T>::insert(bucket + window - 1, acc);
		}
		VehicleStates::<T>::insert(id, state);
		ReleasedScaled::<T>::put(
			U256::from(per_slot * s as u128) * U256::from(REWARD_PER_METER_SCALE),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Claimed::<T>::get().is_zero());
		assert_eq!(Slots::<T>::iter_prefix(id).count(), 0);
		assert_eq!(VehicleStates::<T>::get(id).and_then(|v| v.current), None);
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::ParamsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params =
			MiningParams { top_speed_kmh: 300, min_report_interval_ms: 1, max_clock_drift_ms: 1 };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	#[benchmark]
	fn close_period() {
		let window = T::WindowBuckets::get();
		let per_bucket = T::BucketPeriods::get();
		// Close the last period of bucket `window`: opens bucket `window + 1` (moving bucket
		// `window`'s metres), records its accumulator and drops bucket 1.
		let period = (window + 1) * per_bucket - 1;
		let block = (period as u64 + 1) * Pallet::<T>::reward_period() as u64;
		LastClosedPeriod::<T>::put(period - 1);
		BucketMeters::<T>::insert(1, 1_000u128);
		OpenBucket::<T>::put((window, 1_000u128));
		EffectiveMeters::<T>::put(2_000u128);
		let n: BlockNumberFor<T> = block.saturated_into();
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		assert_eq!(LastClosedPeriod::<T>::get(), Some(period));
		assert!(BucketRewardPerMeter::<T>::contains_key(window));
		assert_eq!(EffectiveMeters::<T>::get(), 1_000);
		assert_eq!(BucketMeters::<T>::get(window), 1_000);
	}

	#[benchmark]
	fn on_deregistered(s: Linear<1, { T::WindowBuckets::get() }>) {
		let window = T::WindowBuckets::get();
		let (id, owner, _) = vehicle::<T>(0);
		// `s` live slots in the last `s` buckets up to the current one.
		let current = 2 * window;
		set_block::<T>(block_in_bucket::<T>(current));
		let per_slot = reward_per_slot::<T>(s);
		let meters = 1_000u128;
		RewardPerMeter::<T>::put(
			U256::from(per_slot) * U256::from(REWARD_PER_METER_SCALE) / U256::from(meters),
		);
		let mut state = VehicleMining::default();
		for bucket in (current + 1 - s)..=current {
			let slot = Slot { bucket, meters, entry: U256::zero() };
			if let Some(previous) = state.current.replace(slot) {
				BucketMeters::<T>::insert(previous.bucket, meters);
				Slots::<T>::insert(id, previous.bucket % window, previous);
			}
		}
		VehicleStates::<T>::insert(id, state);
		OpenBucket::<T>::put((current, meters));
		EffectiveMeters::<T>::put(meters * s as u128);
		ReleasedScaled::<T>::put(
			U256::from(per_slot * s as u128) * U256::from(REWARD_PER_METER_SCALE),
		);
		#[block]
		{
			<Pallet<T> as OnVehicleChange<T::AccountId>>::on_deregistered(&id, &owner);
		}
		assert!(!VehicleStates::<T>::contains_key(id));
		assert_eq!(EffectiveMeters::<T>::get(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
