//! Seeds and revealing: when a box may be revealed, and that its outcome is recomputable.

use super::*;

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
		// The owner reveals it; another account may only after the deadline.
		assert_noop!(
			MineBoxes::reveal(RuntimeOrigin::signed(FAN), id),
			Error::<Test>::NotYetOpenToOthers
		);
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(OWNER), id));
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

#[test]
fn after_the_deadline_anyone_settles_a_box_with_the_same_result() {
	let revealed_by = |who: AccountId| {
		let mut outcome = None;
		build_and_execute(|| {
			let t = create(details());
			MockWorld::set_crystals(OWNER, 10);
			let id = MineBoxes::do_buy_box(&OWNER, t).unwrap();
			run_to_block(System::block_number() + DELAY + DEADLINE);
			assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(who), id));
			outcome = Boxes::<Test>::get(id).unwrap().outcome;
		});
		outcome.unwrap()
	};
	assert_eq!(revealed_by(FAN), revealed_by(OWNER));
}

#[test]
fn governance_sets_the_reveal_delay_of_boxes_bought_later() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 20);
		let first = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		assert_noop!(
			MineBoxes::set_reveal_delay(RuntimeOrigin::signed(OWNER), 5),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::set_reveal_delay(RuntimeOrigin::signed(GOVERNANCE), 1),
			Error::<Test>::RevealDelayTooShort
		);
		assert_noop!(
			MineBoxes::set_reveal_delay(
				RuntimeOrigin::signed(GOVERNANCE),
				(MAX_REVEAL_DELAY + 1).into()
			),
			Error::<Test>::RevealDelayTooLong
		);
		assert_ok!(MineBoxes::set_reveal_delay(RuntimeOrigin::signed(GOVERNANCE), 5));
		assert_eq!(box_events().last(), Some(&Event::RevealDelaySet { delay: 5 }));
		let second = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		assert_eq!(Boxes::<Test>::get(first).unwrap().draw_at, 1 + DELAY);
		assert_eq!(Boxes::<Test>::get(second).unwrap().draw_at, 1 + 5);
	});
}
