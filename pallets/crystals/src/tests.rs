//! Tests of the crystals in the mock runtime. Every test ends with the invariants checked
//! (`build_and_execute`).

use crate::{mock::*, *};
use csop_primitives::CrystalLedger;
use frame_support::{
	assert_noop, assert_ok,
	traits::Hooks,
	weights::{constants::ParityDbWeight, Weight},
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError};

fn r(n: u64) -> H256 {
	H256::from_low_u64_be(n)
}

fn award(
	who: AccountId,
	activity: Activity,
	at_ms: u64,
	reference: u64,
) -> sp_runtime::DispatchResult {
	Crystals::award(RuntimeOrigin::signed(ORACLE), who, activity, at_ms, r(reference))
}

// ---- rules ----

#[test]
fn genesis_publishes_the_rules() {
	build_and_execute(|| {
		assert_eq!(Crystals::activity_rules(), genesis_rules());
		assert_eq!(ActivityRules::<Test>::get(Activity::Referral), None);
	});
}

#[test]
#[should_panic(expected = "genesis activity rules must pay crystals")]
fn genesis_refuses_a_rule_that_pays_nothing() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let rules =
		vec![(Activity::Post, ActivityRule { crystals: 0, daily_cap: 1, lifetime_cap: None })];
	let _ = crate::GenesisConfig::<Test> { rules, ..Default::default() }
		.assimilate_storage(&mut storage);
}

#[test]
fn set_activity_rule_sets_and_removes() {
	build_and_execute(|| {
		let rule = ActivityRule { crystals: 30, daily_cap: 2, lifetime_cap: None };
		assert_ok!(Crystals::set_activity_rule(
			RuntimeOrigin::signed(GOVERNANCE),
			Activity::Referral,
			Some(rule)
		));
		assert_eq!(ActivityRules::<Test>::get(Activity::Referral), Some(rule));
		assert_eq!(
			crystal_events().last(),
			Some(&Event::ActivityRuleSet { activity: Activity::Referral, rule: Some(rule) })
		);
		assert_ok!(award(ALICE, Activity::Referral, Clock::ms(), 1));
		assert_eq!(Crystals::crystals(&ALICE), 30);
		assert_ok!(Crystals::set_activity_rule(
			RuntimeOrigin::signed(GOVERNANCE),
			Activity::Referral,
			None
		));
		assert_eq!(ActivityRules::<Test>::get(Activity::Referral), None);
		assert_noop!(
			award(ALICE, Activity::Referral, Clock::ms(), 2),
			Error::<Test>::ActivityNotRewarded
		);
	});
}

#[test]
fn set_activity_rule_refuses_bad_input() {
	build_and_execute(|| {
		let ok = ActivityRule { crystals: 1, daily_cap: 1, lifetime_cap: None };
		assert_noop!(
			Crystals::set_activity_rule(RuntimeOrigin::signed(ORACLE), Activity::Post, Some(ok)),
			DispatchError::BadOrigin
		);
		for bad in [
			ActivityRule { crystals: 0, ..ok },
			ActivityRule { daily_cap: 0, ..ok },
			ActivityRule { lifetime_cap: Some(0), ..ok },
		] {
			assert_noop!(
				Crystals::set_activity_rule(
					RuntimeOrigin::signed(GOVERNANCE),
					Activity::Post,
					Some(bad)
				),
				Error::<Test>::InvalidRule
			);
		}
	});
}

// ---- awards ----

#[test]
fn award_credits_crystals_records_the_reference_and_emits() {
	build_and_execute(|| {
		let now = Clock::ms();
		assert_eq!(System::providers(&ALICE), 0);
		assert_ok!(award(ALICE, Activity::SignUp, now, 1));
		assert_eq!(Crystals::crystals(&ALICE), 50);
		assert_eq!(TotalCrystals::<Test>::get(), 50);
		assert_eq!(TotalAwarded::<Test>::get(), 50);
		assert_eq!(System::providers(&ALICE), 1, "a crystal holder is a known account");
		let day = START_DAY as Day;
		assert!(UsedReferences::<Test>::contains_key(day, r(1)));
		assert_eq!(
			crystal_events().last(),
			Some(&Event::Awarded {
				who: ALICE,
				activity: Activity::SignUp,
				crystals: 50,
				day,
				reference: r(1)
			})
		);
		assert_ok!(award(ALICE, Activity::Post, now, 2));
		assert_eq!(Crystals::crystals(&ALICE), 60);
		assert_eq!(System::providers(&ALICE), 1, "one provider reference per account");
		assert_eq!(
			Crystals::awards_today(&ALICE),
			vec![(Activity::SignUp, 1), (Activity::Post, 1)]
		);
	});
}

#[test]
fn award_refuses_bad_input() {
	build_and_execute(|| {
		let now = Clock::ms();
		assert_noop!(
			Crystals::award(RuntimeOrigin::signed(ALICE), ALICE, Activity::Post, now, r(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Crystals::award(RuntimeOrigin::none(), ALICE, Activity::Post, now, r(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(award(ALICE, Activity::Referral, now, 1), Error::<Test>::ActivityNotRewarded);
		assert_noop!(
			award(ALICE, Activity::Post, now + DRIFT + 1, 1),
			Error::<Test>::ActivityInFuture
		);
		// Within the drift allowance is fine.
		assert_ok!(award(ALICE, Activity::Post, now + DRIFT, 1));
		let window_start_ms = (START_DAY - u64::from(WINDOW)) * DAY_MS;
		assert_noop!(
			award(ALICE, Activity::Post, window_start_ms - 1, 2),
			Error::<Test>::ActivityTooOld
		);
		assert_ok!(award(ALICE, Activity::Post, window_start_ms, 2));
		assert_noop!(award(BOB, Activity::Post, now, 1), Error::<Test>::AlreadyAwarded);
	});
}

#[test]
fn the_daily_cap_holds_per_account_activity_and_day() {
	build_and_execute(|| {
		let now = Clock::ms();
		for i in 0..3 {
			assert_ok!(award(ALICE, Activity::Post, now, i));
		}
		assert_noop!(award(ALICE, Activity::Post, now, 3), Error::<Test>::DailyCapReached);
		// Another account, another activity: their own caps.
		assert_ok!(award(BOB, Activity::Post, now, 3));
		assert_ok!(award(ALICE, Activity::DailyCheckIn, now, 4));
		assert_noop!(award(ALICE, Activity::DailyCheckIn, now, 5), Error::<Test>::DailyCapReached);
		// A late award for yesterday counts against yesterday's cap.
		assert_ok!(award(ALICE, Activity::DailyCheckIn, now - DAY_MS, 5));
		// The next day the caps start again.
		Clock::set_ms(now + DAY_MS);
		assert_ok!(award(ALICE, Activity::Post, now + DAY_MS, 6));
		assert_ok!(award(ALICE, Activity::DailyCheckIn, now + DAY_MS, 7));
		assert_eq!(Crystals::crystals(&ALICE), 3 * 10 + 3 * 5 + 10);
	});
}

#[test]
fn the_lifetime_cap_holds_across_days() {
	build_and_execute(|| {
		let now = Clock::ms();
		assert_ok!(award(ALICE, Activity::SignUp, now, 1));
		Clock::set_ms(now + 3 * DAY_MS);
		assert_noop!(
			award(ALICE, Activity::SignUp, now + 3 * DAY_MS, 2),
			Error::<Test>::LifetimeCapReached
		);
		assert_eq!(LifetimeAwards::<Test>::get(ALICE, Activity::SignUp), 1);
	});
}

#[test]
fn a_reference_is_paid_once_whatever_the_day_it_names() {
	build_and_execute(|| {
		let now = Clock::ms();
		assert_ok!(award(ALICE, Activity::Post, now, 1));
		// A retry of the same attestation is refused, even for another account or activity.
		assert_noop!(award(ALICE, Activity::Post, now + 1, 1), Error::<Test>::AlreadyAwarded);
		assert_noop!(award(BOB, Activity::DailyCheckIn, now, 1), Error::<Test>::AlreadyAwarded);
		// So is the same reference dated on another day of the award window.
		for days in 1..=u64::from(WINDOW) {
			assert_noop!(
				award(ALICE, Activity::Post, now - days * DAY_MS, 1),
				Error::<Test>::AlreadyAwarded
			);
		}
		assert_eq!(ReferenceDays::<Test>::get(r(1)), Some(START_DAY as Day));
	});
}

#[test]
fn a_reference_is_refused_for_the_whole_retention_then_forgotten() {
	let mut ext = new_test_ext();
	let day = START_DAY as Day;
	ext.execute_with(|| {
		assert_ok!(award(ALICE, Activity::Post, Clock::ms(), 1));
	});
	ext.commit_all().unwrap();
	// Every day of the retention, dated today (inside the award window), it is refused.
	for days in 1..=u64::from(RETENTION) {
		ext.execute_with(|| {
			Clock::set_ms(Clock::ms() + DAY_MS);
			Crystals::on_idle(days, Weight::MAX);
			assert_noop!(award(BOB, Activity::Post, Clock::ms(), 1), Error::<Test>::AlreadyAwarded);
		});
		ext.commit_all().unwrap();
	}
	ext.execute_with(|| {
		// The day after, its day is older than the retention: pruned, then paid again.
		Clock::set_ms(Clock::ms() + DAY_MS);
		assert_eq!(Crystals::retention_start(), day + 1);
		Crystals::on_idle(100, Weight::MAX);
		assert!(crystal_events().contains(&Event::ReferencesPruned { day }));
		assert_eq!(ReferenceDays::<Test>::get(r(1)), None);
		assert_ok!(award(BOB, Activity::Post, Clock::ms(), 1));
		Crystals::do_try_state().expect("crystal invariants hold");
	});
}

#[test]
fn governance_sets_the_retention_no_shorter_than_the_award_window() {
	build_and_execute(|| {
		assert_eq!(ReferenceRetentionDays::<Test>::get(), RETENTION);
		assert_noop!(
			Crystals::set_reference_retention(RuntimeOrigin::signed(ORACLE), 400),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Crystals::set_reference_retention(RuntimeOrigin::signed(GOVERNANCE), WINDOW - 1),
			Error::<Test>::RetentionShorterThanWindow
		);
		assert_ok!(Crystals::set_reference_retention(RuntimeOrigin::signed(GOVERNANCE), WINDOW));
		assert_eq!(crystal_events().last(), Some(&Event::ReferenceRetentionSet { days: WINDOW }));
		assert_eq!(Crystals::retention_start(), Crystals::window_start());
	});
}

#[test]
fn award_refuses_overflow() {
	build_and_execute(|| {
		assert_ok!(Crystals::do_grant(&ALICE, CrystalAmount::MAX - 5));
		assert_noop!(award(ALICE, Activity::Post, Clock::ms(), 1), Error::<Test>::Overflow);
		assert_noop!(Crystals::do_grant(&BOB, 10), Error::<Test>::Overflow);
	});
}

// ---- the ledger other pallets use ----

#[test]
fn spend_and_grant_move_crystals_and_keep_the_totals() {
	build_and_execute(|| {
		assert_ok!(award(ALICE, Activity::SignUp, Clock::ms(), 1));
		assert_eq!(<Crystals as CrystalLedger<_>>::balance(&ALICE), 50);
		assert_ok!(<Crystals as CrystalLedger<_>>::spend(&ALICE, 20));
		assert_eq!(crystal_events().last(), Some(&Event::Spent { who: ALICE, crystals: 20 }));
		assert_noop!(
			<Crystals as CrystalLedger<_>>::spend(&ALICE, 31),
			Error::<Test>::InsufficientCrystals
		);
		assert_noop!(
			<Crystals as CrystalLedger<_>>::spend(&BOB, 1),
			Error::<Test>::InsufficientCrystals
		);
		assert_ok!(<Crystals as CrystalLedger<_>>::spend(&ALICE, 30));
		assert_eq!(Crystals::crystals(&ALICE), 0);
		assert!(Balances::<Test>::contains_key(ALICE), "a known user stays known at zero");
		assert_eq!(System::providers(&ALICE), 1);
		// Crystals again: still one provider reference.
		assert_ok!(award(ALICE, Activity::Post, Clock::ms(), 2));
		assert_eq!(System::providers(&ALICE), 1);
		assert_ok!(<Crystals as CrystalLedger<_>>::spend(&ALICE, 10));
		assert_ok!(<Crystals as CrystalLedger<_>>::grant(&BOB, 7));
		assert_eq!(crystal_events().last(), Some(&Event::Granted { who: BOB, crystals: 7 }));
		assert_eq!(System::providers(&BOB), 1);
		assert_eq!(
			(TotalAwarded::<Test>::get(), TotalGranted::<Test>::get(), TotalSpent::<Test>::get()),
			(60, 7, 60)
		);
		assert_eq!(TotalCrystals::<Test>::get(), 7);
	});
}

// ---- pruning ----

/// What `on_idle` needs for a pruning step of `n` entries: its four reads and the step.
fn prune_weight(n: u32) -> Weight {
	ParityDbWeight::get()
		.reads(4)
		.saturating_add(<() as WeightInfo>::on_idle_prune(n))
}

#[test]
fn daily_counters_are_pruned_when_their_day_leaves_the_window_in_bounded_steps() {
	let mut ext = new_test_ext();
	let day = START_DAY as Day;
	ext.execute_with(|| {
		let now = Clock::ms();
		// Day START_DAY: 3 references and 2 daily counters (ALICE: posts, BOB: posts).
		for (who, i) in [(ALICE, 1), (ALICE, 2), (BOB, 3)] {
			assert_ok!(award(who, Activity::Post, now, i));
		}
		assert_eq!(PruneFrom::<Test>::get(), Some(day));
		assert_eq!(ReferencesPruneFrom::<Test>::get(), Some(day));
		// Still inside the window: nothing is pruned.
		Crystals::on_idle(1, Weight::MAX);
		assert_eq!(DailyAwards::<Test>::iter_prefix((day,)).count(), 2);
	});
	// `clear_prefix` limits count committed keys, as in a real block: commit first.
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		Clock::set_ms(Clock::ms() + u64::from(WINDOW + 1) * DAY_MS);
		// Too little weight for one entry: nothing is read or removed, nothing breaks.
		assert_eq!(
			Crystals::on_idle(2, prune_weight(1) - Weight::from_parts(1, 0)),
			Weight::zero()
		);
		assert_eq!(DailyAwards::<Test>::iter_prefix((day,)).count(), 2);
		// Room for 1 entry: progress, not done.
		assert_eq!(Crystals::on_idle(3, prune_weight(1)), prune_weight(1));
		assert_eq!(DailyAwards::<Test>::iter_prefix((day,)).count(), 1);
		assert_eq!(PruneFrom::<Test>::get(), Some(day));
	});
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		assert_eq!(Crystals::on_idle(4, Weight::MAX), prune_weight(1));
		assert_eq!(DailyAwards::<Test>::iter_prefix((day,)).count(), 0);
		assert_eq!(PruneFrom::<Test>::get(), Some(day + 1));
		assert!(crystal_events().contains(&Event::DayPruned { day }));
		// The references stay for the retention: the day's attestations are still refused.
		assert_eq!(UsedReferences::<Test>::iter_prefix(day).count(), 3);
		assert_noop!(award(BOB, Activity::Post, Clock::ms(), 2), Error::<Test>::AlreadyAwarded);
		// Balances and lifetime counters are never pruned.
		assert_eq!(Crystals::crystals(&ALICE), 20);
		assert_eq!(LifetimeAwards::<Test>::get(ALICE, Activity::Post), 2);
		// Empty days are skipped one per block until the window start, then pruning waits.
		for n in 5..20 {
			Crystals::on_idle(n, Weight::MAX);
		}
		assert_eq!(PruneFrom::<Test>::get(), Some(Crystals::window_start()));
		assert_eq!(ReferencesPruneFrom::<Test>::get(), Some(day));
		Crystals::do_try_state().expect("crystal invariants hold");
	});
}

#[test]
fn references_are_pruned_after_the_retention_capped_per_block() {
	let mut ext = new_test_ext();
	let old_day = START_DAY as Day;
	let now = START_DAY * DAY_MS + DAY_MS / 2;
	ext.execute_with(|| {
		// 8 references on the old day (more than MAX_PRUNE), by 8 accounts.
		for i in 0..8 {
			assert_ok!(award(100 + i, Activity::Post, now, i));
		}
	});
	ext.commit_all().unwrap();
	let later = now + u64::from(RETENTION + 1) * DAY_MS;
	let kept_day = old_day + 1;
	ext.execute_with(|| {
		// The oldest day still kept gets an award (made by the oracle back then: written
		// directly, since it is outside today's award window).
		Clock::set_ms(later);
		assert_eq!(Crystals::retention_start(), kept_day);
		UsedReferences::<Test>::insert(kept_day, r(99), ());
		ReferenceDays::<Test>::insert(r(99), kept_day);
	});
	ext.commit_all().unwrap();
	let mut block = 2;
	while ext.execute_with(ReferencesPruneFrom::<Test>::get) != Some(kept_day) {
		ext.execute_with(|| {
			let before = UsedReferences::<Test>::iter().count()
				+ ReferenceDays::<Test>::iter().count()
				+ DailyAwards::<Test>::iter().count();
			Crystals::on_idle(block, Weight::MAX);
			let after = UsedReferences::<Test>::iter().count()
				+ ReferenceDays::<Test>::iter().count()
				+ DailyAwards::<Test>::iter().count();
			// A reference is two entries (its two indexes), a daily counter one.
			assert!(before - after <= 2 * MAX_PRUNE as usize, "at most MaxPrunePerBlock a block");
		});
		ext.commit_all().unwrap();
		block += 1;
		assert!(block < 60, "pruning makes progress");
	}
	ext.execute_with(|| {
		assert_eq!(UsedReferences::<Test>::iter_prefix(old_day).count(), 0);
		assert!((0..8).all(|i| ReferenceDays::<Test>::get(r(i)).is_none()));
		// The day still kept is untouched, however much weight is left.
		for n in 0..5 {
			Crystals::on_idle(200 + n, Weight::MAX);
		}
		assert_eq!(ReferencesPruneFrom::<Test>::get(), Some(kept_day));
		assert_eq!(ReferenceDays::<Test>::get(r(99)), Some(kept_day));
		assert_noop!(award(BOB, Activity::Post, Clock::ms(), 99), Error::<Test>::AlreadyAwarded);
		Crystals::do_try_state().expect("crystal invariants hold");
	});
}

#[test]
fn on_idle_never_uses_more_than_it_is_given() {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		for i in 0..4 {
			assert_ok!(award(ALICE + i, Activity::Post, Clock::ms(), i));
		}
	});
	ext.commit_all().unwrap();
	ext.execute_with(|| {
		Clock::set_ms(Clock::ms() + u64::from(WINDOW + 1) * DAY_MS);
		for remaining in [
			Weight::zero(),
			ParityDbWeight::get().reads(4),
			prune_weight(0),
			prune_weight(1),
			prune_weight(3) + Weight::from_parts(1, 1),
			Weight::from_parts(u64::MAX, 0),
			Weight::from_parts(0, u64::MAX),
		] {
			let used = Crystals::on_idle(1, remaining);
			assert!(used.all_lte(remaining), "{used:?} within {remaining:?}");
		}
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(Crystals::integrity_test);
}

// ---- property test ----

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Step {
		Award(u8, u8, u8, u8),
		Spend(u8, u16),
		Grant(u8, u16),
		NextDay,
		Idle,
	}

	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			(0u8..3, 0u8..7, 0u8..3, 0u8..20).prop_map(|(w, a, d, r)| Step::Award(w, a, d, r)),
			(0u8..3, any::<u16>()).prop_map(|(w, n)| Step::Spend(w, n % 200)),
			(0u8..3, any::<u16>()).prop_map(|(w, n)| Step::Grant(w, n % 200)),
			Just(Step::NextDay),
			Just(Step::Idle),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(128))]
		/// Random awards (some replayed, capped or too old), spends, grants, days and idle
		/// blocks: the invariants hold after every step, a failed step changes no balance, and
		/// no account is ever paid more than its caps allow on a day.
		#[test]
		fn invariants_hold_over_random_sequences(steps in prop::collection::vec(step(), 1..80)) {
			new_test_ext().execute_with(|| {
				let mut block = 1u64;
				for step in steps {
					let total = TotalCrystals::<Test>::get();
					let ok = match step {
						Step::Award(w, a, d, reference) => {
							let at = Clock::ms() - u64::from(d) * DAY_MS;
							Crystals::do_award(&u64::from(w), Activity::ALL[usize::from(a)], at, r(u64::from(reference))).is_ok()
						},
						Step::Spend(w, n) => Crystals::do_spend(&u64::from(w), u64::from(n)).is_ok(),
						Step::Grant(w, n) => Crystals::do_grant(&u64::from(w), u64::from(n)).is_ok(),
						Step::NextDay => { Clock::set_ms(Clock::ms() + DAY_MS); true },
						Step::Idle => { block += 1; Crystals::on_idle(block, Weight::MAX); true },
					};
					if !ok {
						prop_assert_eq!(TotalCrystals::<Test>::get(), total);
					}
					Crystals::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
					for ((_, _, activity), count) in DailyAwards::<Test>::iter() {
						let cap = ActivityRules::<Test>::get(activity).map_or(0, |rule| rule.daily_cap);
						prop_assert!(count <= cap);
					}
				}
				Ok(())
			})?;
		}
	}
}

// ---- account recovery ----

/// A step of the recovery of ALICE to `rescuer`, from `cursor`.
fn recover(rescuer: AccountId, cursor: u32, budget: u32) -> csop_primitives::MoveStep {
	<Crystals as csop_primitives::RecoverHoldings<AccountId>>::move_holdings(
		&ALICE, &rescuer, cursor, budget,
	)
	.expect("a crystals step cannot fail here")
}

#[test]
fn recovery_moves_the_balance_and_the_counters_caps_read() {
	use csop_primitives::RecoverHoldings;
	build_and_execute(|| {
		let now = Clock::ms();
		let yesterday = now - DAY_MS;
		assert_ok!(award(ALICE, Activity::SignUp, now, 1));
		assert_ok!(award(ALICE, Activity::Post, yesterday, 2));
		assert_ok!(award(BOB, Activity::Post, now, 3));
		let total = TotalCrystals::<Test>::get();
		let (alice, bob) = (Crystals::crystals(&ALICE), Crystals::crystals(&BOB));
		assert_eq!((alice, bob), (60, 10));
		assert!(<Crystals as RecoverHoldings<AccountId>>::holds_any(&ALICE));

		// The balance, then the two lifetime counters, then the window's days.
		let s = recover(BOB, 0, 2);
		assert_eq!((s.used, s.next), (2, Some(0)));
		assert_eq!(Crystals::crystals(&ALICE), 0);
		assert_eq!(Crystals::crystals(&BOB), 70);
		let mut cursor = s.next.unwrap();
		let mut steps = 0;
		loop {
			let s = recover(BOB, cursor, 3);
			steps += 1;
			match s.next {
				Some(c) => cursor = c,
				None => break,
			}
			assert!(steps < 10, "the window has 9 days to look at");
		}
		assert_eq!(TotalCrystals::<Test>::get(), total, "nothing created or lost");
		assert!(!<Crystals as RecoverHoldings<AccountId>>::holds_any(&ALICE));
		// ALICE keeps her entry (at zero) and its provider reference.
		assert_eq!(Balances::<Test>::get(ALICE), Some(0));
		assert!(System::providers(&ALICE) >= 1);
		// Counters add up: the sign-up cap (once) is reached for BOB now, and his daily Post
		// count of today and yesterday include ALICE's.
		assert_eq!(LifetimeAwards::<Test>::get(BOB, Activity::SignUp), 1);
		assert_eq!(LifetimeAwards::<Test>::get(BOB, Activity::Post), 2);
		assert_noop!(award(BOB, Activity::SignUp, now, 4), Error::<Test>::DailyCapReached);
		let earlier = now - 2 * DAY_MS;
		assert_noop!(award(BOB, Activity::SignUp, earlier, 4), Error::<Test>::LifetimeCapReached);
		let day = |ms: u64| csop_primitives::day_of(ms);
		assert_eq!(DailyAwards::<Test>::get((day(yesterday), BOB, Activity::Post)), 1);
		assert_eq!(DailyAwards::<Test>::get((day(now), BOB, Activity::Post)), 1);
		assert!(DailyAwards::<Test>::iter_prefix((day(yesterday), ALICE)).next().is_none());
		assert!(crystal_events().contains(&Event::Recovered {
			from: ALICE,
			to: BOB,
			crystals: alice
		}));
	});
}
