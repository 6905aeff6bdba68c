//! Applying reports, single and bundled: the baseline, each device key type, skipped reports,
//! and the vehicle's slots.

use super::*;

#[test]
fn first_report_sets_the_baseline() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = Car::new(1, ALICE, Device::sr(1));
		car.odo = 12_345;
		car.drive(0);
		let state = VehicleStates::<Test>::get(car.id).unwrap();
		assert_eq!((state.last_seq, state.last_odometer_m, state.last_time_ms), (1, 12_345, now()));
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
		let slot = VehicleStates::<Test>::get(car.id).unwrap().current.unwrap();
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

/// P-256, verified by the node's `device_crypto` host function (natively in these tests).
#[test]
fn p256_reports_are_accepted() {
	accepts_key_type(Device::p256(7));
}

/// A P-256 report is refused when its signature is another P-256 key's, of other bytes, or
/// of another key type; its high-s twin (`(r, n - s)`) is as valid as itself.
#[test]
fn p256_signatures_are_checked() {
	ExtBuilder::default().build_and_execute(|| {
		let car = Car::new(1, ALICE, Device::p256(1));
		let (report, good) = car.next(0);
		let other_key = Device::p256(2).sign(&report);
		assert_refused((report.clone(), other_key), RejectReason::BadSignature);
		let sr = Device::sr(1).sign(&report);
		assert_refused((report.clone(), sr), RejectReason::BadSignature);
		let csop_primitives::DeviceSignature::P256(sig) = good.clone() else { unreachable!() };
		let mut flipped = sig;
		flipped.0[63] ^= 1;
		assert_refused((report.clone(), flipped.into()), RejectReason::BadSignature);
		// n - s: the same signature, high-s.
		let twin = csop_primitives::P256Signature(csop_device_crypto::p256_high_s_twin(&sig.0));
		assert!(Mining::verify_signature(&report, &twin.into(), &car.device.public()));
		assert_ok!(Mining::validate_report(&report, &good));
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
		assert_ok!(submit(bundle_call(reports)).unwrap());
		// The bundle's metres, written once after its last report.
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
		assert_eq!(Mining::bucket_meters(Mining::current_bucket()), 1_000);
		assert_eq!(VehicleStates::<Test>::get(a.id).unwrap().last_seq, 2);
		assert_eq!(VehicleStates::<Test>::get(b.id).unwrap().last_seq, 2);
		assert_eq!(VehicleStates::<Test>::get(c.id).unwrap().last_seq, 1);
		let events = mining_events();
		let n = events.len();
		assert_eq!(
			events[n - 5..].to_vec(),
			vec![
				Event::ReportRejected { vehicle: a.id, seq: 2, reason: RejectReason::BadSignature },
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
		assert_ok!(submit(bundle_call(reports)).unwrap());
		assert_eq!(VehicleStates::<Test>::get(a.id).unwrap().last_odometer_m, 200);
		assert_eq!(EffectiveMeters::<Test>::get(), 200);
		assert!(mining_events().contains(&Event::ReportRejected {
			vehicle: a.id,
			seq: 2,
			reason: RejectReason::StaleSequence
		}));
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
			let state = VehicleStates::<Test>::get(a.id).unwrap();
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
fn a_matured_slot_is_folded_when_its_index_comes_round() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000); // bucket 0, slot 0
		run_to_period(2 * S as u64); // bucket S: slot 0 again
		let before = Mining::pending(&a.id);
		a.drive(500);
		let slot = VehicleStates::<Test>::get(a.id).unwrap().current.unwrap();
		assert_eq!((slot.bucket, slot.meters), (S, 500));
		assert_eq!(Slots::<Test>::iter_prefix(a.id).count(), 0);
		assert_eq!(Mining::pending(&a.id), before);
		assert_eq!(
			VehicleStates::<Test>::get(a.id).unwrap().unclaimed,
			U256::from(before) * U256::from(REWARD_PER_METER_SCALE)
		);
	});
}
