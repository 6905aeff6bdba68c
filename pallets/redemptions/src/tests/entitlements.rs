//! Items that require an angel-programme entitlement: the right was earned by driving, so the
//! item may be free; redeeming uses the entitlement, a rejection gives it back.

use super::*;
use csop_primitives::EntitlementKind::{BatteryUpgrade, LidarUpgrade};

fn lidar_item(price: Balance) -> ItemId {
	list(price, None, None, Eligibility { entitlement: Some(LidarUpgrade), ..Default::default() })
}

#[test]
fn only_entitlement_items_may_be_free() {
	build_and_execute(|| {
		assert_noop!(
			Catalog::list_item(RuntimeOrigin::signed(MANAGER), details(0)),
			Error::<Test>::ZeroPrice
		);
		let id = lidar_item(0);
		assert_eq!(Items::<Test>::get(id).unwrap().price, 0);
	});
}

#[test]
fn redeeming_uses_the_entitlement_and_fulfilling_burns_nothing() {
	build_and_execute(|| {
		let id = lidar_item(0);
		let car = MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(car, LidarUpgrade);
		let issuance = Balances::total_issuance();
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car)));
		assert_eq!(MockWorld::entitlement_used(car, LidarUpgrade), Some(true));
		let r = Redemptions::<Test>::get(0).unwrap();
		assert_eq!((r.vehicle, r.entitlement), (Some(car), Some(LidarUpgrade)));
		assert_eq!(held(ALICE), 0);
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(pallet_stones::Burned::<Test>::get(), 0);
		assert_eq!(MockWorld::entitlement_used(car, LidarUpgrade), Some(true));
	});
}

#[test]
fn a_used_or_missing_entitlement_is_refused() {
	build_and_execute(|| {
		let id = lidar_item(5);
		let car = MockWorld::give_vehicle(ALICE, 1, 0);
		let redeem = || Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car));
		assert_noop!(redeem(), Error::<Test>::NoEntitlement);
		// A battery entitlement does not open a lidar item.
		MockWorld::give_entitlement(car, BatteryUpgrade);
		assert_noop!(redeem(), Error::<Test>::NoEntitlement);
		MockWorld::give_entitlement(car, LidarUpgrade);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None),
			Error::<Test>::VehicleRequired
		);
		assert_ok!(redeem());
		assert_eq!(held(ALICE), 5);
		assert_noop!(redeem(), Error::<Test>::NoEntitlement);
	});
}

#[test]
fn model_and_entitlement_are_checked_on_the_same_vehicle() {
	build_and_execute(|| {
		let id = list(
			0,
			None,
			None,
			Eligibility { model: Some(7), entitlement: Some(LidarUpgrade), ..Default::default() },
		);
		// Alice's model 7 has no entitlement; her model 1 has one.
		let model_7 = MockWorld::give_vehicle(ALICE, 7, 0);
		let entitled = MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(entitled, LidarUpgrade);
		let redeem = |vehicle| Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(vehicle));
		assert_noop!(redeem(model_7), Error::<Test>::NoEntitlement);
		assert_noop!(redeem(entitled), Error::<Test>::NotEligible);
		assert_eq!(MockWorld::entitlement_used(entitled, LidarUpgrade), Some(false));
	});
}

#[test]
fn a_non_owner_cannot_use_a_vehicles_entitlement() {
	build_and_execute(|| {
		let id = lidar_item(0);
		let car = MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(car, LidarUpgrade);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(BOB), id, Some(car)),
			Error::<Test>::NotYourVehicle
		);
		// Once the car is Bob's, its entitlement is his to use.
		MockWorld::transfer_vehicle(car, BOB);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car)),
			Error::<Test>::NotYourVehicle
		);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(BOB), id, Some(car)));
	});
}

#[test]
fn rejecting_gives_the_entitlement_and_the_stones_back() {
	build_and_execute(|| {
		let id = lidar_item(5);
		let car = MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(car, LidarUpgrade);
		let before = Balances::balance(&ALICE);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car)));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0));
		assert_eq!(MockWorld::entitlement_used(car, LidarUpgrade), Some(false));
		assert_eq!((Balances::balance(&ALICE), held(ALICE)), (before, 0));
		// And it can be redeemed again.
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car)));
	});
}

#[test]
fn cancelling_or_expiry_gives_the_entitlement_back_to_the_vehicle() {
	build_and_execute(|| {
		let id = lidar_item(0);
		let car = MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(car, LidarUpgrade);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car)));
		assert_ok!(Catalog::cancel(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(MockWorld::entitlement_used(car, LidarUpgrade), Some(false));

		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(car)));
		assert_eq!(MockWorld::entitlement_used(car, LidarUpgrade), Some(true));
		run_to_block(1 + PERIOD);
		assert_eq!(Redemptions::<Test>::get(1).map(|r| r.status), Some(Status::Expired));
		assert_eq!(MockWorld::entitlement_used(car, LidarUpgrade), Some(false));
	});
}
