//! Consent means consent: the first report under a new consent (after a revocation and a new
//! grant, an expiry and a new grant, or a sale and the buyer's grant) is a baseline that
//! credits nothing, so no kilometre driven outside consent is mined or counted for the angel
//! programme. The mock registry keeps the real registry's consent rules.

use super::*;
use csop_primitives::Meters;

/// The last report's credited metres, as the event and the angel hook saw them.
fn last_credit(car: &Car) -> Meters {
	let verified = MockWorld::verified();
	let (vehicle, meters, _) = verified.last().copied().expect("a report was verified");
	assert_eq!(vehicle, car.id);
	assert_eq!(
		mining_events().last(),
		Some(&Event::MileageReported { vehicle: car.id, seq: car.seq, meters })
	);
	meters
}

#[test]
fn a_report_after_a_revocation_and_a_new_grant_credits_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
		MockWorld::revoke(car.id);
		next_block();
		// Driven without consent: refused while consent is revoked.
		assert_refused(car.next(50_000), RejectReason::NoConsent);
		run_to_block(System::block_number() + 5);
		MockWorld::grant(car.id, None);
		car.drive(50_000);
		assert_eq!(last_credit(&car), 0);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
		let state = VehicleStates::<Test>::get(car.id).unwrap();
		assert_eq!((state.last_odometer_m, state.consent_since_ms), (car.odo, now()));
		// Driven under the new consent: credited.
		next_block();
		car.drive(700);
		assert_eq!(last_credit(&car), 700);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_700);
	});
}

#[test]
fn a_report_after_an_expiry_and_a_new_grant_credits_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		let expiry = now() + BLOCK_MS;
		MockWorld::grant(car.id, Some(expiry));
		car.drive(1_000);
		assert_eq!(last_credit(&car), 1_000);
		next_block();
		// The expiry is exclusive, as in the registry.
		assert_eq!(now(), expiry);
		assert_refused(car.next(1), RejectReason::ConsentExpired);
		next_block();
		MockWorld::grant(car.id, None);
		car.drive(30_000);
		assert_eq!(last_credit(&car), 0);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
	});
}

#[test]
fn a_grant_while_consent_is_live_continues_it() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		MockWorld::grant(car.id, Some(now() + 10 * BLOCK_MS));
		car.drive(1_000);
		next_block();
		// A later grant that only moves the expiry is the same consent.
		MockWorld::grant(car.id, None);
		car.drive(2_000);
		assert_eq!(last_credit(&car), 2_000);
		assert_eq!(EffectiveMeters::<Test>::get(), 3_000);
	});
}

#[test]
fn the_buyers_first_report_credits_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		next_block();
		MockWorld::transfer(car.id, BOB);
		// No consent until the buyer grants it.
		assert_refused(car.next(1), RejectReason::NoConsent);
		run_to_block(System::block_number() + 3);
		MockWorld::grant(car.id, None);
		// The seller's driving since the last report is not the buyer's.
		car.drive(40_000);
		assert_eq!(last_credit(&car), 0);
		next_block();
		car.drive(500);
		assert_eq!(last_credit(&car), 500);
		// ALICE's metres stopped counting at the sale.
		assert_eq!(EffectiveMeters::<Test>::get(), 500);
	});
}

#[test]
fn a_report_timed_before_the_new_consent_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		MockWorld::revoke(car.id);
		next_block();
		let before = now();
		next_block();
		MockWorld::grant(car.id, None);
		assert_refused(car.signed(car.seq + 1, car.odo + 1, before), RejectReason::NoConsent);
	});
}

#[test]
fn a_baseline_skips_the_plausibility_check_but_not_the_odometer() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		MockWorld::revoke(car.id);
		next_block();
		MockWorld::grant(car.id, None);
		// Far beyond the top speed in one block: a baseline checks no distance...
		assert_refused(
			car.signed(car.seq + 1, car.odo - 1, now()),
			RejectReason::OdometerBackwards,
		);
		car.drive(10_000_000);
		assert_eq!(last_credit(&car), 0);
		// ...and the next report is checked as usual.
		next_block();
		assert_refused(car.next(10_000_000), RejectReason::ImplausibleDistance);
	});
}

#[test]
fn a_bundle_credits_a_baseline_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		MockWorld::revoke(car.id);
		next_block();
		MockWorld::grant(car.id, None);
		assert_ok!(submit(bundle_call(vec![car.next(20_000)])).expect("authorized"));
		car.seq += 1;
		car.odo += 20_000;
		assert_eq!(last_credit(&car), 0);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
	});
}
