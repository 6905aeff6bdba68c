//! Settling redemptions: fulfil, reject, cancel, expiry.

use super::*;

#[test]
fn fulfil_burns_the_held_stones_and_counts_them_burned() {
	build_and_execute(|| {
		let id = list(100, None, None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		let issuance = Balances::total_issuance();
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::total_balance(&ALICE), 900);
		assert_eq!(Balances::total_issuance(), issuance - 100);
		assert_eq!(pallet_stones::Burned::<Test>::get(), 100);
		assert_eq!(Redemptions::<Test>::get(0).unwrap().status, Status::Fulfilled);
		assert_eq!(
			redemption_events().last(),
			Some(&Event::Fulfilled { redemption: 0, who: ALICE, price: 100 })
		);
	});
}

#[test]
fn reject_releases_the_stones_and_restores_stock_and_limit() {
	build_and_execute(|| {
		let id = list(100, Some(1), Some(1), Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), 1_000);
		assert_eq!(Items::<Test>::get(id).unwrap().stock, Some(1));
		assert_eq!(Redemptions::<Test>::get(0).unwrap().status, Status::Rejected);
		assert_eq!(pallet_stones::Burned::<Test>::get(), 0);
		// The rejected redemption no longer counts against the limit.
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
	});
}

#[test]
fn redemptions_are_counted_by_status_with_the_stones_pending_ones_hold() {
	build_and_execute(|| {
		let id = list(100, None, None, Eligibility::default());
		assert_eq!(Catalog::redemption_counts(&ALICE), RedemptionCounts::default());
		for _ in 0..4 {
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		}
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 1));
		let counts = Catalog::redemption_counts(&ALICE);
		assert_eq!(
			counts,
			RedemptionCounts {
				pending: 2,
				fulfilled: 1,
				rejected: 1,
				cancelled: 0,
				expired: 0,
				on_hold: 200
			}
		);
		assert_eq!(counts.on_hold, held(ALICE));
		assert_eq!(Catalog::redemption_counts(&BOB), RedemptionCounts::default());
	});
}

#[test]
fn settling_twice_or_unknown_fails() {
	build_and_execute(|| {
		let id = list(100, None, None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_noop!(
			Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0),
			Error::<Test>::NotPending
		);
		assert_noop!(
			Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0),
			Error::<Test>::NotPending
		);
		assert_noop!(
			Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 5),
			Error::<Test>::UnknownRedemption
		);
		assert_noop!(
			Catalog::reject(RuntimeOrigin::signed(OPERATOR), 5),
			Error::<Test>::UnknownRedemption
		);
	});
}

#[test]
fn only_the_operator_settles() {
	build_and_execute(|| {
		let id = list(100, None, None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_noop!(Catalog::fulfil(RuntimeOrigin::signed(ALICE), 0), DispatchError::BadOrigin);
		assert_noop!(Catalog::reject(RuntimeOrigin::signed(MANAGER), 0), DispatchError::BadOrigin);
	});
}

#[test]
fn settled_redemptions_make_room_for_new_ones() {
	build_and_execute(|| {
		// The list keeps 4 redemptions. Once some settle, the oldest settled one leaves the
		// list (and storage; its events remain) for each new redemption: there is no
		// lifetime cap.
		let id = list(1, None, None, Eligibility::default());
		for _ in 0..4 {
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		}
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 1));
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_eq!(AccountRedemptions::<Test>::get(ALICE).to_vec(), vec![1, 2, 3, 4]);
		assert_eq!(Redemptions::<Test>::get(0), None);
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_eq!(AccountRedemptions::<Test>::get(ALICE).to_vec(), vec![2, 3, 4, 5]);
		// Four pending redemptions: the bound is on pending ones.
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None),
			Error::<Test>::TooManyRedemptions
		);
		assert_eq!(Catalog::redemption_counts(&ALICE).pending, 4);
	});
}

#[test]
fn the_holder_cancels_its_pending_redemption() {
	build_and_execute(|| {
		let id = list(100, Some(1), Some(1), Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		// Only the holder, only while pending, only a known redemption.
		assert_noop!(Catalog::cancel(RuntimeOrigin::signed(BOB), 0), Error::<Test>::NotYours);
		assert_noop!(
			Catalog::cancel(RuntimeOrigin::signed(ALICE), 7),
			Error::<Test>::UnknownRedemption
		);
		assert_noop!(Catalog::cancel(RuntimeOrigin::root(), 0), DispatchError::BadOrigin);
		assert_ok!(Catalog::cancel(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), 1_000);
		assert_eq!(Items::<Test>::get(id).unwrap().stock, Some(1));
		assert_eq!(Redemptions::<Test>::get(0).unwrap().status, Status::Cancelled);
		assert_eq!(
			redemption_events().last(),
			Some(&Event::Cancelled { redemption: 0, who: ALICE, price: 100 })
		);
		assert_noop!(Catalog::cancel(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::NotPending);
		assert_noop!(
			Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0),
			Error::<Test>::NotPending
		);
		// The unit and the account's limit are back.
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_eq!(Catalog::redemption_counts(&ALICE).cancelled, 1);
	});
}

#[test]
fn a_redemption_the_operator_leaves_pending_is_released_after_the_period() {
	build_and_execute(|| {
		let id = list(100, Some(5), None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		let expires_at = Redemptions::<Test>::get(0).unwrap().expires_at;
		assert_eq!(expires_at, 1 + PERIOD);
		run_to_block(expires_at - 1);
		assert_eq!(held(ALICE), 100, "held until the period ends");
		run_to_block(expires_at);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Items::<Test>::get(id).unwrap().stock, Some(5));
		assert_eq!(Redemptions::<Test>::get(0).unwrap().status, Status::Expired);
		assert_eq!(
			redemption_events().last(),
			Some(&Event::Expired { redemption: 0, who: ALICE, price: 100 })
		);
		assert_noop!(
			Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0),
			Error::<Test>::NotPending
		);
		assert_eq!(Expiring::<Test>::iter().count(), 0);
	});
}

#[test]
fn settled_redemptions_do_not_expire_and_a_full_block_queues_the_next() {
	build_and_execute(|| {
		let id = list(10, None, None, Eligibility::default());
		// Three expire at block 11 (MaxExpiringPerBlock = 3); the fourth at block 12.
		for who in [ALICE, ALICE, BOB, BOB] {
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(who), id, None));
		}
		let expiry = |r| Redemptions::<Test>::get(r).unwrap().expires_at;
		assert_eq!((0..4).map(expiry).collect::<Vec<_>>(), vec![11, 11, 11, 12]);
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
		assert_ok!(Catalog::cancel(RuntimeOrigin::signed(ALICE), 1));
		run_to_block(12);
		let status = |r| Redemptions::<Test>::get(r).unwrap().status;
		assert_eq!(
			(0..4).map(status).collect::<Vec<_>>(),
			vec![Status::Fulfilled, Status::Cancelled, Status::Expired, Status::Expired]
		);
		assert_eq!(pallet_stones::Burned::<Test>::get(), 10, "only the fulfilled one burned");
	});
}

#[test]
fn governance_sets_the_fulfilment_period_of_new_redemptions() {
	build_and_execute(|| {
		let id = list(10, None, None, Eligibility::default());
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		assert_noop!(
			Catalog::set_fulfilment_period(RuntimeOrigin::signed(OPERATOR), 50),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Catalog::set_fulfilment_period(RuntimeOrigin::root(), 0),
			Error::<Test>::ZeroPeriod
		);
		assert_ok!(Catalog::set_fulfilment_period(RuntimeOrigin::root(), 50));
		assert_eq!(redemption_events().last(), Some(&Event::FulfilmentPeriodSet { period: 50 }));
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None));
		// The earlier redemption keeps its expiry.
		assert_eq!(Redemptions::<Test>::get(0).unwrap().expires_at, 1 + PERIOD);
		assert_eq!(Redemptions::<Test>::get(1).unwrap().expires_at, 51);
	});
}
