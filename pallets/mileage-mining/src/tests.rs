//! Tests of `pallet-mileage-mining` with the real stones pallet as the issuer. Every test runs
//! through `ExtBuilder::build_and_execute`, which checks both pallets' invariants afterwards.

use crate::{mock::*, *};
use codec::Encode;
use csop_primitives::{OnMileageVerified, Pool, VehicleId};
use frame_support::{
	assert_noop, assert_ok, assert_storage_noop,
	dispatch::GetDispatchInfo,
	pallet_prelude::{InvalidTransaction, TransactionValidityError},
	traits::{fungible::Inspect, Hooks},
	weights::Weight,
};
use sp_core::{H256, U256};
use sp_runtime::{DispatchError, MultiSignature};

/// A registered test vehicle with its device and what it reported last.
struct Car {
	id: VehicleId,
	device: Device,
	seq: u64,
	odo: u64,
}

impl Car {
	fn new(n: u8, owner: AccountId, device: Device) -> Self {
		MockWorld::register(vid(n), owner, device.public());
		Car { id: vid(n), device, seq: 0, odo: 0 }
	}

	/// A report with these fields, signed by the car's device.
	fn signed(&self, seq: u64, odo: u64, time_ms: u64) -> (MileageReport, MultiSignature) {
		let report = MileageReport {
			genesis: GENESIS,
			vehicle: self.id,
			seq,
			odometer_m: odo,
			time_ms,
			trip_hash: H256::repeat_byte(0xAA),
		};
		let signature = self.device.sign(&report);
		(report, signature)
	}

	/// The next report: `meters` more, now.
	fn next(&self, meters: u64) -> (MileageReport, MultiSignature) {
		self.signed(self.seq + 1, self.odo + meters, now())
	}

	/// Reports `meters` more now (must be accepted).
	fn drive(&mut self, meters: u64) {
		self.drive_weighed(meters);
	}

	/// Reports `meters` more now (must be accepted); returns the weight the report kept after
	/// its refund.
	fn drive_weighed(&mut self, meters: u64) -> Weight {
		let (report, signature) = self.next(meters);
		let info = submit_weighed(Call::report { report, signature })
			.expect("authorized")
			.expect("applied");
		self.seq += 1;
		self.odo += meters;
		info.actual_weight.expect("a report states the weight it kept")
	}
}

fn now() -> u64 {
	Mining::now_ms()
}

fn next_block() {
	run_to_block(System::block_number() + 1);
}

fn report_call((report, signature): (MileageReport, MultiSignature)) -> Call<Test> {
	Call::report { report, signature }
}

fn batch_call(reports: Vec<(MileageReport, MultiSignature)>) -> Call<Test> {
	Call::report_batch { reports: reports.try_into().expect("fits MaxBatchSize") }
}

fn refused(reason: RejectReason) -> TransactionValidityError {
	InvalidTransaction::Custom(reason.code()).into()
}

/// Asserts authorization refuses `signed` with `reason` and changes nothing.
fn assert_refused(signed: (MileageReport, MultiSignature), reason: RejectReason) {
	let call = report_call(signed);
	assert_storage_noop!(assert_eq!(authorize(&call).unwrap_err(), refused(reason)));
	assert_eq!(submit(call).unwrap_err(), refused(reason));
}

fn released_events() -> Vec<(u32, Balance, u128)> {
	mining_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::BatchClosed { batch, released, effective_meters } => {
				Some((batch, released, effective_meters))
			},
			_ => None,
		})
		.collect()
}

/// A car of ALICE's with its baseline report in.
fn alice_car() -> Car {
	let mut car = Car::new(1, ALICE, Device::sr(1));
	car.drive(0);
	next_block();
	car
}

mod reports {
	use super::*;

	#[test]
	fn first_report_sets_the_baseline() {
		ExtBuilder::default().build_and_execute(|| {
			let mut car = Car::new(1, ALICE, Device::sr(1));
			car.odo = 12_345;
			car.drive(0);
			let state = Vehicles::<Test>::get(car.id).unwrap();
			assert_eq!(
				(state.last_seq, state.last_odometer_m, state.last_time_ms),
				(1, 12_345, now())
			);
			assert_eq!(EffectiveMeters::<Test>::get(), 0);
			assert_eq!(state.current, None);
			assert_eq!(Slots::<Test>::iter_prefix(car.id).count(), 0);
			assert_eq!(
				mining_events(),
				vec![Event::MileageReported { vehicle: car.id, seq: 1, meters: 0 }]
			);
			assert_eq!(MockWorld::verified(), vec![(car.id, 0, now())]);
		});
	}

	fn accepts_key_type(device: Device) {
		ExtBuilder::default().build_and_execute(|| {
			let mut car = Car::new(1, ALICE, device);
			car.drive(0);
			next_block();
			car.drive(1_000);
			assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
			assert_eq!(Mining::bucket_meters(0), 1_000);
			assert_eq!(OpenBucket::<Test>::get(), (0, 1_000));
			let slot = Vehicles::<Test>::get(car.id).unwrap().current.unwrap();
			assert_eq!(slot, Slot { bucket: 0, meters: 1_000, entry: U256::zero() });
			assert_eq!(Slots::<Test>::iter_prefix(car.id).count(), 0);
			assert_eq!(
				mining_events().last(),
				Some(&Event::MileageReported { vehicle: car.id, seq: 2, meters: 1_000 })
			);
			assert_eq!(MockWorld::verified().last(), Some(&(car.id, 1_000, now())));
		});
	}

	#[test]
	fn sr25519_reports_are_accepted() {
		accepts_key_type(Device::sr(7));
		accepts_key_type(Device::Sr(sp_keyring::Sr25519Keyring::Alice.pair()));
	}

	#[test]
	fn ed25519_reports_are_accepted() {
		accepts_key_type(Device::ed(7));
		accepts_key_type(Device::Ed(sp_keyring::Ed25519Keyring::Bob.pair()));
	}

	#[test]
	fn ecdsa_reports_are_accepted() {
		accepts_key_type(Device::ec(7));
	}

	#[test]
	fn valid_report_provides_its_tag() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			let signed = car.next(0);
			let (valid, refund) = authorize(&report_call(signed.clone())).unwrap();
			assert_eq!(valid.provides, vec![(b"csop/mileage", car.id, 1u64).encode()]);
			assert_eq!(valid.provides, vec![signed.0.tag()]);
			assert!(valid.requires.is_empty());
			assert_eq!(valid.priority, u64::MAX / 2);
			assert_eq!(valid.longevity, REPORT_LONGEVITY);
			// An sr25519 device's report is refunded what its signature costs less than ecdsa.
			assert_eq!(refund, Mining::signature_refund(&signed.1));
		});
	}

	#[test]
	fn a_devices_key_type_decides_what_its_signature_costs() {
		ExtBuilder::default().build_and_execute(|| {
			type W = ();
			let costliest = Mining::costliest_signature_weight();
			let cases = [
				(Device::sr(1), <W as WeightInfo>::verify_sr25519()),
				(Device::ed(2), <W as WeightInfo>::verify_ed25519()),
				(Device::ec(3), <W as WeightInfo>::verify_ecdsa()),
			];
			// Reports are charged for the costliest key type...
			assert_eq!(costliest, cases.iter().map(|c| c.1).fold(Weight::zero(), |a, b| a.max(b)));
			assert_eq!(
				Mining::authorize_report_weight(),
				<W as WeightInfo>::authorize_report() + costliest
					- <W as WeightInfo>::verify_ecdsa()
			);
			for (i, (device, verify)) in cases.into_iter().enumerate() {
				let car = Car::new(i as u8 + 1, ALICE, device);
				let signed = car.next(0);
				assert_eq!(Mining::signature_refund(&signed.1), costliest - verify);
				// ...and keep their own key type's: authorizing a single report refunds the
				// difference...
				let (_, refund) = authorize(&report_call(signed.clone())).unwrap();
				assert_eq!(
					Mining::authorize_report_weight() - refund,
					<W as WeightInfo>::authorize_report() - <W as WeightInfo>::verify_ecdsa()
						+ verify
				);
				// ...and so does authorizing a batch whose only report it is.
				let (_, refund) = authorize(&batch_call(vec![signed])).unwrap();
				assert_eq!(refund, costliest - verify);
			}
		});
	}

	#[test]
	fn authorize_call_extension_authorizes_reports() {
		use frame_support::{dispatch::GetDispatchInfo, traits::OriginTrait};
		use sp_runtime::traits::{TransactionExtension, TxBaseImplication};
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			let ext = frame_system::AuthorizeCall::<Test>::new();
			let good: RuntimeCall = report_call(car.next(0)).into();
			let info = good.get_dispatch_info();
			let (valid, _, origin) = ext
				.validate(
					RuntimeOrigin::none(),
					&good,
					&info,
					0,
					(),
					&TxBaseImplication(()),
					sp_runtime::transaction_validity::TransactionSource::External,
				)
				.unwrap();
			assert_eq!(valid.provides, vec![(b"csop/mileage", car.id, 1u64).encode()]);
			assert!(matches!(
				origin.into_caller(),
				OriginCaller::system(frame_system::RawOrigin::Authorized)
			));
			assert_eq!(ext.weight(&good), Mining::authorize_report_weight());

			let bad: RuntimeCall = report_call(Car { device: Device::sr(2), ..car }.next(0)).into();
			let err = ext
				.validate(
					RuntimeOrigin::none(),
					&bad,
					&bad.get_dispatch_info(),
					0,
					(),
					&TxBaseImplication(()),
					sp_runtime::transaction_validity::TransactionSource::External,
				)
				.map(|_| ())
				.unwrap_err();
			assert_eq!(err, refused(RejectReason::BadSignature));
		});
	}

	#[test]
	fn only_the_authorized_origin_may_report() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			let (report, signature) = car.next(0);
			for origin in
				[RuntimeOrigin::signed(ALICE), RuntimeOrigin::none(), RuntimeOrigin::root()]
			{
				assert_noop!(
					Mining::report(origin.clone(), report.clone(), signature.clone()),
					DispatchError::BadOrigin
				);
				assert_noop!(
					Mining::report_batch(
						origin,
						vec![(report.clone(), signature.clone())].try_into().unwrap()
					),
					DispatchError::BadOrigin
				);
			}
		});
	}

	#[test]
	fn body_refuses_a_report_no_longer_valid() {
		ExtBuilder::default().build_and_execute(|| {
			let mut car = alice_car();
			let (report, signature) = car.next(100);
			car.drive(100);
			assert_noop!(
				Mining::report(frame_system::RawOrigin::Authorized.into(), report, signature),
				Error::<Test>::ReportRefused
			);
		});
	}

	#[test]
	fn wrong_chain() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			let (mut report, _) = car.next(0);
			report.genesis = H256::repeat_byte(1);
			let signature = car.device.sign(&report);
			assert_refused((report, signature), RejectReason::WrongChain);
		});
	}

	#[test]
	fn unknown_vehicle() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car { id: vid(9), device: Device::sr(9), seq: 0, odo: 0 };
			assert_refused(car.next(0), RejectReason::UnknownVehicle);
		});
	}

	#[test]
	fn deregistered() {
		ExtBuilder::default().build_and_execute(|| {
			let car = alice_car();
			MockWorld::deregister(car.id);
			assert_refused(car.next(10), RejectReason::Deregistered);
		});
	}

	#[test]
	fn bad_signature() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			// Another device's signature.
			let (report, _) = car.next(0);
			let other = Device::sr(2).sign(&report);
			assert_refused((report.clone(), other), RejectReason::BadSignature);
			// A signature of other bytes.
			let wrong_bytes = match &car.device {
				Device::Sr(p) => MultiSignature::from(sp_core::Pair::sign(p, &report.encode())),
				_ => unreachable!(),
			};
			assert_refused((report.clone(), wrong_bytes), RejectReason::BadSignature);
			// A signature of another key type.
			let ed = Device::ed(1).sign(&report);
			assert_refused((report, ed), RejectReason::BadSignature);
		});
	}

	#[test]
	fn stale_sequence() {
		ExtBuilder::default().build_and_execute(|| {
			let mut car = alice_car();
			car.drive(100);
			next_block();
			// Replayed, and out of order.
			assert_refused(car.signed(car.seq, car.odo + 10, now()), RejectReason::StaleSequence);
			assert_refused(
				car.signed(car.seq - 1, car.odo + 10, now()),
				RejectReason::StaleSequence,
			);
			// Gaps are fine.
			assert_ok!(authorize(&report_call(car.signed(car.seq + 5, car.odo + 10, now()))));
		});
	}

	#[test]
	fn odometer_backwards() {
		ExtBuilder::default().build_and_execute(|| {
			let mut car = alice_car();
			car.drive(100);
			next_block();
			assert_refused(
				car.signed(car.seq + 1, car.odo - 1, now()),
				RejectReason::OdometerBackwards,
			);
			// Standing still is fine.
			assert_ok!(authorize(&report_call(car.next(0))));
		});
	}

	#[test]
	fn implausible_distance() {
		ExtBuilder::default().build_and_execute(|| {
			let car = alice_car();
			// One minute since the baseline: 250 km/h allows 4,166 m.
			assert_ok!(authorize(&report_call(car.next(4_166))));
			assert_refused(car.next(4_167), RejectReason::ImplausibleDistance);
			// A tighter top speed.
			assert_ok!(Mining::set_params(
				RuntimeOrigin::root(),
				MiningParams { top_speed_kmh: 60, ..Default::default() }
			));
			assert_ok!(authorize(&report_call(car.next(1_000))));
			assert_refused(car.next(1_001), RejectReason::ImplausibleDistance);
		});
	}

	#[test]
	fn too_frequent() {
		ExtBuilder::default().build_and_execute(|| {
			let car = alice_car();
			let last = Vehicles::<Test>::get(car.id).unwrap().last_time_ms;
			assert_refused(car.signed(2, 10, last + 59_999), RejectReason::TooFrequent);
			assert_ok!(authorize(&report_call(car.signed(2, 10, last + 60_000))));
		});
	}

	#[test]
	fn time_not_increasing() {
		ExtBuilder::default().build_and_execute(|| {
			let car = alice_car();
			let last = Vehicles::<Test>::get(car.id).unwrap().last_time_ms;
			assert_refused(car.signed(2, 10, last), RejectReason::TimeNotIncreasing);
			assert_refused(car.signed(2, 10, last - 1), RejectReason::TimeNotIncreasing);
		});
	}

	#[test]
	fn from_the_future() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			assert_ok!(authorize(&report_call(car.signed(1, 0, now() + 300_000))));
			assert_refused(car.signed(1, 0, now() + 300_001), RejectReason::FromTheFuture);
		});
	}

	#[test]
	fn no_consent() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			MockWorld::update(car.id, |v| v.consent_until = None);
			assert_refused(car.next(0), RejectReason::NoConsent);
		});
	}

	#[test]
	fn consent_expired() {
		ExtBuilder::default().build_and_execute(|| {
			let car = Car::new(1, ALICE, Device::sr(1));
			MockWorld::update(car.id, |v| v.consent_until = Some(now() - 1));
			assert_refused(car.next(0), RejectReason::ConsentExpired);
		});
	}
}

mod batches {
	use super::*;

	#[test]
	fn good_reports_apply_and_bad_ones_are_skipped() {
		ExtBuilder::default().build_and_execute(|| {
			let a = alice_car();
			let mut b = Car::new(2, BOB, Device::ed(2));
			b.drive(0);
			let c = Car::new(3, CHARLIE, Device::ec(3));
			next_block();
			let forged = (a.next(500).0, Device::sr(99).sign(&a.next(500).0));
			let reports = vec![
				forged,                                  // bad signature
				b.next(700),                             // good
				a.signed(a.seq + 1, a.odo + 300, now()), // good, same seq as the forged one
				a.signed(a.seq + 2, a.odo + 400, now()), // same vehicle, same time as the last
				c.next(0),                               // good (baseline)
			];
			assert_ok!(submit(batch_call(reports)).unwrap());
			// The batch's metres, written once after its last report.
			assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
			assert_eq!(Mining::bucket_meters(Mining::current_bucket()), 1_000);
			assert_eq!(Vehicles::<Test>::get(a.id).unwrap().last_seq, 2);
			assert_eq!(Vehicles::<Test>::get(b.id).unwrap().last_seq, 2);
			assert_eq!(Vehicles::<Test>::get(c.id).unwrap().last_seq, 1);
			let events = mining_events();
			let n = events.len();
			assert_eq!(
				events[n - 5..].to_vec(),
				vec![
					Event::ReportRejected {
						vehicle: a.id,
						seq: 2,
						reason: RejectReason::BadSignature
					},
					Event::MileageReported { vehicle: b.id, seq: 2, meters: 700 },
					Event::MileageReported { vehicle: a.id, seq: 2, meters: 300 },
					Event::ReportRejected {
						vehicle: a.id,
						seq: 3,
						reason: RejectReason::TimeNotIncreasing
					},
					Event::MileageReported { vehicle: c.id, seq: 1, meters: 0 },
				]
			);
		});
	}

	#[test]
	fn a_later_report_sees_the_earlier_ones_state() {
		ExtBuilder::default().build_and_execute(|| {
			let a = alice_car();
			run_to_block(System::block_number() + 2);
			let t = now();
			let reports = vec![
				a.signed(2, 100, t - 60_000),
				a.signed(2, 200, t), // replay of seq 2 after it was applied
				a.signed(3, 200, t),
			];
			assert_ok!(submit(batch_call(reports)).unwrap());
			assert_eq!(Vehicles::<Test>::get(a.id).unwrap().last_odometer_m, 200);
			assert_eq!(EffectiveMeters::<Test>::get(), 200);
			assert!(mining_events().contains(&Event::ReportRejected {
				vehicle: a.id,
				seq: 2,
				reason: RejectReason::StaleSequence
			}));
		});
	}

	#[test]
	fn authorization_needs_one_valid_report() {
		ExtBuilder::default().build_and_execute(|| {
			let a = alice_car();
			let b = Car::new(2, BOB, Device::sr(2));
			let stale = a.signed(1, 10, now());
			let forged = (b.next(0).0, Device::sr(3).sign(&b.next(0).0));
			// Empty.
			let empty = batch_call(vec![]);
			assert_storage_noop!(assert_eq!(
				authorize(&empty).unwrap_err(),
				InvalidTransaction::Call.into()
			));
			// All bad: the first report's reason.
			let all_bad = batch_call(vec![stale.clone(), forged.clone()]);
			assert_storage_noop!(assert_eq!(
				authorize(&all_bad).unwrap_err(),
				refused(RejectReason::StaleSequence)
			));
			assert_eq!(submit(all_bad).unwrap_err(), refused(RejectReason::StaleSequence));
			let all_bad = batch_call(vec![forged.clone(), stale.clone()]);
			assert_eq!(authorize(&all_bad).unwrap_err(), refused(RejectReason::BadSignature));
			// One good one: provides its tag, refunds the reports after it.
			let good = a.next(10);
			let mixed = batch_call(vec![stale, good.clone(), forged]);
			let (valid, refund) = authorize(&mixed).unwrap();
			assert_eq!(valid.provides, vec![good.0.tag()]);
			assert_eq!(
				refund,
				Mining::authorize_report_batch_weight(3) - Mining::authorize_report_batch_weight(2)
					+ Mining::signature_refund(&good.1)
			);
		});
	}
}

mod schedule {
	use super::*;

	#[test]
	fn no_mileage_no_release() {
		ExtBuilder::default().build_and_execute(|| {
			let _car = alice_car();
			run_to_batch(4);
			assert_eq!(released_events(), vec![(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0)]);
			assert_eq!(Acc::<Test>::get(), U256::zero());
			assert_eq!(Released::<Test>::get(), 0);
			assert_eq!(LastClosedBatch::<Test>::get(), Some(3));
		});
	}

	#[test]
	fn batches_close_on_the_first_block_of_the_next_batch() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_block(P - 1);
			assert_eq!(LastClosedBatch::<Test>::get(), None);
			run_to_block(P);
			assert_eq!(LastClosedBatch::<Test>::get(), Some(0));
			// Running the hook twice closes nothing twice.
			Mining::on_initialize(P);
			assert_eq!(released_events().len(), 1);
		});
	}

	#[test]
	fn genesis_may_choose_another_batch_period() {
		ExtBuilder::default().batch_period(4).build_and_execute(|| {
			assert_eq!(Mining::batch_period(), 4);
			run_to_block(3);
			assert_eq!(LastClosedBatch::<Test>::get(), None);
			run_to_block(4);
			assert_eq!(LastClosedBatch::<Test>::get(), Some(0));
			run_to_block(8);
			assert_eq!(LastClosedBatch::<Test>::get(), Some(1));
			let s = Mining::schedule_info();
			assert_eq!((s.batch_period, s.current_batch, s.next_close_block), (4, 2, 12));
		});
		ExtBuilder::default().build_and_execute(|| assert_eq!(Mining::batch_period(), P as u32));
	}

	#[test]
	fn rewards_halve() {
		ExtBuilder::default().build_and_execute(|| {
			let mut car = alice_car();
			car.drive(1_000);
			// The metres count through the last batch of bucket S - 1 = batch 5; keep driving.
			let mut expected = vec![];
			for batch in 0..16u32 {
				run_to_batch(batch as u64 + 1);
				car.drive(1_000);
				expected.push(R0 >> (batch / H));
			}
			let released: Vec<Balance> = released_events().iter().map(|e| e.1).collect();
			assert_eq!(released, expected);
			assert_eq!(expected[..6], [R0, R0, R0, R0, R0, R0 / 2]);
			assert_eq!(Released::<Test>::get(), expected.iter().sum::<Balance>());
			// Alone, the vehicle is owed all of it (less under a unit of rounding).
			assert!(Released::<Test>::get() - Mining::pending(&car.id) <= 1);
		});
	}

	#[test]
	fn release_stops_exactly_at_the_pool_cap() {
		ExtBuilder::default().cap(2_500_123).build_and_execute(|| {
			let mut car = alice_car();
			car.drive(1_000);
			run_to_batch(2);
			assert_eq!(Released::<Test>::get(), 2 * R0);
			// Claiming does not change what can still be promised.
			assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), car.id));
			car.drive(1_000);
			run_to_batch(6);
			assert_eq!(
				released_events().iter().map(|e| e.1).collect::<Vec<_>>(),
				vec![R0, R0, 500_123, 0, 0, 0]
			);
			assert_eq!(Released::<Test>::get(), 2_500_123);
			assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), car.id));
			assert_eq!(Balances::balance(&ALICE), 2_500_123);
			assert_eq!(Stones::remaining(Pool::MileageMining), 0);
			assert_eq!(Claimed::<Test>::get(), Released::<Test>::get());
		});
	}
}

mod pro_rata {
	use super::*;

	#[test]
	fn every_block_pays_once_for_the_values_reports_share() {
		ExtBuilder::default().build_and_execute(|| {
			let db = <Test as frame_system::Config>::DbWeight::get();
			let hot = Mining::hot_values_weight();
			assert_eq!(hot, db.reads_writes(6, 2));
			// A block inside a batch pays only for them.
			assert_eq!(Mining::on_initialize(P + 1), hot);
			// The first block of a batch also closes the batch before it.
			System::set_block_number(P);
			assert_eq!(Mining::on_initialize(P), hot + <() as WeightInfo>::close_batch());
			assert_eq!(LastClosedBatch::<Test>::get(), Some(0));
			// Already closed: one more read.
			assert_eq!(Mining::on_initialize(P), hot + db.reads(1));
		});
	}

	#[test]
	fn a_new_bucket_moves_the_open_buckets_metres_once() {
		ExtBuilder::default().build_and_execute(|| {
			let db = <Test as frame_system::Config>::DbWeight::get();
			let hot = Mining::hot_values_weight();
			let mut a = alice_car();
			next_block();
			a.drive(1_000);
			assert_eq!(OpenBucket::<Test>::get(), (0, 1_000));
			assert!(!BucketMeters::<Test>::contains_key(0));
			// The first block of bucket 1 (and of batch B) moves bucket 0's metres.
			run_to_block(B as u64 * P - 1);
			System::set_block_number(B as u64 * P);
			let weight = Mining::on_initialize(B as u64 * P);
			assert_eq!(weight, hot + db.writes(1) + <() as WeightInfo>::close_batch());
			assert_eq!(OpenBucket::<Test>::get(), (1, 0));
			assert_eq!(BucketMeters::<Test>::get(0), 1_000);
			assert_eq!(Mining::bucket_meters(0), 1_000);
			assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
			// Once: the next block of the bucket moves nothing.
			System::set_block_number(B as u64 * P + 1);
			assert_eq!(Mining::on_initialize(B as u64 * P + 1), hot);
			assert_eq!(BucketMeters::<Test>::get(0), 1_000);
		});
	}

	#[test]
	fn a_vehicle_keeps_its_latest_slot_and_the_ring_holds_the_older() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			for bucket in 0..(S + 2) {
				run_to_block(bucket as u64 * B as u64 * P + 1);
				next_block();
				a.drive(1_000);
				next_block();
				a.drive(500);
				let state = Vehicles::<Test>::get(a.id).unwrap();
				let current = state.current.expect("a current slot");
				assert_eq!((current.bucket, current.meters), (bucket, 1_500));
				let ring: Vec<u32> =
					Slots::<Test>::iter_prefix_values(a.id).map(|s| s.bucket).collect();
				// Never at the current slot's index: at most S slots in all.
				assert!(ring.len() < S as usize);
				assert!(ring.iter().all(|b| b % S != bucket % S && *b < bucket));
				// The last S buckets count: the current one and up to S - 1 in the ring.
				let live = (bucket + 1).min(S) as u128 * 1_500;
				assert_eq!(Mining::live_meters(&a.id), live);
				assert_eq!(EffectiveMeters::<Test>::get(), live);
			}
			Mining::do_try_state().expect("invariants hold in every bucket");
		});
	}

	#[test]
	fn a_report_keeps_only_the_weight_of_what_it_did() {
		ExtBuilder::default().build_and_execute(|| {
			let charged = Mining::report_weight();
			let hook = <MockWorld as OnMileageVerified>::on_mileage_verified_weight();
			let new_slot = Mining::new_slot_weight();
			assert_eq!(charged, <() as WeightInfo>::report() + hook);
			let mut car = Car::new(1, ALICE, Device::sr(1));
			assert_eq!(report_call(car.next(0)).get_dispatch_info().call_weight, charged);
			// The baseline: no metres, no slot, nothing for the hook (the mock's hook uses its
			// bound only for metres).
			assert_eq!(car.drive_weighed(0), charged - new_slot - hook);
			next_block();
			// The vehicle's first metres begin a slot: the worst case.
			assert_eq!(car.drive_weighed(1_000), charged);
			next_block();
			// More in the same bucket: the slot is in the vehicle's record.
			assert_eq!(car.drive_weighed(1_000), charged - new_slot);
			// A new bucket: a new slot again.
			run_to_batch(B as u64);
			next_block();
			assert_eq!(car.drive_weighed(1_000), charged);
		});
	}

	#[test]
	fn a_batch_keeps_only_the_weight_of_what_its_reports_did() {
		ExtBuilder::default().build_and_execute(|| {
			let hook = <MockWorld as OnMileageVerified>::on_mileage_verified_weight();
			let new_slot = Mining::new_slot_weight();
			let mut a = alice_car();
			let mut b = Car::new(2, BOB, Device::ed(2));
			b.drive(0);
			next_block();
			a.drive(1_000);
			next_block();
			let (bad, _) = b.next(1_000);
			let good = a.next(1_000);
			let signature_refund = Mining::signature_refund(&good.1);
			let reports = vec![good, (bad, Device::ed(9).sign(&b.next(1_000).0))];
			let call = batch_call(reports);
			let charged = Mining::report_batch_weight(2);
			assert_eq!(call.get_dispatch_info().call_weight, charged);
			let info = submit_weighed(call).expect("authorized").expect("applied");
			// `a`'s report stays in its slot and keeps its sr25519 signature's weight; `b`'s
			// is skipped and refunds all but its checks.
			assert_eq!(
				info.actual_weight,
				Some(charged - new_slot - signature_refund - (new_slot + hook))
			);
			assert_eq!(Mining::bucket_meters(0), 2_000);
		});
	}

	#[test]
	fn two_vehicles_share_in_proportion() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			let mut b = Car::new(2, BOB, Device::ed(2));
			b.drive(0);
			next_block();
			a.drive(1_000);
			b.drive(3_000);
			run_to_batch(1);
			assert_eq!(Mining::pending(&a.id), R0 / 4);
			assert_eq!(Mining::pending(&b.id), R0 * 3 / 4);
			assert_eq!(released_events(), vec![(0, R0, 4_000)]);
		});
	}

	#[test]
	fn three_vehicles_share_in_proportion_with_rounding_down() {
		ExtBuilder::default().build_and_execute(|| {
			let mut cars = [
				Car::new(1, ALICE, Device::sr(1)),
				Car::new(2, BOB, Device::ed(2)),
				Car::new(3, CHARLIE, Device::ec(3)),
			];
			for car in cars.iter_mut() {
				car.drive(0);
			}
			next_block();
			for (car, m) in cars.iter_mut().zip([1_000, 2_000, 4_000]) {
				car.drive(m);
			}
			run_to_batch(1);
			// 1,000,000 x 1/7, 2/7, 4/7.
			let pending: Vec<Balance> = cars.iter().map(|c| Mining::pending(&c.id)).collect();
			assert_eq!(pending, vec![142_857, 285_714, 571_428]);
			// The promise rounds up, so it always covers what the vehicles are owed.
			assert_eq!(Released::<Test>::get(), 1_000_000);
			for (car, who) in cars.iter().zip([ALICE, BOB, CHARLIE]) {
				assert_ok!(Mining::claim(RuntimeOrigin::signed(who), car.id));
			}
			assert_eq!(Claimed::<Test>::get(), 999_999);
		});
	}

	#[test]
	fn shares_follow_mileage_over_batches() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			let mut b = Car::new(2, BOB, Device::sr(2));
			b.drive(0);
			next_block();
			a.drive(1_000);
			run_to_batch(1); // a alone
			b.drive(1_000);
			run_to_batch(2); // half each
			assert_eq!(Mining::pending(&a.id), R0 + R0 / 2);
			assert_eq!(Mining::pending(&b.id), R0 / 2);
		});
	}

	#[test]
	fn mileage_counts_through_the_last_batch_of_the_window() {
		ExtBuilder::default().build_and_execute(|| {
			// B = 2 batches per bucket, S = 3 buckets: metres of bucket 0 count through batch 5.
			let mut a = alice_car();
			let mut b = Car::new(2, BOB, Device::sr(2));
			b.drive(0);
			run_to_batch(1);
			// `a` drives in batch 1 (bucket 0): counts in batches 1..=5 ((S-1) x B + 1 = 5).
			a.drive(1_000);
			// `b` drives in batch 2 (bucket 1): counts in batches 2..=7 (S x B = 6).
			run_to_batch(2);
			b.drive(1_000);
			run_to_batch(5);
			assert_eq!(EffectiveMeters::<Test>::get(), 2_000);
			run_to_batch(6); // closes batch 5, the last of bucket 2: bucket 0 leaves the window
			assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
			assert!(!BucketMeters::<Test>::contains_key(0));
			assert_eq!(Mining::bucket_meters(0), 0);
			assert!(Mining::matured_acc(0).is_some());
			let a_at_5 = Mining::pending(&a.id);
			// Batch 1: a alone (R0); batches 2..=4: half of R0; batch 5: half of R0 / 2.
			assert_eq!(a_at_5, R0 + 3 * R0 / 2 + R0 / 4);
			run_to_batch(9);
			assert_eq!(Mining::pending(&a.id), a_at_5);
			// `b` earned alone in batches 6 and 7, then its bucket left the window.
			assert_eq!(Mining::pending(&b.id), 3 * R0 / 2 + R0 / 4 + 2 * (R0 / 2));
			assert_eq!(EffectiveMeters::<Test>::get(), 0);
			assert_eq!(released_events()[8], (8, 0, 0));
			assert_eq!(Mining::live_meters(&a.id), 0);
		});
	}

	#[test]
	fn a_matured_slot_is_folded_when_its_index_comes_round() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000); // bucket 0, slot 0
			run_to_batch(2 * S as u64); // bucket S: slot 0 again
			let before = Mining::pending(&a.id);
			a.drive(500);
			let slot = Vehicles::<Test>::get(a.id).unwrap().current.unwrap();
			assert_eq!((slot.bucket, slot.meters), (S, 500));
			assert_eq!(Slots::<Test>::iter_prefix(a.id).count(), 0);
			assert_eq!(Mining::pending(&a.id), before);
			assert_eq!(
				Vehicles::<Test>::get(a.id).unwrap().unclaimed,
				U256::from(before) * U256::from(SCALE)
			);
		});
	}

	#[test]
	fn claim_pays_the_owner_and_keeps_the_remainder() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			let mut b = Car::new(2, BOB, Device::sr(2));
			b.drive(0);
			next_block();
			a.drive(1_000);
			b.drive(2_000);
			run_to_batch(1);
			assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id));
			assert_eq!(Balances::balance(&ALICE), 333_333);
			assert_eq!(Claimed::<Test>::get(), 333_333);
			assert_eq!(
				mining_events().last(),
				Some(&Event::RewardsClaimed { vehicle: a.id, owner: ALICE, amount: 333_333 })
			);
			// The fraction stays for later.
			let unclaimed = Vehicles::<Test>::get(a.id).unwrap().unclaimed;
			assert!(!unclaimed.is_zero() && unclaimed < U256::from(SCALE));
			assert_noop!(
				Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
				Error::<Test>::NothingToClaim
			);
			// Live slots keep earning after a claim.
			run_to_batch(2);
			assert_eq!(Mining::pending(&a.id), 333_333);
		});
	}

	#[test]
	fn claim_errors() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000);
			run_to_batch(1);
			assert_noop!(Mining::claim(RuntimeOrigin::signed(BOB), a.id), Error::<Test>::NotOwner);
			assert_noop!(
				Mining::claim(RuntimeOrigin::signed(ALICE), vid(9)),
				Error::<Test>::UnknownVehicle
			);
			assert_noop!(Mining::claim(RuntimeOrigin::none(), a.id), DispatchError::BadOrigin);
			// A vehicle that never reported has nothing.
			let c = Car::new(3, CHARLIE, Device::sr(3));
			assert_noop!(
				Mining::claim(RuntimeOrigin::signed(CHARLIE), c.id),
				Error::<Test>::NothingToClaim
			);
		});
	}

	#[test]
	fn claim_needs_no_consent() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000);
			run_to_batch(1);
			MockWorld::update(a.id, |v| v.consent_until = None);
			assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id));
			assert_eq!(Balances::balance(&ALICE), R0);
		});
	}

	#[test]
	fn claim_below_the_existential_deposit_fails_and_keeps_the_reward() {
		ExtBuilder::default().existential_deposit(R0 * 2).build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000);
			run_to_batch(1);
			assert_noop!(
				Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
				sp_runtime::TokenError::BelowMinimum
			);
			run_to_batch(2);
			assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id));
			assert_eq!(Balances::balance(&ALICE), 2 * R0);
		});
	}

	#[test]
	fn owner_change_settles_to_the_old_owner() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000);
			run_to_batch(1);
			MockWorld::transfer(a.id, BOB);
			assert_eq!(Balances::balance(&ALICE), R0);
			assert!(mining_events().contains(&Event::RewardsClaimed {
				vehicle: a.id,
				owner: ALICE,
				amount: R0
			}));
			// The metres keep counting, now for BOB.
			run_to_batch(2);
			assert_noop!(
				Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
				Error::<Test>::NotOwner
			);
			assert_ok!(Mining::claim(RuntimeOrigin::signed(BOB), a.id));
			assert_eq!(Balances::balance(&BOB), R0);
			// Nothing to settle: no error, no event.
			let n = mining_events().len();
			MockWorld::transfer(a.id, CHARLIE);
			assert_eq!(mining_events().len(), n);
		});
	}

	#[test]
	fn owner_change_forfeits_what_cannot_be_paid() {
		ExtBuilder::default().existential_deposit(R0 * 2).build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000);
			run_to_batch(1);
			MockWorld::transfer(a.id, BOB);
			assert_eq!(Balances::balance(&ALICE), 0);
			assert_eq!(Released::<Test>::get(), 0);
			assert_eq!(Mining::pending(&a.id), 0);
			assert!(mining_events().contains(&Event::RewardsForfeited {
				vehicle: a.id,
				owner: ALICE,
				amount: R0
			}));
		});
	}

	#[test]
	fn deregistration_settles_and_removes_the_mileage() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			let mut b = Car::new(2, BOB, Device::sr(2));
			b.drive(0);
			next_block();
			a.drive(1_000);
			b.drive(1_000);
			run_to_batch(1);
			MockWorld::deregister(a.id);
			assert_eq!(Balances::balance(&ALICE), R0 / 2);
			assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
			assert_eq!(Mining::bucket_meters(0), 1_000);
			assert!(Vehicles::<Test>::get(a.id).is_none());
			assert_eq!(Slots::<Test>::iter_prefix(a.id).count(), 0);
			assert_eq!(
				mining_events().last(),
				Some(&Event::VehicleRemoved { vehicle: a.id, live_meters: 1_000 })
			);
			// BOB now gets the whole next batch.
			run_to_batch(2);
			assert_eq!(Mining::pending(&b.id), R0 / 2 + R0);
			assert_noop!(
				Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
				Error::<Test>::UnknownVehicle
			);
		});
	}
}

mod params_and_api {
	use super::*;

	#[test]
	fn set_params_works_for_the_params_origin() {
		ExtBuilder::default().build_and_execute(|| {
			let params = MiningParams {
				top_speed_kmh: 180,
				min_report_interval_ms: 1,
				max_clock_drift_ms: 0,
			};
			assert_ok!(Mining::set_params(RuntimeOrigin::root(), params));
			assert_eq!(Params::<Test>::get(), params);
			assert_eq!(mining_events(), vec![Event::ParamsSet { params }]);
			assert_noop!(
				Mining::set_params(RuntimeOrigin::signed(ALICE), params),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Mining::set_params(
					RuntimeOrigin::root(),
					MiningParams { top_speed_kmh: 0, ..params }
				),
				Error::<Test>::InvalidParams
			);
			assert_noop!(
				Mining::set_params(
					RuntimeOrigin::root(),
					MiningParams { min_report_interval_ms: 0, ..params }
				),
				Error::<Test>::InvalidParams
			);
		});
	}

	#[test]
	fn runtime_api_views() {
		ExtBuilder::default().build_and_execute(|| {
			let mut a = alice_car();
			a.drive(1_000);
			run_to_batch(5);
			a.drive(2_000);
			let info = Mining::vehicle_info(&a.id).unwrap();
			assert_eq!(
				info,
				runtime_api::VehicleMiningInfo {
					last_seq: 3,
					last_odometer_m: 3_000,
					last_time_ms: now(),
					live_meters: 3_000,
					// Batches 0..=4 at the full reward (the first halving is at batch 5).
					pending: 5 * R0,
				}
			);
			assert_eq!(Mining::vehicle_info(&vid(9)), None);
			let s = Mining::schedule_info();
			assert_eq!(s.current_batch, 5);
			assert_eq!(s.next_close_block, 60);
			assert_eq!(s.batch_reward, R0 / 2);
			assert_eq!(s.released, 5 * R0);
			assert_eq!(s.claimed, 0);
			assert_eq!(s.pool_remaining, 100_000_000);
			assert_eq!(s.effective_meters, 3_000);
			assert_eq!(
				(s.batch_period, s.bucket_batches, s.window_buckets, s.halving_period),
				(P as u32, B, S, H)
			);
			assert_eq!(s.initial_batch_reward, R0);
		});
	}
}

/// Property tests against a brute-force model of the pro-rata rule.
mod model {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Report { car: usize, meters: u64 },
		Advance { blocks: u64 },
		Claim { car: usize },
		Transfer { car: usize },
		Deregister { car: usize },
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			6 => (0usize..3, 0u64..4_000).prop_map(|(car, meters)| Op::Report { car, meters }),
			4 => (1u64..25).prop_map(|blocks| Op::Advance { blocks }),
			2 => (0usize..3).prop_map(|car| Op::Claim { car }),
			1 => (0usize..3).prop_map(|car| Op::Transfer { car }),
			1 => (0usize..3).prop_map(|car| Op::Deregister { car }),
		]
	}

	/// The model's exact reward of `car`, scaled by 10^36, through batch `through` (inclusive):
	/// for each batch c, `schedule(c) x eff(car, c) / E(c)` where a metre accepted in batch b
	/// counts in batches b..=last batch of bucket (b / B) + S - 1, until the car is removed.
	struct Model {
		/// Per car: (batch, metres) accepted.
		credits: Vec<Vec<(u32, u128)>>,
		/// Per car: the batch from which it no longer counts (deregistered during it).
		removed: Vec<Option<u32>>,
	}

	const PRECISION: u128 = 1_000_000_000_000_000_000;

	impl Model {
		fn eff(&self, car: usize, c: u32) -> u128 {
			if self.removed[car].is_some_and(|d| c >= d) {
				return 0;
			}
			self.credits[car]
				.iter()
				.filter(|(b, _)| *b <= c && c < (b / B + S) * B)
				.map(|(_, m)| m)
				.sum()
		}

		/// (floor scaled sum, number of batches) of `car`'s exact reward through batch
		/// `through`.
		fn owed_scaled(&self, car: usize, through: Option<u32>) -> (U256, u64) {
			let Some(through) = through else { return (U256::zero(), 0) };
			let mut sum = U256::zero();
			for c in 0..=through {
				let e: u128 = (0..self.credits.len()).map(|v| self.eff(v, c)).sum();
				if e == 0 {
					continue;
				}
				let r = crate::schedule::batch_reward(R0 as u128, H, c);
				let mine = self.eff(car, c);
				sum += U256::from(r)
					* U256::from(mine)
					* U256::from(PRECISION)
					* U256::from(PRECISION)
					/ U256::from(e);
			}
			(sum, through as u64 + 1)
		}
	}

	fn paid_to_vehicle(id: VehicleId) -> Balance {
		mining_events()
			.into_iter()
			.filter_map(|e| match e {
				Event::RewardsClaimed { vehicle, amount, .. } if vehicle == id => Some(amount),
				_ => None,
			})
			.sum()
	}

	fn check_car(model: &Model, i: usize, id: VehicleId) {
		let paid = paid_to_vehicle(id) as u128;
		let (scaled, batches) = model.owed_scaled(i, LastClosedBatch::<Test>::get());
		let p2 = U256::from(PRECISION) * U256::from(PRECISION);
		// Upper: what was paid never exceeds the exact reward.
		let upper = (scaled + U256::from(batches)) / p2;
		assert!(U256::from(paid) <= upper, "car {i} paid {paid} > model {upper}");
		// Lower: paid plus what is pending is the exact reward rounded down, within 1 grain.
		let lower = scaled / p2;
		let total = U256::from(paid) + U256::from(Mining::pending(&id));
		assert!(total + U256::one() >= lower, "car {i} total {total} < model {lower} - 1");
		assert!(total <= upper, "car {i} total {total} > model {upper}");
	}

	fn run(ops: Vec<Op>) {
		ExtBuilder::default().build_and_execute(|| {
			let owners = [ALICE, BOB, CHARLIE];
			let mut cars = [
				Car::new(1, ALICE, Device::sr(1)),
				Car::new(2, BOB, Device::ed(2)),
				Car::new(3, CHARLIE, Device::ec(3)),
			];
			let mut owner_of = owners.to_vec();
			let mut last_block = [0u64; 3];
			let mut gone = [false; 3];
			let mut model = Model { credits: vec![vec![]; 3], removed: vec![None; 3] };
			for op in ops {
				match op {
					Op::Report { car, meters } => {
						if gone[car] {
							continue;
						}
						if last_block[car] == System::block_number() {
							next_block();
						}
						let first = cars[car].seq == 0;
						cars[car].drive(meters);
						last_block[car] = System::block_number();
						if !first && meters > 0 {
							model.credits[car].push((Mining::current_batch(), meters as u128));
						}
					},
					Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
					Op::Claim { car } => {
						let _ = Mining::claim(RuntimeOrigin::signed(owner_of[car]), cars[car].id);
					},
					Op::Transfer { car } => {
						if gone[car] {
							continue;
						}
						let to = if owner_of[car] == DAVE { owners[car] } else { DAVE };
						MockWorld::transfer(cars[car].id, to);
						owner_of[car] = to;
					},
					Op::Deregister { car } => {
						if gone[car] {
							continue;
						}
						// Settled first: the model's reward through the last closed batch.
						MockWorld::deregister(cars[car].id);
						gone[car] = true;
						model.removed[car] = Some(Mining::current_batch());
					},
				}
				Mining::do_try_state().expect("mining invariants hold");
				Stones::do_try_state().expect("stones invariants hold");
				for (i, car) in cars.iter().enumerate() {
					if !gone[i] {
						check_car(&model, i, car.id);
					}
				}
			}
			// Everyone claims at the end.
			run_to_block(System::block_number() + 2 * P);
			for (i, car) in cars.iter().enumerate() {
				if !gone[i] {
					let _ = Mining::claim(RuntimeOrigin::signed(owner_of[i]), car.id);
					check_car(&model, i, car.id);
				}
			}
			assert!(Claimed::<Test>::get() <= Released::<Test>::get());
		});
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(128))]
		#[test]
		fn claims_match_the_brute_force_model(ops in proptest::collection::vec(op(), 1..40)) {
			run(ops);
		}
	}
}
