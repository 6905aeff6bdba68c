//! Redeeming: holds, stock, limits, eligibility and the bound on an account's redemptions.

use super::*;

#[test]
fn redeem_holds_the_price_and_records_a_pending_redemption() {
	build_and_execute(|| {
		let id = list(100, Some(2), None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_eq!(held(ALICE), 100);
		assert_eq!(Balances::balance(&ALICE), 900, "free balance");
		assert_eq!(Items::<Test>::get(id).unwrap().stock, Some(1));
		assert_eq!(
			Catalog::redemptions_of(&ALICE),
			vec![(
				0,
				Redemption {
					who: ALICE,
					item: id,
					price: 100,
					status: Status::Pending,
					vehicle: None,
					entitlement: None,
					expires_at: 1 + PERIOD,
				}
			)]
		);
		assert_eq!(
			redemption_events().last(),
			Some(&Event::Redeemed {
				redemption: 0,
				who: ALICE,
				item: id,
				vehicle: None,
				price: 100
			})
		);
	});
}

#[test]
fn unknown_item_fails() {
	build_and_execute(|| {
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), 7, None),
			Error::<Test>::UnknownItem
		);
	});
}

#[test]
fn out_of_stock_fails() {
	build_and_execute(|| {
		let id = list(10, Some(1), None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(BOB), id, None),
			Error::<Test>::OutOfStock
		);
	});
}

#[test]
fn over_the_account_limit_fails() {
	build_and_execute(|| {
		let id = list(10, None, Some(1), Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None),
			Error::<Test>::OverAccountLimit
		);
		// The limit is per account.
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(BOB), id, None));
	});
}

#[test]
fn not_eligible_fails() {
	build_and_execute(|| {
		let owners_30_days = Eligibility {
			owners_only: true,
			min_days_since_activation: 30,
			model: Some(7),
			entitlement: None,
		};
		let id = list(10, None, None, owners_30_days);
		let other_model = MockWorld::give_vehicle(ALICE, 1, 0);
		let car = MockWorld::give_vehicle(ALICE, 7, 0);
		MockWorld::set_now_ms(29 * DAY_MS);
		let redeem = |vehicle| Catalog::redeem(RuntimeOrigin::signed(ALICE), id, vehicle);
		assert_noop!(redeem(Some(car)), Error::<Test>::NotEligible);
		MockWorld::set_now_ms(30 * DAY_MS);
		assert_noop!(redeem(Some(other_model)), Error::<Test>::NotEligible);
		assert_ok!(redeem(Some(car)));
		assert_eq!(Redemptions::<Test>::get(0).unwrap().vehicle, Some(car));
	});
}

#[test]
fn an_item_for_a_vehicle_needs_one_of_the_redeemers_vehicles() {
	build_and_execute(|| {
		let owners = Eligibility { owners_only: true, ..Default::default() };
		let owners_item = list(10, None, None, owners);
		let hardware = ItemDetails { category: Category::HardwareUpgrade, ..details(10) };
		assert_ok!(Catalog::list_item(RuntimeOrigin::signed(MANAGER), hardware));
		let ota = ItemDetails { category: Category::OtaSoftware, ..details(10) };
		assert_ok!(Catalog::list_item(RuntimeOrigin::signed(MANAGER), ota));
		let bobs = MockWorld::give_vehicle(BOB, 1, 0);
		let alices = MockWorld::give_vehicle(ALICE, 1, 0);
		for item in [owners_item, 1, 2] {
			let redeem = |vehicle| Catalog::redeem(RuntimeOrigin::signed(ALICE), item, vehicle);
			assert_noop!(redeem(None), Error::<Test>::VehicleRequired);
			assert_noop!(redeem(Some(bobs)), Error::<Test>::NotYourVehicle);
			let unknown = csop_primitives::VehicleId::repeat_byte(9);
			assert_noop!(redeem(Some(unknown)), Error::<Test>::NotYourVehicle);
			assert_ok!(redeem(Some(alices)));
		}
		let records = Catalog::redemptions_of(&ALICE);
		assert!(records.iter().all(|(_, r)| r.vehicle == Some(alices)), "{records:?}");
		assert_eq!(
			redemption_events().last(),
			Some(&Event::Redeemed {
				redemption: 2,
				who: ALICE,
				item: 2,
				vehicle: Some(alices),
				price: 10
			})
		);
	});
}

#[test]
fn an_item_for_anyone_may_name_an_own_vehicle_and_records_it() {
	build_and_execute(|| {
		let id = list(10, None, None, Eligibility::default());
		let bobs = MockWorld::give_vehicle(BOB, 1, 0);
		let alices = MockWorld::give_vehicle(ALICE, 1, 0);
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(bobs)),
			Error::<Test>::NotYourVehicle
		);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, Some(alices)));
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		let vehicles: Vec<_> =
			Catalog::redemptions_of(&ALICE).into_iter().map(|(_, r)| r.vehicle).collect();
		assert_eq!(vehicles, vec![Some(alices), None]);
	});
}

#[test]
fn insufficient_stones_fails() {
	build_and_execute(|| {
		let id = list(1_000, None, None, Eligibility::default());
		// 1,000 held would leave nothing for the existential deposit.
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None),
			Error::<Test>::InsufficientStones
		);
	});
}

#[test]
fn the_account_list_is_bounded() {
	build_and_execute(|| {
		let id = list(1, None, None, Eligibility::default());
		for _ in 0..4 {
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		}
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None),
			Error::<Test>::TooManyRedemptions
		);
	});
}

#[test]
fn redeem_needs_a_signed_origin() {
	build_and_execute(|| {
		let id = list(1, None, None, Eligibility::default());
		assert_noop!(Catalog::redeem(RuntimeOrigin::root(), id, None), DispatchError::BadOrigin);
	});
}
