//! Items that require an angel-programme entitlement: the right was earned by driving, so the
//! item may be free; redeeming uses the entitlement, a rejection gives it back.

use super::*;
use csop_primitives::EntitlementKind::{BatteryUpgrade, LidarUpgrade};

const CAR: csop_primitives::VehicleId = csop_primitives::VehicleId::repeat_byte(7);

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
		MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(ALICE, CAR, LidarUpgrade);
		let issuance = Balances::total_issuance();
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(MockWorld::entitlement_used(CAR, LidarUpgrade), Some(true));
		let r = Redemptions::<Test>::get(0).unwrap();
		assert_eq!(r.entitlement, Some((CAR, LidarUpgrade)));
		assert_eq!(held(ALICE), 0);
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(pallet_stones::Burned::<Test>::get(), 0);
		assert_eq!(MockWorld::entitlement_used(CAR, LidarUpgrade), Some(true));
	});
}

#[test]
fn a_used_or_missing_entitlement_is_refused() {
	build_and_execute(|| {
		let id = lidar_item(5);
		MockWorld::give_vehicle(ALICE, 1, 0);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NoEntitlement
		);
		// A battery entitlement does not open a lidar item.
		MockWorld::give_entitlement(ALICE, CAR, BatteryUpgrade);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NoEntitlement
		);
		MockWorld::give_entitlement(ALICE, CAR, LidarUpgrade);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(held(ALICE), 5);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NoEntitlement
		);
	});
}

#[test]
fn a_non_owner_is_not_eligible_even_with_an_entitlement_record() {
	build_and_execute(|| {
		let id = lidar_item(0);
		MockWorld::give_entitlement(BOB, CAR, LidarUpgrade);
		assert_noop!(Catalog::redeem(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotEligible);
	});
}

#[test]
fn rejecting_gives_the_entitlement_and_the_stones_back() {
	build_and_execute(|| {
		let id = lidar_item(5);
		MockWorld::give_vehicle(ALICE, 1, 0);
		MockWorld::give_entitlement(ALICE, CAR, LidarUpgrade);
		let before = Balances::balance(&ALICE);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0));
		assert_eq!(MockWorld::entitlement_used(CAR, LidarUpgrade), Some(false));
		assert_eq!((Balances::balance(&ALICE), held(ALICE)), (before, 0));
		// And it can be redeemed again.
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
	});
}
