//! Claims, owner changes and deregistration: settling a vehicle's rewards to its owner.

use super::*;

#[test]
fn claim_pays_the_owner_and_keeps_the_remainder() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		let mut b = Car::new(2, BOB, Device::sr(2));
		b.drive(0);
		next_block();
		a.drive(1_000);
		b.drive(2_000);
		run_to_period(1);
		assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id));
		assert_eq!(Balances::balance(&ALICE), 333_333);
		assert_eq!(Claimed::<Test>::get(), 333_333);
		assert_eq!(
			mining_events().last(),
			Some(&Event::RewardsClaimed { vehicle: a.id, owner: ALICE, amount: 333_333 })
		);
		// The fraction stays for later.
		let unclaimed = VehicleStates::<Test>::get(a.id).unwrap().unclaimed;
		assert!(!unclaimed.is_zero() && unclaimed < U256::from(REWARD_PER_METER_SCALE));
		assert_noop!(
			Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
			Error::<Test>::NothingToClaim
		);
		// Live slots keep earning after a claim.
		run_to_period(2);
		assert_eq!(Mining::pending(&a.id), 333_333);
	});
}

#[test]
fn claim_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000);
		run_to_period(1);
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
		run_to_period(1);
		MockWorld::revoke(a.id);
		assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id));
		assert_eq!(Balances::balance(&ALICE), R0);
	});
}

#[test]
fn claim_below_the_existential_deposit_fails_and_keeps_the_reward() {
	ExtBuilder::default().existential_deposit(R0 * 2).build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000);
		run_to_period(1);
		assert_noop!(
			Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
			sp_runtime::TokenError::BelowMinimum
		);
		run_to_period(2);
		assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id));
		assert_eq!(Balances::balance(&ALICE), 2 * R0);
	});
}

#[test]
fn owner_change_settles_to_the_old_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000);
		run_to_period(1);
		MockWorld::transfer(a.id, BOB);
		assert_eq!(Balances::balance(&ALICE), R0);
		assert!(mining_events().contains(&Event::RewardsClaimed {
			vehicle: a.id,
			owner: ALICE,
			amount: R0
		}));
		// ALICE's metres stop counting: BOB is never paid for her driving.
		assert_eq!(
			mining_events().last(),
			Some(&Event::SaleSettled { vehicle: a.id, seller: ALICE, live_meters: 1_000 })
		);
		assert_eq!(EffectiveMeters::<Test>::get(), 0);
		assert_eq!(Mining::live_meters(&a.id), 0);
		run_to_period(2);
		assert_noop!(Mining::claim(RuntimeOrigin::signed(ALICE), a.id), Error::<Test>::NotOwner);
		assert_noop!(
			Mining::claim(RuntimeOrigin::signed(BOB), a.id),
			Error::<Test>::NothingToClaim
		);
		// Nothing to settle: no error, no payment.
		MockWorld::transfer(a.id, CHARLIE);
		assert_eq!(
			mining_events().last(),
			Some(&Event::SaleSettled { vehicle: a.id, seller: BOB, live_meters: 0 })
		);
		assert_eq!(Balances::balance(&BOB), 0);
	});
}

#[test]
fn a_sale_in_the_middle_of_a_period_gives_the_sellers_share_to_the_others() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		let mut b = Car::new(2, BOB, Device::ed(2));
		b.drive(0);
		next_block();
		a.drive(1_000);
		b.drive(1_000);
		MockWorld::transfer(a.id, CHARLIE);
		run_to_period(1);
		// Period 0's release went to BOB's car alone; ALICE was paid nothing (the period had
		// not closed at the sale) and CHARLIE has nothing.
		assert_ok!(Mining::claim(RuntimeOrigin::signed(BOB), b.id));
		assert_eq!(Balances::balance(&BOB), R0);
		assert_eq!(Balances::balance(&ALICE), 0);
		assert_eq!(Mining::pending(&a.id), 0);
	});
}

#[test]
fn owner_change_forfeits_what_cannot_be_paid() {
	ExtBuilder::default().existential_deposit(R0 * 2).build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000);
		run_to_period(1);
		MockWorld::transfer(a.id, BOB);
		assert_eq!(Balances::balance(&ALICE), 0);
		assert_eq!(Mining::released(), 0);
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
		run_to_period(1);
		MockWorld::deregister(a.id);
		assert_eq!(Balances::balance(&ALICE), R0 / 2);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
		assert_eq!(Mining::bucket_meters(0), 1_000);
		assert!(VehicleStates::<Test>::get(a.id).is_none());
		assert_eq!(Slots::<Test>::iter_prefix(a.id).count(), 0);
		assert_eq!(
			mining_events().last(),
			Some(&Event::VehicleRemoved { vehicle: a.id, live_meters: 1_000 })
		);
		// BOB now gets the whole next period.
		run_to_period(2);
		assert_eq!(Mining::pending(&b.id), R0 / 2 + R0);
		assert_noop!(
			Mining::claim(RuntimeOrigin::signed(ALICE), a.id),
			Error::<Test>::UnknownVehicle
		);
	});
}
