//! The runtime API helpers.

use super::*;

#[test]
fn api_helpers_report_boxes_odds_and_types() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 20);
		let a = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		let b = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		let pending = MineBoxes::pending_boxes(&OWNER);
		assert_eq!(pending.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![a, b]);
		assert_eq!(MineBoxes::box_types(), vec![(t, details())]);
		let more: Vec<_> = (0..20).map(|_| create(details())).collect();
		let ids: Vec<_> = MineBoxes::box_types().into_iter().map(|(id, _)| id).collect();
		assert_eq!(ids, [vec![t], more].concat(), "box types are listed by id");
		let odds = MineBoxes::odds(t).unwrap();
		assert_eq!(odds.entries.len(), 4);
		assert_eq!(odds.entries[3].ppm, 50_000);
		assert!(odds.entries[3].rare);
		assert_eq!(odds.fallback, Some(Treasure::Crystals(20)));
		assert_eq!(MineBoxes::odds(999), None);
		run_to_block(1 + DELAY);
		MineBoxes::do_reveal(a).unwrap();
		assert_eq!(MineBoxes::pending_boxes(&OWNER).len(), 1);
		assert_eq!(MineBoxes::odds(t).unwrap().total_draws, 1);
	});
}
