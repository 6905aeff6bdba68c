//! Authorizing reports: every check, in order, with its rejection code; the validity of a
//! valid report; the `AuthorizeCall` extension and the authorized origin.

use super::*;

#[test]
fn valid_report_provides_its_tag() {
	ExtBuilder::default().build_and_execute(|| {
		let car = Car::new(1, ALICE, Device::sr(1));
		let signed = car.next(0);
		let (valid, refund) = authorize(&report_call(signed.clone())).unwrap();
		assert_eq!(
			valid.provides,
			vec![(b"csop/mileage", car.id, 1u64).encode(), Mining::pending_tag(&car.id, None)]
		);
		assert_eq!(
			valid.provides,
			vec![signed.0.tag(), (b"csop/mileage/pending", car.id, None::<u64>).encode()]
		);
		assert!(valid.requires.is_empty());
		assert_eq!(valid.priority, u64::MAX / 2);
		assert_eq!(valid.longevity, REPORT_LONGEVITY);
		// An sr25519 device's report is refunded what its signature costs less than ecdsa.
		assert_eq!(refund, Mining::signature_refund(&signed.1));
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
		assert_eq!(valid.provides[0], (b"csop/mileage", car.id, 1u64).encode());
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
		for origin in [RuntimeOrigin::signed(ALICE), RuntimeOrigin::none(), RuntimeOrigin::root()] {
			assert_noop!(
				Mining::report(origin.clone(), report.clone(), signature.clone()),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Mining::report_bundle(
					origin,
					vec![(report.clone(), signature.clone())].try_into().unwrap()
				),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn the_pool_takes_a_bundle_only_if_every_report_is_valid() {
	ExtBuilder::default().build_and_execute(|| {
		let a = alice_car();
		let b = Car::new(2, BOB, Device::sr(2));
		let stale = a.signed(1, 10, now());
		let forged = (b.next(0).0, Device::sr(3).sign(&b.next(0).0));
		// Empty.
		let empty = bundle_call(vec![]);
		assert_storage_noop!(assert_eq!(
			authorize(&empty).unwrap_err(),
			InvalidTransaction::Call.into()
		));
		// All bad: the first report's reason.
		let all_bad = bundle_call(vec![stale.clone(), forged.clone()]);
		assert_storage_noop!(assert_eq!(
			authorize(&all_bad).unwrap_err(),
			refused(RejectReason::StaleSequence)
		));
		assert_eq!(submit(all_bad).unwrap_err(), refused(RejectReason::StaleSequence));
		// The pool runs every other check before any signature: the stale report is found
		// first although the forged one comes before it; a bad signature alone is found too.
		let all_bad = bundle_call(vec![forged.clone(), stale.clone()]);
		assert_eq!(authorize(&all_bad).unwrap_err(), refused(RejectReason::StaleSequence));
		let forged_only = bundle_call(vec![forged.clone()]);
		assert_eq!(authorize(&forged_only).unwrap_err(), refused(RejectReason::BadSignature));
		// A good report wrapped in junk: the pool refuses the bundle with the first bad
		// report's reason, and `check_reports` says which reports are bad and why.
		let good = a.next(10);
		let c = Car::new(3, CHARLIE, Device::ed(3));
		let also_good = c.next(0);
		let mixed = vec![good.clone(), stale, also_good.clone(), forged];
		assert_storage_noop!(assert_eq!(
			authorize(&bundle_call(mixed.clone())).unwrap_err(),
			refused(RejectReason::StaleSequence)
		));
		assert_eq!(
			Mining::check_reports(&mixed),
			vec![None, Some(RejectReason::StaleSequence), None, Some(RejectReason::BadSignature)]
		);
		// A whole valid bundle provides every report's tags and is refunded what its
		// signatures cost less than the costliest key type's.
		let (valid, refund) =
			authorize(&bundle_call(vec![good.clone(), also_good.clone()])).unwrap();
		assert_eq!(
			valid.provides,
			vec![
				good.0.tag(),
				Mining::pending_tag(&good.0.vehicle, Some(1)),
				also_good.0.tag(),
				Mining::pending_tag(&also_good.0.vehicle, None)
			]
		);
		assert_eq!(
			refund,
			Mining::signature_refund(&good.1) + Mining::signature_refund(&also_good.1)
		);
		// In a block, a report made stale by an earlier inclusion is skipped, as before: the
		// block's authorization needs one valid report.
		assert_ok!(submit(bundle_call(mixed)).unwrap());
		assert_eq!(VehicleStates::<Test>::get(a.id).unwrap().last_seq, good.0.seq);
		assert_eq!(VehicleStates::<Test>::get(c.id).unwrap().last_seq, also_good.0.seq);
	});
}

#[test]
fn a_vehicle_has_at_most_one_report_in_the_pool() {
	ExtBuilder::default().build_and_execute(|| {
		let a = alice_car();
		// Two valid reports of one vehicle, pre-signed: both provide the vehicle's pending
		// tag for its last accepted report, so the pool keeps only one of them.
		let next = a.next(10);
		let after = a.signed(next.0.seq + 1, next.0.odometer_m, next.0.time_ms + 60_000);
		let pending = Mining::pending_tag(&a.id, Some(1));
		for report in [&next, &after] {
			let (valid, _) = authorize(&report_call(report.clone())).unwrap();
			assert!(valid.requires.is_empty());
			assert_eq!(valid.provides, vec![report.0.tag(), pending.clone()]);
		}
		// Once one is in a block the other is valid again, under the next pending tag.
		assert_ok!(submit(report_call(next.clone())).unwrap());
		let (valid, _) = authorize(&report_call(after.clone())).unwrap();
		assert_eq!(
			valid.provides,
			vec![after.0.tag(), Mining::pending_tag(&a.id, Some(next.0.seq))]
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
			Device::Sr(p) => DeviceSignature::from(sp_core::Pair::sign(p, &report.encode())),
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
		assert_refused(car.signed(car.seq - 1, car.odo + 10, now()), RejectReason::StaleSequence);
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
		let last = VehicleStates::<Test>::get(car.id).unwrap().last_time_ms;
		assert_refused(car.signed(2, 10, last + 59_999), RejectReason::TooFrequent);
		assert_ok!(authorize(&report_call(car.signed(2, 10, last + 60_000))));
	});
}

#[test]
fn time_not_increasing() {
	ExtBuilder::default().build_and_execute(|| {
		let car = alice_car();
		let last = VehicleStates::<Test>::get(car.id).unwrap().last_time_ms;
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
		MockWorld::revoke(car.id);
		assert_refused(car.next(0), RejectReason::NoConsent);
	});
}

#[test]
fn consent_expired() {
	ExtBuilder::default().build_and_execute(|| {
		let car = Car::new(1, ALICE, Device::sr(1));
		MockWorld::update(car.id, |v| {
			v.consent = Some(MockConsent { since_ms: 0, until_ms: Some(now()) })
		});
		assert_refused(car.next(0), RejectReason::ConsentExpired);
	});
}

/// The node's batch check of a report's signature (`signature_check`, then the host
/// function's per-item verdict) agrees with the pallet's own check, for every key type, a
/// forged signature and a signature of another key type (P-256 included).
#[test]
fn the_batch_check_of_a_signature_agrees_with_the_single_check() {
	ExtBuilder::default().build_and_execute(|| {
		let devices = [Device::sr(4), Device::ed(5), Device::ec(6), Device::p256(7)];
		let mut checks = Vec::new();
		let mut single = Vec::new();
		for (i, device) in devices.iter().enumerate() {
			let car = Car::new(10 + i as u8, BOB, Device::sr(0));
			let (report, signature) = car.next(0);
			let signed = device.sign(&report);
			for (key, sig) in [
				(device.public(), signed.clone()),
				(device.public(), signature.clone()),
				(devices[(i + 1) % 4].public(), signed.clone()),
			] {
				single.push(Mining::verify_signature(&report, &sig, &key));
				checks.push(Mining::signature_check(&report, &sig, &key));
			}
		}
		assert_eq!(single.iter().filter(|ok| **ok).count(), 4, "one valid pair per key type");
		let one_by_one: Vec<bool> = checks.iter().map(csop_device_crypto::verify_one).collect();
		assert_eq!(one_by_one, single);
		assert_eq!(csop_device_crypto::device_crypto::verify_batch(checks), single);
	});
}

/// A full bundle of mixed-key reports is verified in one batch in the pool: all valid, it is
/// taken; one forged signature in the middle, it is refused for that.
#[test]
fn the_pool_verifies_a_large_mixed_bundle_in_one_batch() {
	ExtBuilder::default().build_and_execute(|| {
		let cars: Vec<Car> = (0..8u8)
			.map(|n| {
				let device = match n % 4 {
					0 => Device::sr(40 + n),
					1 => Device::ed(40 + n),
					2 => Device::ec(40 + n),
					_ => Device::p256(40 + n),
				};
				Car::new(40 + n, BOB, device)
			})
			.collect();
		let mut reports: Vec<_> = cars.iter().map(|c| c.next(0)).collect();
		assert!(authorize(&bundle_call(reports.clone())).is_ok());
		let forged = Device::sr(99).sign(&reports[4].0);
		reports[4].1 = forged;
		assert_eq!(
			authorize(&bundle_call(reports)).unwrap_err(),
			refused(RejectReason::BadSignature)
		);
	});
}
