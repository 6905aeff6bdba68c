//! Issue #22 (4): a box's outcome is fixed by what is known at purchase plus the seed. Pity is
//! applied in purchase order, eligibility for stones is recorded at purchase, and the order in
//! which boxes are revealed (or who reveals them) changes nothing.

use super::*;

/// Three boxes of a type whose rare entry (1 ppm) needs pity after 2 misses, bought by FAN in
/// one block and revealed in `order` (indices into the three); the outcomes by box id.
fn outcomes_revealed_in(order: [usize; 3]) -> Vec<(BoxId, OutcomeOf<Test>)> {
	let mut outcomes = vec![];
	build_and_execute(|| {
		let t = create(BoxType {
			drops: vec![crystals(1, PPM - 1, false), right(5, 1, true)],
			pity: Some(2),
			..details()
		});
		MockWorld::set_crystals(FAN, 30);
		let ids: Vec<BoxId> = (0..3).map(|_| MineBoxes::do_buy_box(&FAN, t).unwrap()).collect();
		run_to_block(System::block_number() + DELAY);
		for i in order {
			let id = ids[i];
			if Boxes::<Test>::get(id).unwrap().outcome.is_none() {
				assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(FAN), id));
			}
		}
		outcomes = ids
			.iter()
			.map(|id| (*id, Boxes::<Test>::get(id).unwrap().outcome.unwrap()))
			.collect();
	});
	outcomes.iter_mut().for_each(|(_, o)| o.revealed_at = 0);
	outcomes
}

#[test]
fn the_same_boxes_revealed_in_every_order_give_the_same_results() {
	let in_purchase_order = outcomes_revealed_in([0, 1, 2]);
	// Pity falls on the third box bought, whatever the order of reveals.
	assert_eq!(
		in_purchase_order.iter().map(|(_, o)| o.pity).collect::<Vec<_>>(),
		[false, false, true]
	);
	for order in [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
		assert_eq!(outcomes_revealed_in(order), in_purchase_order, "revealed in order {order:?}");
	}
}

#[test]
fn eligibility_for_stones_is_the_one_at_purchase() {
	build_and_execute(|| {
		let t = create(only(Treasure::Stones(100)));
		// FAN buys as a non-owner, then becomes a certified owner before the reveal.
		MockWorld::set_crystals(FAN, 10);
		let id = MineBoxes::do_buy_box(&FAN, t).unwrap();
		MockWorld::make_owner(FAN);
		run_to_block(System::block_number() + DELAY);
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(FAN), id));
		let outcome = Boxes::<Test>::get(id).unwrap().outcome.unwrap();
		assert_eq!(outcome.fallback, Some(FallbackReason::NotCertifiedOwner));
		assert_eq!(Balances::free_balance(FAN), 0);
	});
}
