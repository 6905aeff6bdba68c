//! Tests of the validator set in the mock runtime. Every test ends with the invariants checked
//! (`build_and_execute`).

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{Contains, ValidatorRegistration},
};
use pallet_session::SessionManager;
use sp_runtime::{BuildStorage, DispatchError};

fn add(who: AccountId) -> sp_runtime::DispatchResult {
	ValidatorSet::add_validator(RuntimeOrigin::signed(GOVERNANCE), who)
}

fn remove(who: AccountId) -> sp_runtime::DispatchResult {
	ValidatorSet::remove_validator(RuntimeOrigin::signed(GOVERNANCE), who)
}

/// What the session pallet would get when planning session `index`.
fn new_session(index: SessionIndex) -> Option<Vec<AccountId>> {
	<ValidatorSet as SessionManager<AccountId>>::new_session(index)
}

// ---- existence ----

#[test]
fn a_validator_exists_while_it_is_one() {
	build_and_execute(|| {
		for v in genesis_validators() {
			assert_eq!(System::providers(&v), 1, "genesis validator {v}");
		}
		assert_eq!(System::providers(&FERDIE), 0);
		assert_ok!(add(FERDIE));
		// A fresh key can sign its `set_keys` at once.
		assert!(System::account_exists(&FERDIE));
		assert_ok!(remove(FERDIE));
		assert_eq!(System::providers(&FERDIE), 0);
		// Session keys hold a consumer reference: removal never reaps the account under them.
		assert_ok!(add(FERDIE));
		assert_ok!(System::inc_consumers(&FERDIE));
		assert_ok!(remove(FERDIE));
		assert!(System::account_exists(&FERDIE));
	});
}

// ---- genesis ----

#[test]
fn genesis_sets_the_validators_and_the_planned_set() {
	build_and_execute(|| {
		assert_eq!(ValidatorSet::validators(), genesis_validators());
		assert_eq!(ValidatorSet::planned(), genesis_validators());
		assert_eq!(
			<ValidatorSet as SessionManager<AccountId>>::new_session_genesis(0),
			Some(genesis_validators())
		);
		assert_eq!(
			<ValidatorSet as SessionManager<AccountId>>::new_session_genesis(1),
			Some(genesis_validators())
		);
		// The session pallet's genesis already has this set: nothing new to plan.
		assert_eq!(new_session(2), None);
	});
}

#[test]
fn empty_genesis_leaves_the_first_validators_to_the_session_pallet() {
	test_ext_with(vec![]).execute_with(|| {
		assert!(ValidatorSet::validators().is_empty());
		assert!(ValidatorSet::planned().is_empty());
		assert_eq!(<ValidatorSet as SessionManager<AccountId>>::new_session_genesis(0), None);
		assert_eq!(new_session(2), None);
		ValidatorSet::do_try_state().expect("invariants hold");
	});
}

#[test]
fn empty_genesis_hands_over_once_min_validators_have_keys() {
	test_ext_with(vec![]).execute_with(|| {
		assert_ok!(add(ALICE));
		Keys::set(ALICE);
		assert_eq!(new_session(2), None, "one validator is fewer than MinValidators");
		assert_ok!(add(BOB));
		assert_eq!(new_session(3), None, "BOB has no keys yet");
		Keys::set(BOB);
		assert_eq!(new_session(4), Some(vec![ALICE, BOB]));
		assert_eq!(ValidatorSet::planned(), vec![ALICE, BOB]);
		ValidatorSet::do_try_state().expect("invariants hold");
	});
}

fn build_genesis(validators: Vec<AccountId>) {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let _ = crate::GenesisConfig::<Test> { validators }.assimilate_storage(&mut storage);
}

#[test]
#[should_panic(expected = "genesis validators must not repeat")]
fn genesis_refuses_duplicates() {
	build_genesis(vec![ALICE, BOB, ALICE]);
}

#[test]
#[should_panic(expected = "genesis needs at least MinValidators validators")]
fn genesis_refuses_too_few() {
	build_genesis(vec![ALICE]);
}

#[test]
#[should_panic(expected = "genesis validators must be at most MaxValidators")]
fn genesis_refuses_too_many() {
	build_genesis((1..=u64::from(MAX) + 1).collect());
}

// ---- add_validator ----

#[test]
fn add_validator_appends_and_emits() {
	build_and_execute(|| {
		assert!(!ValidatorSet::is_validator(&DAVE));
		assert_ok!(add(DAVE));
		assert_eq!(ValidatorSet::validators(), vec![ALICE, BOB, CHARLIE, DAVE]);
		assert!(ValidatorSet::is_validator(&DAVE));
		assert_eq!(validator_set_events(), vec![Event::ValidatorAdded { who: DAVE }]);
		assert_eq!(ValidatorSet::planned(), genesis_validators(), "nothing planned yet");
	});
}

#[test]
fn add_validator_requires_governance() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(ALICE), DAVE),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), DAVE),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_validator_refuses_a_validator() {
	build_and_execute(|| {
		assert_noop!(add(BOB), Error::<Test>::AlreadyValidator);
	});
}

#[test]
fn add_validator_refuses_beyond_max_validators() {
	build_and_execute(|| {
		assert_ok!(add(DAVE));
		assert_ok!(add(EVE));
		assert_eq!(ValidatorSet::validators().len(), MAX as usize);
		assert_noop!(add(FERDIE), Error::<Test>::TooManyValidators);
	});
}

// ---- remove_validator ----

#[test]
fn remove_validator_removes_and_emits() {
	build_and_execute(|| {
		assert_ok!(remove(BOB));
		assert_eq!(ValidatorSet::validators(), vec![ALICE, CHARLIE], "the others keep their order");
		assert!(!ValidatorSet::is_validator(&BOB));
		assert_eq!(validator_set_events(), vec![Event::ValidatorRemoved { who: BOB }]);
		assert_eq!(ValidatorSet::planned(), genesis_validators(), "planned at the next session");
	});
}

#[test]
fn remove_validator_requires_governance() {
	build_and_execute(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(ALICE), BOB),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::none(), BOB),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_refuses_a_non_validator() {
	build_and_execute(|| {
		assert_noop!(remove(DAVE), Error::<Test>::NotValidator);
	});
}

#[test]
fn remove_validator_keeps_min_validators() {
	build_and_execute(|| {
		assert_ok!(remove(CHARLIE));
		assert_eq!(ValidatorSet::validators().len(), MIN as usize);
		assert_noop!(remove(ALICE), Error::<Test>::TooFewValidators);
	});
}

// ---- planning (SessionManager) ----

#[test]
fn new_session_returns_none_when_nothing_changed() {
	build_and_execute(|| {
		for i in 2..6 {
			assert_eq!(new_session(i), None);
		}
		assert!(validator_set_events().is_empty());
	});
}

#[test]
fn added_validator_with_keys_is_planned_at_the_next_session() {
	build_and_execute(|| {
		Keys::set(DAVE);
		assert_ok!(add(DAVE));
		assert_eq!(new_session(2), Some(vec![ALICE, BOB, CHARLIE, DAVE]));
		assert_eq!(ValidatorSet::planned(), vec![ALICE, BOB, CHARLIE, DAVE]);
		assert_eq!(
			validator_set_events().last(),
			Some(&Event::NewSetPlanned { session: 2, validators: vec![ALICE, BOB, CHARLIE, DAVE] })
		);
		assert_eq!(new_session(3), None, "planned once");
	});
}

#[test]
fn validator_added_before_its_keys_is_planned_once_they_are_set() {
	build_and_execute(|| {
		assert_ok!(add(DAVE));
		assert_eq!(new_session(2), None, "DAVE has no keys: the set is unchanged");
		assert_eq!(new_session(3), None);
		Keys::set(DAVE);
		assert_eq!(new_session(4), Some(vec![ALICE, BOB, CHARLIE, DAVE]));
		assert_eq!(ValidatorSet::planned(), vec![ALICE, BOB, CHARLIE, DAVE]);
	});
}

#[test]
fn validators_without_keys_are_left_out() {
	build_and_execute(|| {
		assert_ok!(add(DAVE));
		assert_ok!(add(EVE));
		Keys::set(EVE);
		assert_eq!(new_session(2), Some(vec![ALICE, BOB, CHARLIE, EVE]));
		assert!(ValidatorSet::is_validator(&DAVE), "still a validator, just not planned");
	});
}

#[test]
fn purged_keys_drop_the_validator_at_the_next_session() {
	build_and_execute(|| {
		Keys::purge(BOB);
		assert_eq!(new_session(2), Some(vec![ALICE, CHARLIE]));
		assert!(ValidatorSet::is_validator(&BOB));
		Keys::set(BOB);
		assert_eq!(new_session(3), Some(vec![ALICE, BOB, CHARLIE]), "back with new keys");
	});
}

#[test]
fn removal_is_planned_at_the_next_session() {
	build_and_execute(|| {
		assert_ok!(remove(BOB));
		assert_eq!(new_session(2), Some(vec![ALICE, CHARLIE]));
		assert_eq!(ValidatorSet::planned(), vec![ALICE, CHARLIE]);
		assert_eq!(
			validator_set_events().last(),
			Some(&Event::NewSetPlanned { session: 2, validators: vec![ALICE, CHARLIE] })
		);
	});
}

#[test]
fn a_replaced_validator_is_planned_in_one_step() {
	build_and_execute(|| {
		Keys::set(DAVE);
		assert_ok!(add(DAVE));
		assert_ok!(remove(ALICE));
		assert_eq!(new_session(2), Some(vec![BOB, CHARLIE, DAVE]));
	});
}

#[test]
fn never_hands_over_fewer_than_min_validators() {
	build_and_execute(|| {
		Keys::purge(BOB);
		Keys::purge(CHARLIE);
		assert_eq!(new_session(2), None, "only ALICE has keys");
		assert_eq!(ValidatorSet::planned(), genesis_validators(), "the last set stands");
		Keys::purge(ALICE);
		assert_eq!(new_session(3), None, "nobody has keys: never an empty set");
		assert!(validator_set_events().is_empty());
		Keys::set(CHARLIE);
		Keys::set(ALICE);
		assert_eq!(new_session(4), Some(vec![ALICE, CHARLIE]));
	});
}

#[test]
fn removal_waits_while_too_few_of_the_rest_have_keys() {
	build_and_execute(|| {
		Keys::purge(CHARLIE);
		assert_eq!(new_session(2), Some(vec![ALICE, BOB]));
		assert_ok!(remove(BOB));
		assert_eq!(new_session(3), None, "only ALICE of ALICE, CHARLIE has keys");
		assert_eq!(ValidatorSet::planned(), vec![ALICE, BOB], "BOB is still planned");
		Keys::set(CHARLIE);
		assert_eq!(new_session(4), Some(vec![ALICE, CHARLIE]));
	});
}

#[test]
fn start_and_end_session_change_nothing() {
	build_and_execute(|| {
		assert_ok!(add(DAVE));
		Keys::set(DAVE);
		<ValidatorSet as SessionManager<AccountId>>::end_session(1);
		<ValidatorSet as SessionManager<AccountId>>::start_session(2);
		assert_eq!(ValidatorSet::planned(), genesis_validators());
		assert_eq!(validator_set_events(), vec![Event::ValidatorAdded { who: DAVE }]);
	});
}

// ---- views and hooks ----

#[test]
fn is_validator_and_contains_agree() {
	build_and_execute(|| {
		for who in [ALICE, BOB, CHARLIE] {
			assert!(ValidatorSet::is_validator(&who));
			assert!(<ValidatorSet as Contains<AccountId>>::contains(&who));
		}
		assert!(!ValidatorSet::is_validator(&DAVE));
		assert!(!<ValidatorSet as Contains<AccountId>>::contains(&DAVE));
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext()
		.execute_with(<ValidatorSet as frame_support::traits::Hooks<u64>>::integrity_test);
}

#[test]
fn try_state_catches_broken_invariants() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(ValidatorsOf::<Test>::try_from(vec![ALICE, ALICE]).unwrap());
		assert!(ValidatorSet::do_try_state().is_err());
		Validators::<Test>::put(ValidatorsOf::<Test>::try_from(vec![ALICE]).unwrap());
		assert!(ValidatorSet::do_try_state().is_err(), "fewer than MinValidators");
		Validators::<Test>::put(ValidatorsOf::<Test>::try_from(vec![ALICE, BOB]).unwrap());
		Planned::<Test>::put(ValidatorsOf::<Test>::try_from(vec![ALICE]).unwrap());
		assert!(ValidatorSet::do_try_state().is_err(), "a planned set below MinValidators");
	});
}

// ---- property test ----

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Step {
		Add(u64),
		Remove(u64),
		SetKeys(u64),
		PurgeKeys(u64),
		NewSession,
	}

	/// Accounts 1..=8: more than `MAX`, so that the set fills up.
	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			(1u64..=8).prop_map(Step::Add),
			(1u64..=8).prop_map(Step::Remove),
			(1u64..=8).prop_map(Step::SetKeys),
			(1u64..=8).prop_map(Step::PurgeKeys),
			Just(Step::NewSession),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(256))]
		/// Random additions, removals, key changes and session plannings: the invariants hold
		/// after every step, a refused call changes nothing; after each planning, the planned set is the members of the
		/// governed set with keys (in order), or, when fewer than `MinValidators` have keys, the
		/// previous planned set; a set is returned exactly when it changed, and it is never
		/// smaller than `MinValidators`.
		#[test]
		fn planned_is_the_registered_subset(steps in prop::collection::vec(step(), 1..60)) {
			new_test_ext().execute_with(|| {
				let mut session: SessionIndex = 2;
				for step in steps {
					match step {
						Step::Add(who) | Step::Remove(who) => {
							let before = ValidatorSet::validators();
							let result =
								if matches!(step, Step::Add(_)) { add(who) } else { remove(who) };
							if result.is_err() {
								prop_assert_eq!(ValidatorSet::validators(), before);
							}
						},
						Step::SetKeys(who) => Keys::set(who),
						Step::PurgeKeys(who) => Keys::purge(who),
						Step::NewSession => {
							let before = ValidatorSet::planned();
							let registered: Vec<AccountId> = ValidatorSet::validators()
								.into_iter()
								.filter(<Keys as ValidatorRegistration<AccountId>>::is_registered)
								.collect();
							let handed = new_session(session);
							session += 1;
							if registered.len() >= MIN as usize {
								prop_assert_eq!(ValidatorSet::planned(), registered.clone());
								let expected = (registered != before).then_some(registered);
								prop_assert_eq!(handed, expected);
							} else {
								prop_assert_eq!(ValidatorSet::planned(), before);
								prop_assert_eq!(handed, None);
							}
						},
					}
					ValidatorSet::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
					prop_assert!(ValidatorSet::validators().len() <= MAX as usize);
				}
				Ok(())
			})?;
		}
	}
}
