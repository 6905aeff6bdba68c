//! Buying boxes: payment, the committed draw block, daily supplies and limits.

use super::*;

#[test]
fn buy_box_pays_and_commits_to_a_later_block() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 25);
		run_to_block(5);
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
		assert_eq!(MockWorld::crystals(OWNER), 15);
		let b = Boxes::<Test>::get(0).unwrap();
		assert_eq!(
			b,
			MineBox {
				owner: OWNER,
				box_type: t,
				price: 10,
				committed_at: 5,
				draw_at: 5 + DELAY,
				certified_owner: true,
				outcome: None
			}
		);
		assert_eq!(PendingBoxes::<Test>::get(OWNER).into_inner(), vec![0]);
		assert_eq!(SeedSlots::<Test>::get(5 + DELAY), Some(SeedSlot { seed: None, waiting: 1 }));
		assert_eq!(
			box_events().last(),
			Some(&Event::BoxBought {
				id: 0,
				who: OWNER,
				box_type: t,
				price: 10,
				draw_at: 5 + DELAY
			})
		);
		assert_eq!(DailyOpened::<Test>::get(t), DayCount { day: 100, count: 1 });
		assert_eq!(AccountDailyOpened::<Test>::get(t, OWNER), DayCount { day: 100, count: 1 });
		// A second box in the same block waits for the same seed.
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
		assert_eq!(SeedSlots::<Test>::get(5 + DELAY), Some(SeedSlot { seed: None, waiting: 2 }));
		assert_eq!(MockWorld::crystals(OWNER), 5);
	});
}

#[test]
fn buy_box_refuses_bad_input() {
	build_and_execute(|| {
		let t = create(details());
		assert_noop!(MineBoxes::buy_box(RuntimeOrigin::none(), t), DispatchError::BadOrigin);
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), 9),
			Error::<Test>::UnknownBoxType
		);
		MockWorld::set_crystals(OWNER, 9);
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t),
			Error::<Test>::InsufficientCrystals
		);
		MockWorld::set_crystals(OWNER, 1_000);
		for _ in 0..4 {
			assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
		}
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t),
			Error::<Test>::TooManyPendingBoxes
		);
		// The refused purchases took no crystals.
		assert_eq!(MockWorld::crystals(OWNER), 960);
	});
}

#[test]
fn daily_supply_is_shared_and_resets_the_next_day() {
	build_and_execute(|| {
		let t = create(BoxType { daily_supply: Some(2), ..details() });
		for who in [OWNER, FAN, OWNER2] {
			MockWorld::set_crystals(who, 100);
		}
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(FAN), t));
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER2), t),
			Error::<Test>::DailySupplyExhausted
		);
		MockWorld::set_now_ms(101 * DAY_MS);
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER2), t));
		assert_eq!(DailyOpened::<Test>::get(t), DayCount { day: 101, count: 1 });
	});
}

#[test]
fn per_account_daily_limit_is_per_account_and_resets() {
	build_and_execute(|| {
		let t = create(BoxType { per_account_daily: Some(1), ..details() });
		MockWorld::set_crystals(OWNER, 100);
		MockWorld::set_crystals(FAN, 100);
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t),
			Error::<Test>::AccountDailyLimitReached
		);
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(FAN), t));
		MockWorld::set_now_ms(101 * DAY_MS + 5);
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
	});
}
