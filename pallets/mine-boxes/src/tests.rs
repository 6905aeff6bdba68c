//! Tests of the mine boxes in the mock runtime. Every test ends with the invariants checked
//! (`build_and_execute`).

use crate::{mock::*, *};
use csop_primitives::Pool;
use frame_support::{
	assert_noop, assert_ok,
	traits::{Hooks, Randomness},
};
use sp_core::H256;
use sp_runtime::DispatchError;

fn crystals(amount: u64, ppm: u32, rare: bool) -> Drop<Balance> {
	Drop { treasure: Treasure::Crystals(amount), ppm, rare }
}
fn right(id: RightId, ppm: u32, rare: bool) -> Drop<Balance> {
	Drop { treasure: Treasure::Right { right: id, quantity: 1 }, ppm, rare }
}
fn stones(amount: Balance, ppm: u32, rare: bool) -> Drop<Balance> {
	Drop { treasure: Treasure::Stones(amount), ppm, rare }
}

/// A table with every kind of treasure: 50% a right, 30% crystals, 15% stones, 5% rare stones.
fn details() -> BoxTypeDetails<Balance> {
	BoxType {
		name: b"gold".to_vec(),
		price: 10,
		drops: vec![
			right(1, 500_000, false),
			crystals(5, 300_000, false),
			stones(50, 150_000, false),
			stones(200, 50_000, true),
		],
		fallback: Some(Treasure::Crystals(20)),
		daily_supply: None,
		per_account_daily: None,
		pity: None,
		open: true,
	}
}

/// A table that always drops `treasure`.
fn only(treasure: Treasure<Balance>) -> BoxTypeDetails<Balance> {
	BoxType {
		drops: vec![Drop { treasure, ppm: PPM, rare: false }],
		fallback: Some(Treasure::Right { right: 9, quantity: 2 }),
		..details()
	}
}

fn create(details: BoxTypeDetails<Balance>) -> BoxTypeId {
	let id = NextBoxTypeId::<Test>::get();
	assert_ok!(MineBoxes::create_box_type(RuntimeOrigin::signed(GOVERNANCE), details));
	id
}

/// `who` buys a box of `box_type` (given the crystals), and it is revealed after the delay.
fn buy_and_reveal(who: AccountId, box_type: BoxTypeId) -> OutcomeOf<Test> {
	let price = BoxTypes::<Test>::get(box_type).unwrap().price;
	MockWorld::set_crystals(who, MockWorld::crystals(who) + price);
	let id = MineBoxes::do_buy_box(&who, box_type).unwrap();
	run_to_block(System::block_number() + DELAY);
	MineBoxes::do_reveal(id).unwrap()
}

// ---- box types ----

#[test]
fn create_box_type_stores_the_table_and_emits() {
	build_and_execute(|| {
		let id = create(details());
		assert_eq!(id, 0);
		assert_eq!(NextBoxTypeId::<Test>::get(), 1);
		assert_eq!(BoxTypes::<Test>::get(0).unwrap().details(), details());
		assert_eq!(box_events().last(), Some(&Event::BoxTypeCreated { box_type: 0, price: 10 }));
		assert_eq!(create(details()), 1);
	});
}

#[test]
fn create_box_type_refuses_bad_input() {
	build_and_execute(|| {
		let gov = || RuntimeOrigin::signed(GOVERNANCE);
		let with = |f: &dyn Fn(&mut BoxTypeDetails<Balance>)| {
			let mut d = details();
			f(&mut d);
			d
		};
		assert_noop!(
			MineBoxes::create_box_type(RuntimeOrigin::signed(OWNER), details()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::create_box_type(RuntimeOrigin::none(), details()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.name = vec![b'x'; 17])),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| d.drops = vec![crystals(1, 100_000, false); 9]
					.into_iter()
					.chain([crystals(1, 100_000, false)])
					.collect())
			),
			Error::<Test>::TooManyDrops
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.price = 0)),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.drops.clear())),
			Error::<Test>::EmptyDropTable
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| d.drops = vec![crystals(1, 0, false), crystals(1, PPM, false)])
			),
			Error::<Test>::ZeroProbability
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.drops[0].ppm -= 1)),
			Error::<Test>::OddsNotOneMillion
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.drops[0].ppm += 1)),
			Error::<Test>::OddsNotOneMillion
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| d.drops[0].treasure = Treasure::Right { right: 1, quantity: 0 })
			),
			Error::<Test>::EmptyTreasure
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.fallback = None)),
			Error::<Test>::MissingFallback
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.fallback = Some(Treasure::Stones(1)))),
			Error::<Test>::StoneFallback
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.pity = Some(0))),
			Error::<Test>::BadPity
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| {
					d.pity = Some(3);
					d.drops.iter_mut().for_each(|e| e.rare = false);
				})
			),
			Error::<Test>::BadPity
		);
		// A table without stones needs no fallback.
		assert_ok!(MineBoxes::create_box_type(
			gov(),
			with(&|d| {
				d.drops = vec![crystals(1, PPM, false)];
				d.fallback = None;
			})
		));
	});
}

#[test]
fn set_box_type_open_closes_buying_but_not_revealing() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 100);
		let id = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		assert_ok!(MineBoxes::set_box_type_open(RuntimeOrigin::signed(GOVERNANCE), t, false));
		assert_eq!(box_events().last(), Some(&Event::BoxTypeOpenSet { box_type: t, open: false }));
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t),
			Error::<Test>::BoxTypeClosed
		);
		run_to_block(1 + DELAY);
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(OWNER), id));
		assert_ok!(MineBoxes::set_box_type_open(RuntimeOrigin::signed(GOVERNANCE), t, true));
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
	});
}

#[test]
fn set_box_type_open_refuses_bad_input() {
	build_and_execute(|| {
		let t = create(details());
		assert_noop!(
			MineBoxes::set_box_type_open(RuntimeOrigin::signed(OWNER), t, false),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::set_box_type_open(RuntimeOrigin::signed(GOVERNANCE), 7, false),
			Error::<Test>::UnknownBoxType
		);
	});
}

#[test]
fn genesis_creates_box_types() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { box_types: vec![details(), only(Treasure::Crystals(3))] }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(NextBoxTypeId::<Test>::get(), 2);
		assert_eq!(BoxTypes::<Test>::get(1).unwrap().details(), only(Treasure::Crystals(3)));
		MineBoxes::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "genesis box types must have valid drop tables")]
fn genesis_refuses_a_bad_table() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut bad = details();
	bad.drops[0].ppm = 1;
	let _ = crate::GenesisConfig::<Test> { box_types: vec![bad] }.assimilate_storage(&mut storage);
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(MineBoxes::integrity_test);
}

use sp_runtime::BuildStorage;

// ---- buying ----

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

// ---- seeds and revealing ----

#[test]
fn reveal_waits_for_the_draw_block() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 10);
		let id = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		for _ in 0..DELAY {
			assert_noop!(
				MineBoxes::reveal(RuntimeOrigin::signed(OWNER), id),
				Error::<Test>::NotYetRevealable
			);
			run_to_block(System::block_number() + 1);
		}
		let seed = SeedSlots::<Test>::get(1 + DELAY).unwrap().seed.unwrap();
		assert_eq!(seed, RunningSeed::<Test>::get());
		assert!(box_events().contains(&Event::SeedDrawn {
			block: 1 + DELAY,
			seed,
			vrf: MockWorld::random(functions::RANDOMNESS_SUBJECT).0,
		}));
		// Anyone may reveal; the treasure goes to the box's owner.
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(FAN), id));
		let outcome = Boxes::<Test>::get(id).unwrap().outcome.unwrap();
		assert_eq!(outcome.seed, seed);
		assert_eq!(outcome.revealed_at, 1 + DELAY);
		assert_eq!(
			box_events().last(),
			Some(&Event::BoxRevealed { id, who: OWNER, box_type: t, outcome })
		);
		assert!(PendingBoxes::<Test>::get(OWNER).is_empty());
		assert_eq!(SeedSlots::<Test>::get(1 + DELAY), None, "the last waiting box frees the slot");
		assert_eq!(TotalDraws::<Test>::get(t), 1);
	});
}

#[test]
fn reveal_refuses_bad_input() {
	build_and_execute(|| {
		let t = create(details());
		assert_noop!(MineBoxes::reveal(RuntimeOrigin::none(), 0), DispatchError::BadOrigin);
		assert_noop!(MineBoxes::reveal(RuntimeOrigin::signed(OWNER), 0), Error::<Test>::UnknownBox);
		buy_and_reveal(OWNER, t);
		assert_noop!(
			MineBoxes::reveal(RuntimeOrigin::signed(OWNER), 0),
			Error::<Test>::AlreadyRevealed
		);
	});
}

#[test]
fn the_outcome_is_recomputable_from_published_data() {
	build_and_execute(|| {
		let t = create(details());
		for _ in 0..20 {
			let outcome = buy_and_reveal(FAN, t);
			let id = NextBoxId::<Test>::get() - 1;
			// What an auditor does: hash (tag, seed, box id, owner), take 8 bytes, walk the
			// published table.
			let hash = sp_io::hashing::blake2_256(&codec::Encode::encode(&(
				b"csop/mine-box".as_slice(),
				outcome.seed,
				id,
				FAN,
			)));
			let random = u64::from_le_bytes(hash[..8].try_into().unwrap());
			let roll = random % u64::from(PPM);
			assert_eq!(u64::from(outcome.roll), roll);
			let mut cumulative = 0u64;
			let entry = details()
				.drops
				.iter()
				.position(|d| {
					cumulative += u64::from(d.ppm);
					roll < cumulative
				})
				.unwrap();
			assert_eq!(usize::from(outcome.entry), entry);
		}
	});
}

#[test]
fn the_result_does_not_depend_on_when_or_by_whom_the_box_is_revealed() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 10);
		let id = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		run_to_block(1 + DELAY);
		let early = frame_support::storage::with_transaction(|| {
			let outcome = MineBoxes::do_reveal(id);
			sp_runtime::TransactionOutcome::Rollback(Ok::<_, DispatchError>(outcome))
		})
		.unwrap()
		.unwrap();
		// Much later, with other randomness: the same result.
		MockWorld::set_randomness(Some(H256::repeat_byte(99)));
		run_to_block(50);
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(OWNER2), id));
		let late = Boxes::<Test>::get(id).unwrap().outcome.unwrap();
		assert_eq!(
			(late.seed, late.roll, late.entry, late.treasure),
			(early.seed, early.roll, early.entry, early.treasure)
		);
		assert_eq!(late.revealed_at, 50);
	});
}

#[test]
fn a_block_without_vrf_output_still_seeds_from_the_running_hash() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_randomness(None);
		MockWorld::set_crystals(OWNER, 10);
		let before = RunningSeed::<Test>::get();
		let id = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		run_to_block(1 + DELAY);
		let seed = SeedSlots::<Test>::get(1 + DELAY).unwrap().seed.unwrap();
		assert_ne!(seed, before);
		assert!(box_events().contains(&Event::SeedDrawn { block: 1 + DELAY, seed, vrf: None }));
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(OWNER), id));
	});
}

#[test]
fn the_running_seed_changes_every_block() {
	build_and_execute(|| {
		let mut seen = std::collections::BTreeSet::new();
		for n in 2..40 {
			run_to_block(n);
			assert!(seen.insert(RunningSeed::<Test>::get()), "block {n} repeated a seed");
		}
		// No slot is kept for blocks nobody waits for.
		assert_eq!(SeedSlots::<Test>::iter().count(), 0);
	});
}

// ---- treasures ----

#[test]
fn rights_and_crystals_go_to_the_winner() {
	build_and_execute(|| {
		let r = create(only(Treasure::Right { right: 42, quantity: 3 }));
		let c = create(only(Treasure::Crystals(17)));
		let outcome = buy_and_reveal(FAN, r);
		assert_eq!(outcome.treasure, Treasure::Right { right: 42, quantity: 3 });
		assert_eq!(Rights::<Test>::get(FAN, 42), 3);
		assert_eq!(MineBoxes::rights_of(&FAN), vec![(42, 3)]);
		let outcome = buy_and_reveal(FAN, c);
		assert_eq!((outcome.treasure, outcome.fallback), (Treasure::Crystals(17), None));
		assert_eq!(MockWorld::crystals(FAN), 17);
	});
}

#[test]
fn stones_go_only_to_certified_owners() {
	build_and_execute(|| {
		let t = create(only(Treasure::Stones(100)));
		let outcome = buy_and_reveal(OWNER, t);
		assert_eq!((outcome.treasure, outcome.fallback), (Treasure::Stones(100), None));
		assert_eq!(Balances::free_balance(OWNER), 100);
		assert_eq!(StonesGiven::<Test>::get(), 100);

		let outcome = buy_and_reveal(FAN, t);
		assert_eq!(outcome.treasure, Treasure::Right { right: 9, quantity: 2 });
		assert_eq!(outcome.fallback, Some(FallbackReason::NotCertifiedOwner));
		assert_eq!(Balances::free_balance(FAN), 0, "a non-owner never receives stones");
		assert_eq!(Rights::<Test>::get(FAN, 9), 2);
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), 100);
	});
}

#[test]
fn when_the_pool_cannot_pay_the_fallback_applies_and_the_cap_holds() {
	build_and_execute(|| {
		let t = create(only(Treasure::Stones(400)));
		assert_eq!(buy_and_reveal(OWNER, t).fallback, None);
		assert_eq!(buy_and_reveal(OWNER2, t).fallback, None);
		// 800 of 1,000 issued: 400 more do not fit.
		let outcome = buy_and_reveal(OWNER, t);
		assert_eq!(outcome.fallback, Some(FallbackReason::PoolCannotPay));
		assert_eq!(outcome.treasure, Treasure::Right { right: 9, quantity: 2 });
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), 800);
		assert_eq!(Balances::free_balance(OWNER), 400);
		assert_eq!(StonesGiven::<Test>::get(), 800);
		// A draw that fits the remainder is still paid.
		let small = create(only(Treasure::Stones(200)));
		assert_eq!(buy_and_reveal(OWNER, small).fallback, None);
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), CULTIVATION_CAP);
		assert_eq!(buy_and_reveal(OWNER, small).fallback, Some(FallbackReason::PoolCannotPay));
	});
}

// ---- pity ----

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

// ---- rights ----

#[test]
fn use_right_consumes_won_rights() {
	build_and_execute(|| {
		let r = create(only(Treasure::Right { right: 42, quantity: 3 }));
		buy_and_reveal(FAN, r);
		assert_ok!(MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 2));
		assert_eq!(Rights::<Test>::get(FAN, 42), 1);
		assert_eq!(
			box_events().last(),
			Some(&Event::RightUsed { who: FAN, right: 42, quantity: 2 })
		);
		assert_ok!(MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 1));
		assert!(!Rights::<Test>::contains_key(FAN, 42), "an emptied right is removed");
	});
}

#[test]
fn use_right_refuses_bad_input() {
	build_and_execute(|| {
		let r = create(only(Treasure::Right { right: 42, quantity: 1 }));
		buy_and_reveal(FAN, r);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(FAN), FAN, 42, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 0),
			Error::<Test>::ZeroQuantity
		);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 2),
			Error::<Test>::InsufficientRights
		);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 43, 1),
			Error::<Test>::InsufficientRights
		);
	});
}

// ---- runtime API helpers ----

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

// ---- property test ----

mod properties {
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
}
