//! Property test: random sequences of buys, reveals and days keep the invariants.

use super::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
	Buy(u8, u8),
	Advance(u8),
	Reveal(u8),
	NewDay,
}

fn step() -> impl Strategy<Value = Step> {
	prop_oneof![
		(0u8..4, 0u8..2).prop_map(|(w, t)| Step::Buy(w, t)),
		(1u8..4).prop_map(Step::Advance),
		any::<u8>().prop_map(Step::Reveal),
		Just(Step::NewDay),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]
	/// Random buys, reveals, block and day changes by owners and non-owners: the invariants
	/// hold after every step, crystals are only taken by successful purchases, and a
	/// non-owner never holds stones.
	#[test]
	fn invariants_hold_over_random_sequences(steps in prop::collection::vec(step(), 1..60)) {
		new_test_ext().execute_with(|| {
			let a = create(BoxType { daily_supply: Some(6), per_account_daily: Some(3), pity: Some(2), ..details() });
			let b = create(only(Treasure::Stones(150)));
			let who_of = |w: u8| [OWNER, FAN, OWNER2, 50][usize::from(w)];
			for who in [OWNER, FAN, OWNER2, 50] {
				MockWorld::set_crystals(who, 200);
			}
			let mut day = 100;
			for step in steps {
				let crystals_before = MockWorld::total_crystals();
				match step {
					Step::Buy(w, t) => {
						let t = [a, b][usize::from(t)];
						let bought = MineBoxes::do_buy_box(&who_of(w), t).is_ok();
						let spent = crystals_before - MockWorld::total_crystals();
						prop_assert_eq!(spent, if bought { 10 } else { 0 });
					},
					Step::Advance(k) => run_to_block(System::block_number() + u64::from(k)),
					Step::Reveal(i) => {
						let next = NextBoxId::<Test>::get();
						if next > 0 {
							let _ = MineBoxes::do_reveal(u64::from(i) % next);
						}
					},
					Step::NewDay => {
						day += 1;
						MockWorld::set_now_ms(day * DAY_MS);
					},
				}
				check_invariants();
				prop_assert_eq!(Balances::free_balance(FAN), 0);
				prop_assert_eq!(Balances::free_balance(50), 0);
			}
			Ok(())
		})?;
	}
}
