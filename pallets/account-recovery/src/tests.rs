//! Tests of the recovery's rules on a mock with six ledger domains.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResult, PostDispatchInfo},
	traits::Get,
};
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchErrorWithPostInfo};

const EVIDENCE: H256 = H256::repeat_byte(7);

fn registrar() -> RuntimeOrigin {
	RuntimeOrigin::signed(REGISTRAR)
}

fn open(lost: AccountId, rescuer: AccountId) -> DispatchResult {
	AccountRecovery::open(registrar(), lost, rescuer, EVIDENCE)
}

/// `advance` signed by DAVE; an error without its post-dispatch information.
fn advance(lost: AccountId, budget: u32) -> Result<PostDispatchInfo, DispatchError> {
	AccountRecovery::advance(RuntimeOrigin::signed(DAVE), lost, budget).map_err(|e| e.error)
}

fn events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::AccountRecovery(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// ALICE holds `n` records in every domain.
fn alice_holds(n: u32) {
	for d in 0..6 {
		set_held(d, ALICE, n);
	}
}

#[test]
fn open_records_the_recovery_and_its_delay() {
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		let r = Recoveries::<Test>::get(ALICE).unwrap();
		assert_eq!(r.rescuer, BOB);
		assert_eq!(r.evidence, EVIDENCE);
		assert_eq!((r.opened_at, r.executable_at, r.progress), (1, 1 + DELAY, None));
		assert_eq!(Rescuers::<Test>::get(BOB), Some(ALICE));
		// The new account exists while the recovery is open.
		assert_eq!(System::providers(&BOB), 1);
		assert_eq!(
			events(),
			[Event::RecoveryOpened {
				lost: ALICE,
				rescuer: BOB,
				evidence: EVIDENCE,
				executable_at: 1 + DELAY
			}]
		);
	});
}

#[test]
fn only_a_registrar_opens() {
	run(|| {
		alice_holds(1);
		assert_noop!(
			AccountRecovery::open(RuntimeOrigin::signed(ALICE), ALICE, BOB, EVIDENCE),
			DispatchError::BadOrigin
		);
		assert_ok!(AccountRecovery::open(RuntimeOrigin::root(), ALICE, BOB, EVIDENCE));
	});
}

#[test]
fn open_refuses_what_would_mix_accounts() {
	run(|| {
		alice_holds(1);
		set_held(0, CHARLIE, 1);
		assert_noop!(open(ALICE, ALICE), Error::<Test>::SameAccount);
		assert_noop!(open(DAVE, BOB), Error::<Test>::NothingToRecover);
		assert_ok!(open(ALICE, BOB));
		// A second recovery of the same account while one is open.
		assert_noop!(open(ALICE, 9), Error::<Test>::AlreadyOpen);
		// BOB already receives ALICE's.
		assert_noop!(open(CHARLIE, BOB), Error::<Test>::RescuerInUse);
		// ALICE is being recovered: she cannot receive another.
		assert_noop!(open(CHARLIE, ALICE), Error::<Test>::RescuerBeingRecovered);
	});
}

#[test]
fn a_rescuer_of_an_open_recovery_is_not_recovered() {
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		// BOB gets something during the delay (stones sent to him, say).
		set_held(4, BOB, 3);
		assert_noop!(open(BOB, CHARLIE), Error::<Test>::LostIsRescuer);
	});
}

#[test]
fn the_new_account_must_be_empty_but_may_be_a_registered_user() {
	run(|| {
		alice_holds(1);
		for d in 0..5 {
			set_held(d, BOB, 1);
			assert_noop!(open(ALICE, BOB), Error::<Test>::RescuerNotEmpty);
			set_held(d, BOB, 0);
		}
		// Users (domain 5): the registrar may have registered the new key so that it can sign.
		set_held(5, BOB, 1);
		assert_ok!(open(ALICE, BOB));
	});
}

#[test]
fn the_lost_key_cancels_in_time_and_not_after() {
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		go_to(DELAY);
		assert_ok!(AccountRecovery::cancel(RuntimeOrigin::signed(ALICE), ALICE));
		assert!(Recoveries::<Test>::get(ALICE).is_none());
		assert!(Rescuers::<Test>::get(BOB).is_none());
		assert_eq!(System::providers(&BOB), 0);
		assert_eq!(
			events().last(),
			Some(&Event::RecoveryCancelled { lost: ALICE, rescuer: BOB, by: Canceller::Owner })
		);
		// Nothing moved.
		assert_eq!((held(0, ALICE), held(0, BOB)), (1, 0));

		assert_ok!(open(ALICE, BOB));
		go_to(DELAY + DELAY);
		assert_noop!(
			AccountRecovery::cancel(RuntimeOrigin::signed(ALICE), ALICE),
			Error::<Test>::DelayOver
		);
	});
}

#[test]
fn registrar_and_governance_cancel_until_something_moved() {
	run(|| {
		alice_holds(2);
		assert_ok!(open(ALICE, BOB));
		go_to(1 + DELAY);
		assert_ok!(AccountRecovery::cancel(registrar(), ALICE));
		assert_eq!(
			events().last(),
			Some(&Event::RecoveryCancelled { lost: ALICE, rescuer: BOB, by: Canceller::Registrar })
		);
		assert_ok!(open(ALICE, BOB));
		assert_ok!(AccountRecovery::cancel(RuntimeOrigin::root(), ALICE));
		// Root passes as the registrar origin first.
		assert_eq!(
			events().last(),
			Some(&Event::RecoveryCancelled { lost: ALICE, rescuer: BOB, by: Canceller::Registrar })
		);

		assert_ok!(open(ALICE, BOB));
		go_to(20 + DELAY);
		assert_ok!(advance(ALICE, 1));
		assert_noop!(AccountRecovery::cancel(registrar(), ALICE), Error::<Test>::AlreadyMoving);
		assert_noop!(
			AccountRecovery::cancel(RuntimeOrigin::root(), ALICE),
			Error::<Test>::AlreadyMoving
		);
		assert_noop!(
			AccountRecovery::cancel(RuntimeOrigin::signed(ALICE), ALICE),
			Error::<Test>::AlreadyMoving
		);
	});
}

#[test]
fn strangers_cannot_cancel() {
	run(|| {
		alice_holds(1);
		assert_noop!(
			AccountRecovery::cancel(RuntimeOrigin::signed(ALICE), ALICE),
			Error::<Test>::NoRecovery
		);
		assert_ok!(open(ALICE, BOB));
		for who in [BOB, CHARLIE] {
			assert_noop!(
				AccountRecovery::cancel(RuntimeOrigin::signed(who), ALICE),
				Error::<Test>::NotAllowedToCancel
			);
		}
		assert_noop!(
			AccountRecovery::cancel(RuntimeOrigin::none(), ALICE),
			Error::<Test>::NotAllowedToCancel
		);
	});
}

#[test]
fn nothing_moves_before_the_delay_or_without_a_budget() {
	run(|| {
		alice_holds(1);
		assert_noop!(advance(ALICE, 1), Error::<Test>::NoRecovery);
		assert_ok!(open(ALICE, BOB));
		go_to(DELAY);
		assert_noop!(advance(ALICE, 1), Error::<Test>::DelayNotOver);
		go_to(1 + DELAY);
		assert_noop!(advance(ALICE, 0), Error::<Test>::BadBudget);
		assert_noop!(advance(ALICE, MAX_BUDGET + 1), Error::<Test>::BadBudget);
		assert_noop!(
			AccountRecovery::advance(RuntimeOrigin::none(), ALICE, 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn holdings_move_in_bounded_steps_and_in_order_nothing_created_or_lost() {
	run(|| {
		// 3 records in each domain: 18 units, budget 4 a call.
		alice_holds(3);
		set_held(5, BOB, 1); // BOB is a registered user already.
		let total = ledger_total();
		assert_ok!(open(ALICE, BOB));
		go_to(1 + DELAY);
		System::reset_events();
		let mut calls = 0;
		while Recoveries::<Test>::contains_key(ALICE) {
			assert_ok!(advance(ALICE, 4));
			calls += 1;
			assert_eq!(ledger_total(), total, "nothing created or lost");
			assert!(calls <= 6);
		}
		assert_eq!(calls, 5, "18 units at 4 a call");
		for d in 0..6 {
			assert_eq!(held(d, ALICE), 0);
		}
		assert_eq!([0, 1, 2, 3, 4].map(|d| held(d, BOB)), [3; 5]);
		assert_eq!(held(5, BOB), 4);
		let moved: alloc::vec::Vec<(Domain, u32)> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::HoldingsMoved { domain, units, lost: ALICE, rescuer: BOB } => {
					Some((domain, units))
				},
				_ => None,
			})
			.collect();
		use Domain::*;
		assert_eq!(
			moved,
			[
				(Vehicles, 3),
				(MineBoxes, 1),
				(MineBoxes, 2),
				(Crystals, 2),
				(Crystals, 1),
				(Redemptions, 3),
				(Stones, 3),
				(Users, 1),
				(Users, 2)
			]
		);
		assert_eq!(events().last(), Some(&Event::RecoveryCompleted { lost: ALICE, rescuer: BOB }));
		assert!(Rescuers::<Test>::get(BOB).is_none());
		assert_eq!(System::providers(&BOB), 0, "the recovery's provider reference is gone");
		// The lost key stays suspended; neither account can be recovered again from it.
		assert_eq!(Recovered::<Test>::get(ALICE), Some(BOB));
		assert!(AccountRecovery::is_suspended(&ALICE));
		assert!(!AccountRecovery::is_suspended(&BOB));
		set_held(0, ALICE, 1);
		assert_noop!(open(ALICE, CHARLIE), Error::<Test>::AlreadyRecovered);
		set_held(0, CHARLIE, 1);
		assert_noop!(open(CHARLIE, ALICE), Error::<Test>::AlreadyRecovered);
	});
}

#[test]
fn a_step_is_weighed_for_its_budget_and_refunds_the_rest() {
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		go_to(1 + DELAY);
		let declared = AccountRecovery::advance_weight(4);
		let base = <() as WeightInfo>::advance();
		assert_eq!(declared, base.saturating_add(UNIT.saturating_mul(4 * 6)));
		assert!(
			AccountRecovery::advance_weight(MAX_BUDGET + 5)
				== AccountRecovery::advance_weight(MAX_BUDGET)
		);
		let info = advance(ALICE, 4).unwrap();
		assert_eq!(info.actual_weight, Some(base.saturating_add(UNIT.saturating_mul(4))));
	});
}

#[test]
fn a_waiting_domain_stops_the_step_until_a_later_block() {
	run(|| {
		alice_holds(2);
		assert_ok!(open(ALICE, BOB));
		go_to(1 + DELAY);
		set_waiting(1, true);
		assert_ok!(advance(ALICE, 8));
		assert_eq!((held(0, BOB), held(1, BOB), held(2, BOB)), (2, 0, 0));
		assert_eq!(
			events().last(),
			Some(&Event::RecoveryWaiting { lost: ALICE, domain: Domain::MineBoxes })
		);
		assert_eq!(
			Recoveries::<Test>::get(ALICE).unwrap().progress,
			Some(Progress { domain: Domain::MineBoxes, cursor: 0 })
		);
		set_waiting(1, false);
		assert_ok!(advance(ALICE, 8));
		assert_ok!(advance(ALICE, 8));
		assert!(!Recoveries::<Test>::contains_key(ALICE));
		assert_eq!(held(1, BOB), 2);
	});
}

#[test]
fn a_failing_domain_moves_nothing_in_that_call() {
	run(|| {
		alice_holds(1);
		set_held(0, ALICE, 3);
		assert_ok!(open(ALICE, BOB));
		// BOB gets vehicles during the delay, up to the cap.
		set_held(0, BOB, LEDGER_CAP - 1);
		go_to(1 + DELAY);
		let err = AccountRecovery::advance(RuntimeOrigin::signed(DAVE), ALICE, 3).unwrap_err();
		// A domain's failure is charged in full.
		assert_eq!(
			err,
			DispatchErrorWithPostInfo {
				post_info: PostDispatchInfo::default(),
				error: DispatchError::Other("ledger full")
			}
		);
		assert_eq!(held(0, ALICE), 3);
		assert_eq!(Recoveries::<Test>::get(ALICE).unwrap().progress, None);
		// The registrar can still cancel: nothing moved.
		assert_ok!(AccountRecovery::cancel(registrar(), ALICE));
	});
}

#[test]
fn what_the_lost_key_gets_meanwhile_is_moved_before_completion() {
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		go_to(1 + DELAY);
		// Vehicles, boxes and crystals move.
		assert_ok!(advance(ALICE, 3));
		// Meanwhile the lost key receives a vehicle and crystals.
		set_held(0, ALICE, 2);
		set_held(2, ALICE, 1);
		assert_ok!(advance(ALICE, 3));
		assert!(Recoveries::<Test>::contains_key(ALICE), "the final check sent it back");
		while Recoveries::<Test>::contains_key(ALICE) {
			assert_ok!(advance(ALICE, 3));
		}
		for d in 0..6 {
			assert_eq!(held(d, ALICE), 0, "domain {d}");
		}
		assert_eq!((held(0, BOB), held(2, BOB)), (3, 2));
	});
}

#[test]
fn governance_sets_the_delay_of_later_recoveries() {
	run(|| {
		alice_holds(1);
		set_held(0, CHARLIE, 1);
		assert_ok!(open(ALICE, BOB));
		assert_noop!(
			AccountRecovery::set_delay(RuntimeOrigin::signed(REGISTRAR), 50),
			DispatchError::BadOrigin
		);
		assert_noop!(
			AccountRecovery::set_delay(RuntimeOrigin::root(), MIN_DELAY - 1),
			Error::<Test>::DelayTooShort
		);
		assert_ok!(AccountRecovery::set_delay(RuntimeOrigin::root(), 50));
		assert_eq!(events().last(), Some(&Event::DelaySet { delay: 50 }));
		assert_ok!(open(CHARLIE, DAVE));
		assert_eq!(Recoveries::<Test>::get(CHARLIE).unwrap().executable_at, 51);
		assert_eq!(Recoveries::<Test>::get(ALICE).unwrap().executable_at, 1 + DELAY);
		assert_eq!(Delay::<Test>::get(), 50);
		assert_eq!(<<Test as Config>::MinDelay as Get<u64>>::get(), MIN_DELAY);
	});
}

#[test]
fn invariants_catch_a_broken_index() {
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		Rescuers::<Test>::remove(BOB);
		assert!(AccountRecovery::do_try_state().is_err());
		Rescuers::<Test>::insert(BOB, ALICE);
		Rescuers::<Test>::insert(CHARLIE, DAVE);
		assert!(AccountRecovery::do_try_state().is_err());
		Rescuers::<Test>::remove(CHARLIE);
	});
}

#[test]
fn the_lost_key_is_suspended_from_the_end_of_the_delay() {
	use frame_support::traits::Contains;
	run(|| {
		alice_holds(1);
		assert_ok!(open(ALICE, BOB));
		// During the delay the lost key acts (it may cancel); the new key is never suspended.
		go_to(DELAY);
		assert!(!Suspended::<Test>::contains(&ALICE));
		go_to(1 + DELAY);
		assert!(Suspended::<Test>::contains(&ALICE));
		assert!(!Suspended::<Test>::contains(&BOB));
		// A cancelled recovery suspends nothing.
		assert_ok!(AccountRecovery::cancel(registrar(), ALICE));
		assert!(!Suspended::<Test>::contains(&ALICE));
	});
}

#[test]
fn a_step_that_moves_nothing_leaves_the_recovery_cancellable() {
	run(|| {
		alice_holds(0);
		set_held(1, ALICE, 2);
		assert_ok!(open(ALICE, BOB));
		go_to(1 + DELAY);
		set_waiting(1, true);
		assert_ok!(advance(ALICE, 4));
		assert_eq!(Recoveries::<Test>::get(ALICE).unwrap().progress, None);
		assert_ok!(AccountRecovery::cancel(registrar(), ALICE));
	});
}

#[test]
fn a_refused_step_weighs_only_its_checks() {
	run(|| {
		for lost in [ALICE, BOB] {
			let err = AccountRecovery::advance(RuntimeOrigin::signed(DAVE), lost, 4).unwrap_err();
			assert_eq!(err.post_info.actual_weight, Some(<() as WeightInfo>::advance()));
		}
		let err = AccountRecovery::advance(RuntimeOrigin::signed(DAVE), ALICE, 0).unwrap_err();
		assert_eq!(err.post_info.actual_weight, Some(<() as WeightInfo>::advance()));
	});
}
