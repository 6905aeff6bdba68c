//! Weights: what reports are charged and refunded, per device key type, and what every block
//! pays once.

use super::*;

#[test]
fn a_devices_key_type_decides_what_its_signature_costs() {
	use csop_primitives::SignatureWeights;
	ExtBuilder::default().build_and_execute(|| {
		type W = ();
		type S = TestSignatureWeights;
		let costliest = S::costliest();
		let cases = [
			(Device::sr(1), S::verify_sr25519()),
			(Device::ed(2), S::verify_ed25519()),
			(Device::ec(3), S::verify_ecdsa()),
		];
		// Reports are charged for the costliest key type (sr25519 in the mock)...
		assert_eq!(costliest, S::verify_sr25519());
		assert!(costliest.ref_time() > S::verify_ecdsa().ref_time());
		assert_eq!(
			Mining::authorize_report_weight(),
			<W as WeightInfo>::authorize_report() + costliest - S::verify_ecdsa()
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
				<W as WeightInfo>::authorize_report() - S::verify_ecdsa() + verify
			);
			// ...and so does authorizing a bundle whose only report it is.
			let (_, refund) = authorize(&bundle_call(vec![signed])).unwrap();
			assert_eq!(refund, costliest - verify);
		}
	});
}

#[test]
fn every_block_pays_once_for_the_values_reports_share() {
	ExtBuilder::default().build_and_execute(|| {
		let db = <Test as frame_system::Config>::DbWeight::get();
		let hot = Mining::hot_values_weight();
		assert_eq!(hot, db.reads_writes(6, 2));
		// A block inside a period pays only for them.
		assert_eq!(Mining::on_initialize(P + 1), hot);
		// The first block of a period also closes the period before it.
		System::set_block_number(P);
		assert_eq!(Mining::on_initialize(P), hot + <() as WeightInfo>::close_period());
		assert_eq!(LastClosedPeriod::<Test>::get(), Some(0));
		// Already closed: one more read.
		assert_eq!(Mining::on_initialize(P), hot + db.reads(1));
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
		run_to_period(B as u64);
		next_block();
		assert_eq!(car.drive_weighed(1_000), charged);
	});
}

#[test]
fn a_bundle_keeps_only_the_weight_of_what_its_reports_did() {
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
		let call = bundle_call(reports);
		let charged = Mining::report_bundle_weight(2);
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
