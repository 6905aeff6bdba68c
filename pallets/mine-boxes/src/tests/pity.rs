//! Pity: the guaranteed rare draw.

use super::*;

#[test]
fn pity_guarantees_a_rare_draw_exactly_after_the_threshold() {
	build_and_execute(|| {
		// The rare entry has 1 ppm: ordinary draws practically never hit it.
		let t = create(BoxType {
			drops: vec![crystals(1, PPM - 1, false), right(5, 1, true)],
			pity: Some(3),
			..details()
		});
		for round in 0..3 {
			for expected in 1..=3 {
				let outcome = buy_and_reveal(FAN, t);
				assert!(!outcome.pity);
				assert_eq!(outcome.entry, 0, "round {round}");
				assert_eq!(PityCounter::<Test>::get(FAN, t), expected);
				assert_eq!(MineBoxes::pity_of(&FAN), vec![(t, expected)]);
			}
			let outcome = buy_and_reveal(FAN, t);
			assert!(outcome.pity, "the 4th draw after 3 misses is a pity draw");
			assert_eq!(outcome.entry, 1);
			assert_eq!(outcome.treasure, Treasure::Right { right: 5, quantity: 1 });
			assert_eq!(PityCounter::<Test>::get(FAN, t), 0, "a rare draw resets the counter");
		}
		assert_eq!(Rights::<Test>::get(FAN, 5), 3);
		assert_eq!(DrawCounts::<Test>::get(t, 1), DrawCount { natural: 0, pity: 3 });
		assert_eq!(DrawCounts::<Test>::get(t, 0), DrawCount { natural: 9, pity: 0 });
		// Pity is per account.
		assert_eq!(PityCounter::<Test>::get(OWNER, t), 0);
	});
}

#[test]
fn a_pity_draw_of_stones_for_a_non_owner_gives_the_fallback() {
	build_and_execute(|| {
		let t = create(BoxType {
			drops: vec![crystals(1, PPM - 1, false), stones(10, 1, true)],
			pity: Some(1),
			..details()
		});
		buy_and_reveal(FAN, t);
		let outcome = buy_and_reveal(FAN, t);
		assert!(outcome.pity);
		assert_eq!(outcome.fallback, Some(FallbackReason::NotCertifiedOwner));
		assert_eq!(outcome.treasure, Treasure::Crystals(20));
		assert_eq!(PityCounter::<Test>::get(FAN, t), 0);
		assert_eq!(Balances::free_balance(FAN), 0);
	});
}

/// The statistical test: 20,000 ordinary draws (mocked randomness, varying per block) match
/// the published odds; every entry is within 5 standard deviations of its expected count
/// (`sqrt(n p (1 - p))`), and the odds API reports the observed frequencies.
#[test]
fn many_draws_match_the_published_odds() {
	build_and_execute(|| {
		let t = create(details());
		let accounts: Vec<AccountId> = (100..108).collect();
		const ROUNDS: u64 = 2_500;
		for _ in 0..ROUNDS {
			let mut ids = vec![];
			for &who in &accounts {
				MockWorld::set_crystals(who, 10);
				ids.push(MineBoxes::do_buy_box(&who, t).unwrap());
			}
			run_to_block(System::block_number() + DELAY);
			for id in ids {
				MineBoxes::do_reveal(id).unwrap();
			}
		}
		let n = ROUNDS * accounts.len() as u64;
		let odds = MineBoxes::odds(t).unwrap();
		assert_eq!(odds.total_draws, n);
		for (i, entry) in odds.entries.iter().enumerate() {
			let p = f64::from(entry.ppm) / f64::from(PPM);
			let expected = n as f64 * p;
			let sd = (n as f64 * p * (1.0 - p)).sqrt();
			let observed = entry.natural_draws as f64;
			assert!(
				(observed - expected).abs() <= 5.0 * sd,
				"entry {i}: observed {observed}, expected {expected} +- {}",
				5.0 * sd
			);
			assert_eq!(entry.pity_draws, 0);
		}
		// Non-owners drew stones entries (35% of draws) and got the fallback: no stone issued.
		assert_eq!(StonesGiven::<Test>::get(), 0);
	});
}
