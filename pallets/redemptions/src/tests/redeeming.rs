//! Redeeming: holds, stock, limits, eligibility and the bound on an account's redemptions.

use super::*;

#[test]
fn redeem_holds_the_price_and_records_a_pending_redemption() {
	build_and_execute(|| {
		let id = list(100, Some(2), None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
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
					entitlement: None,
					expires_at: 1 + PERIOD,
				}
			)]
		);
		assert_eq!(
			redemption_events().last(),
			Some(&Event::Redeemed { redemption: 0, who: ALICE, item: id, price: 100 })
		);
	});
}

#[test]
fn unknown_item_fails() {
	build_and_execute(|| {
		assert_noop!(Catalog::redeem(RuntimeOrigin::signed(ALICE), 7), Error::<Test>::UnknownItem);
	});
}

#[test]
fn out_of_stock_fails() {
	build_and_execute(|| {
		let id = list(10, Some(1), None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(Catalog::redeem(RuntimeOrigin::signed(BOB), id), Error::<Test>::OutOfStock);
	});
}

#[test]
fn over_the_account_limit_fails() {
	build_and_execute(|| {
		let id = list(10, None, Some(1), Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::OverAccountLimit
		);
		// The limit is per account.
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(BOB), id));
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
		assert_noop!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotEligible);
		MockWorld::give_vehicle(ALICE, 7, 0);
		MockWorld::set_now_ms(29 * DAY_MS);
		assert_noop!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotEligible);
		MockWorld::set_now_ms(30 * DAY_MS);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
	});
}

#[test]
fn insufficient_stones_fails() {
	build_and_execute(|| {
		let id = list(1_000, None, None, Eligibility::default());
		// 1,000 held would leave nothing for the existential deposit.
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::InsufficientStones
		);
	});
}

#[test]
fn the_account_list_is_bounded() {
	build_and_execute(|| {
		let id = list(1, None, None, Eligibility::default());
		for _ in 0..4 {
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		}
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::TooManyRedemptions
		);
	});
}

#[test]
fn redeem_needs_a_signed_origin() {
	build_and_execute(|| {
		let id = list(1, None, None, Eligibility::default());
		assert_noop!(Catalog::redeem(RuntimeOrigin::root(), id), DispatchError::BadOrigin);
	});
}
