//! Account recovery: unrevealed boxes are revealed to their buyer, then rights, pity and
//! today's opened counts pass to the new account.

use super::*;
use csop_primitives::{MoveStep, RecoverHoldings};

const NEW_KEY: AccountId = 4;

fn step(cursor: u32, budget: u32) -> MoveStep {
	frame_support::storage::with_storage_layer(|| {
		<MineBoxes as RecoverHoldings<AccountId>>::move_holdings(&OWNER, &NEW_KEY, cursor, budget)
	})
	.expect("the step moves")
}

#[test]
fn recovery_reveals_boxes_to_their_buyer_then_moves_rights_pity_and_counts() {
	build_and_execute(|| {
		let stones_box = create(only(Treasure::Stones(50)));
		let rights_box = create(only(Treasure::Right { right: 3, quantity: 2 }));
		buy_and_reveal(OWNER, rights_box);
		MockWorld::set_crystals(OWNER, 10);
		let pending = MineBoxes::do_buy_box(&OWNER, stones_box).unwrap();
		PityCounter::<Test>::insert(OWNER, stones_box, 5);
		PityCounter::<Test>::insert(OWNER, rights_box, 4);
		PityCounter::<Test>::insert(NEW_KEY, stones_box, 7);
		assert!(<MineBoxes as RecoverHoldings<AccountId>>::holds_any(&OWNER));

		// The box's seed is not drawn yet: the step waits, moving nothing.
		let s = step(0, 10);
		assert_eq!((s.used, s.next, s.waiting), (0, Some(0), true));
		assert_eq!(PendingBoxes::<Test>::get(OWNER).into_inner(), vec![pending]);

		run_to_block(System::block_number() + DELAY);
		let issued = pallet_stones::Issued::<Test>::get(Pool::Cultivation);
		// Budget 2: the reveal, then the right.
		let s = step(0, 2);
		assert_eq!((s.used, s.next, s.waiting), (2, Some(0), false));
		let revealed = Boxes::<Test>::get(pending).unwrap();
		assert_eq!(revealed.owner, OWNER, "drawn and paid to its buyer");
		assert!(revealed.outcome.is_some());
		assert_eq!(Balances::free_balance(OWNER), 50);
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), issued + 50);
		assert_eq!(Rights::<Test>::get(NEW_KEY, 3), 2);
		assert_eq!(Rights::<Test>::get(OWNER, 3), 0);
		// Pity (the longer streak of each type), then today's counts, one type a unit.
		let s = step(0, 10);
		assert_eq!((s.used, s.next), (4, None));
		assert_eq!(PityCounter::<Test>::get(NEW_KEY, stones_box), 7);
		assert_eq!(PityCounter::<Test>::get(NEW_KEY, rights_box), 4);
		assert!(PityCounter::<Test>::iter_prefix(OWNER).next().is_none());
		let today = MineBoxes::today();
		for t in [stones_box, rights_box] {
			assert_eq!(AccountDailyOpened::<Test>::get(t, NEW_KEY).on(today), 1);
			assert_eq!(AccountDailyOpened::<Test>::get(t, OWNER).on(today), 0);
		}
		assert!(!<MineBoxes as RecoverHoldings<AccountId>>::holds_any(&OWNER));
		assert!(<MineBoxes as RecoverHoldings<AccountId>>::holds_any(&NEW_KEY));
	});
}

#[test]
fn the_step_weight_is_within_its_bound() {
	build_and_execute(|| {
		let t = create(only(Treasure::Crystals(5)));
		MockWorld::set_crystals(OWNER, 30);
		for _ in 0..3 {
			MineBoxes::do_buy_box(&OWNER, t).unwrap();
		}
		run_to_block(System::block_number() + DELAY);
		let bound = <MineBoxes as RecoverHoldings<AccountId>>::move_weight(3);
		let s = step(0, 3);
		assert_eq!((s.used, s.next), (3, Some(0)), "three reveals");
		assert!(s.weight.all_lte(bound), "{:?} within {bound:?}", s.weight);
		assert!(PendingBoxes::<Test>::get(OWNER).is_empty());
	});
}
