//! Tests of `pallet-stones` in its mock runtime. Every test runs through
//! `ExtBuilder::build_and_execute`, which checks the invariants afterwards.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, Hooks},
};
use sp_runtime::{DispatchError, TokenError};

fn balance(who: AccountId) -> Balance {
	Balances::balance(&who)
}

mod issuing {
	use super::*;

	#[test]
	fn genesis_issuance_counts_against_the_pool() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.issued(Pool::MileageMining, BOB, 50)
			.build_and_execute(|| {
				assert_eq!(Issued::<Test>::get(Pool::Cultivation), 100);
				assert_eq!(Issued::<Test>::get(Pool::MileageMining), 50);
				assert_eq!(Stones::remaining(Pool::Cultivation), CULTIVATION_CAP - 100);
				assert_eq!(balance(ALICE), 100);
				assert_eq!(Stones::total_issued(), 150);
			});
	}

	#[test]
	#[should_panic(expected = "genesis issuance must fit")]
	fn genesis_beyond_a_cap_does_not_build() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, CULTIVATION_CAP + 1)
			.build();
	}

	#[test]
	fn exact_issue_mints_counts_and_emits() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(
				<Stones as StoneIssuer<_>>::issue(
					Pool::MileageMining,
					&ALICE,
					40,
					IssuePrecision::Exact
				),
				Ok(40)
			);
			assert_eq!(balance(ALICE), 40);
			assert_eq!(Issued::<Test>::get(Pool::MileageMining), 40);
			assert_eq!(Issued::<Test>::get(Pool::Cultivation), 0);
			assert_eq!(
				stones_events(),
				vec![Event::Issued { pool: Pool::MileageMining, who: ALICE, amount: 40 }]
			);
		});
	}

	#[test]
	fn exact_issue_beyond_the_remainder_fails_and_issues_nothing() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 250)
			.build_and_execute(|| {
				assert_noop!(
					Stones::do_issue(Pool::Cultivation, &BOB, 51, IssuePrecision::Exact),
					Error::<Test>::PoolCapReached
				);
				// The other pool is unaffected.
				assert_ok!(Stones::do_issue(Pool::MileageMining, &BOB, 51, IssuePrecision::Exact));
			});
	}

	#[test]
	fn up_to_remainder_issues_what_is_left_then_nothing() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 250)
			.build_and_execute(|| {
				assert_eq!(
					Stones::do_issue(Pool::Cultivation, &BOB, 80, IssuePrecision::UpToRemainder),
					Ok(50)
				);
				assert_eq!(Stones::remaining(Pool::Cultivation), 0);
				assert_eq!(
					Stones::do_issue(Pool::Cultivation, &BOB, 80, IssuePrecision::UpToRemainder),
					Ok(0)
				);
				assert_eq!(balance(BOB), 50);
				assert_eq!(Issued::<Test>::get(Pool::Cultivation), CULTIVATION_CAP);
				// No event for the empty issue.
				assert_eq!(stones_events().len(), 1);
			});
	}

	#[test]
	fn issue_below_the_existential_deposit_to_a_new_account_fails_cleanly() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Stones::do_issue(Pool::Cultivation, &CHARLIE, ED - 1, IssuePrecision::Exact),
				DispatchError::Token(TokenError::BelowMinimum)
			);
		});
	}

	#[test]
	fn both_pools_exhausted_make_exactly_the_max_supply() {
		ExtBuilder::default().build_and_execute(|| {
			for who in [ALICE, BOB, CHARLIE] {
				let _ =
					Stones::do_issue(Pool::MileageMining, &who, 300, IssuePrecision::UpToRemainder);
				let _ =
					Stones::do_issue(Pool::Cultivation, &who, 300, IssuePrecision::UpToRemainder);
			}
			assert_eq!(Stones::total_issued(), MAX_SUPPLY);
			assert_eq!(Balances::total_issuance(), MAX_SUPPLY);
			assert_noop!(
				Stones::do_issue(Pool::MileageMining, &ALICE, 1, IssuePrecision::Exact),
				Error::<Test>::PoolCapReached
			);
		});
	}

	#[test]
	fn pool_caps_fit_the_max_supply() {
		ExtBuilder::default().build_and_execute(|| {
			<Stones as Hooks<u64>>::integrity_test();
		});
	}
}

mod burning {
	use super::*;

	#[test]
	fn burn_removes_stones_for_ever() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.build_and_execute(|| {
				assert_ok!(Stones::burn(RuntimeOrigin::signed(ALICE), 30));
				assert_eq!(balance(ALICE), 70);
				assert_eq!(Burned::<Test>::get(), 30);
				assert_eq!(Stones::circulating(), 70);
				// Burned stones are not issued again: the pool's remainder did not grow.
				assert_eq!(Stones::remaining(Pool::Cultivation), CULTIVATION_CAP - 100);
				assert_eq!(stones_events().last(), Some(&Event::Burned { who: ALICE, amount: 30 }));
			});
	}

	#[test]
	fn burn_of_zero_fails() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.build_and_execute(|| {
				assert_noop!(
					Stones::burn(RuntimeOrigin::signed(ALICE), 0),
					Error::<Test>::ZeroAmount
				);
			});
	}

	#[test]
	fn burn_of_more_than_held_fails() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.build_and_execute(|| {
				assert_noop!(
					Stones::burn(RuntimeOrigin::signed(ALICE), 101),
					Error::<Test>::InsufficientStones
				);
			});
	}

	#[test]
	fn burn_needs_a_signed_origin() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(Stones::burn(RuntimeOrigin::root(), 1), DispatchError::BadOrigin);
		});
	}

	#[test]
	fn dust_of_a_reaped_account_counts_as_burned() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 10)
			.build_and_execute(|| {
				// 1 left is below the existential deposit (2): the account is reaped and the
				// dust leaves total issuance; the pallet counts it as burned.
				assert_ok!(Stones::burn(RuntimeOrigin::signed(ALICE), 9));
				assert_eq!(balance(ALICE), 0);
				assert_eq!(Burned::<Test>::get(), 10);
				assert!(stones_events().contains(&Event::DustBurned { amount: 1 }));
				assert_eq!(Balances::total_issuance(), 0);
			});
	}
}

mod transfers {
	use super::*;

	#[test]
	fn bound_policy_refuses_transfers() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.build_and_execute(|| {
				assert_eq!(Policy::<Test>::get(), TransferPolicy::Bound, "bound by default");
				assert_noop!(
					Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 10),
					Error::<Test>::TransfersDisabled
				);
			});
	}

	#[test]
	fn owners_policy_needs_a_certified_sender() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.policy(TransferPolicy::CertifiedOwners)
			.build_and_execute(|| {
				MockOwners::certify(BOB);
				assert_noop!(
					Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 10),
					Error::<Test>::SenderNotCertifiedOwner
				);
			});
	}

	#[test]
	fn owners_policy_needs_a_certified_recipient() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.policy(TransferPolicy::CertifiedOwners)
			.build_and_execute(|| {
				MockOwners::certify(ALICE);
				assert_noop!(
					Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 10),
					Error::<Test>::RecipientNotCertifiedOwner
				);
			});
	}

	#[test]
	fn owners_policy_lets_owners_transfer() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.policy(TransferPolicy::CertifiedOwners)
			.build_and_execute(|| {
				MockOwners::certify(ALICE);
				MockOwners::certify(BOB);
				assert_ok!(Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 10));
				assert_eq!((balance(ALICE), balance(BOB)), (90, 10));
				assert_eq!(
					stones_events().last(),
					Some(&Event::Transferred { from: ALICE, to: BOB, amount: 10 })
				);
			});
	}

	#[test]
	fn free_policy_lets_anyone_transfer() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.policy(TransferPolicy::Free)
			.build_and_execute(|| {
				assert_ok!(Stones::transfer(RuntimeOrigin::signed(ALICE), CHARLIE, 25));
				assert_eq!((balance(ALICE), balance(CHARLIE)), (75, 25));
			});
	}

	#[test]
	fn transfer_of_zero_fails() {
		ExtBuilder::default().policy(TransferPolicy::Free).build_and_execute(|| {
			assert_noop!(
				Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 0),
				Error::<Test>::ZeroAmount
			);
		});
	}

	#[test]
	fn transfer_to_self_fails() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.policy(TransferPolicy::Free)
			.build_and_execute(|| {
				assert_noop!(
					Stones::transfer(RuntimeOrigin::signed(ALICE), ALICE, 1),
					Error::<Test>::SelfTransfer
				);
			});
	}

	#[test]
	fn transfer_that_would_reap_the_sender_fails() {
		ExtBuilder::default()
			.issued(Pool::Cultivation, ALICE, 100)
			.policy(TransferPolicy::Free)
			.build_and_execute(|| {
				// 99 leaves 1, below the existential deposit (2): refused, the sender stays.
				assert_noop!(
					Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 99),
					Error::<Test>::InsufficientStones
				);
				assert_noop!(
					Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 101),
					Error::<Test>::InsufficientStones
				);
				assert_ok!(Stones::transfer(RuntimeOrigin::signed(ALICE), BOB, 98));
			});
	}

	#[test]
	fn transfer_needs_a_signed_origin() {
		ExtBuilder::default().policy(TransferPolicy::Free).build_and_execute(|| {
			assert_noop!(Stones::transfer(RuntimeOrigin::root(), BOB, 1), DispatchError::BadOrigin);
		});
	}
}

mod policy {
	use super::*;

	#[test]
	fn governance_sets_the_policy() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Stones::set_transfer_policy(RuntimeOrigin::root(), TransferPolicy::Free));
			assert_eq!(Policy::<Test>::get(), TransferPolicy::Free);
			assert_eq!(
				stones_events(),
				vec![Event::TransferPolicyChanged { policy: TransferPolicy::Free }]
			);
		});
	}

	#[test]
	fn others_cannot_set_the_policy() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Stones::set_transfer_policy(RuntimeOrigin::signed(ALICE), TransferPolicy::Free),
				DispatchError::BadOrigin
			);
		});
	}
}

mod equity {
	use super::*;

	#[test]
	fn supply_reports_caps_issued_remaining_burned_and_circulating() {
		ExtBuilder::default()
			.issued(Pool::MileageMining, ALICE, 500)
			.issued(Pool::Cultivation, BOB, 100)
			.build_and_execute(|| {
				assert_ok!(Stones::burn(RuntimeOrigin::signed(BOB), 40));
				let supply = Stones::supply();
				assert_eq!(supply.max_supply, MAX_SUPPLY);
				assert_eq!(
					supply.pools,
					vec![
						runtime_api::PoolSupply {
							pool: Pool::MileageMining,
							cap: MILEAGE_CAP,
							issued: 500,
							remaining: 200
						},
						runtime_api::PoolSupply {
							pool: Pool::Cultivation,
							cap: CULTIVATION_CAP,
							issued: 100,
							remaining: 200
						},
					]
				);
				assert_eq!((supply.issued, supply.burned, supply.circulating), (600, 40, 560));
				assert_eq!(
					Stones::equity_share(&ALICE),
					runtime_api::EquityShare {
						stones: 500,
						parts_per_billion: 24_500_000,
						// 500 / 1,000 x 49 / 1,000 = 49 / 2,000.
						equity: runtime_api::Fraction { numerator: 49, denominator: 2_000 },
						// 500 of the 560 in circulation.
						of_circulating: runtime_api::Fraction { numerator: 25, denominator: 28 },
					}
				);
			});
	}

	#[test]
	fn equity_share_is_balance_times_4_9_percent_over_supply() {
		ExtBuilder::default()
			.issued(Pool::MileageMining, ALICE, 500)
			.issued(Pool::Cultivation, BOB, 2)
			.build_and_execute(|| {
				// 500 of 1,000 stones: half of 4.9% = 2.45% = 24,500,000 ppb.
				assert_eq!(Stones::equity_share_ppb(&ALICE), 24_500_000);
				assert_eq!(Stones::equity_share_ppb(&BOB), 98_000);
				assert_eq!(Stones::equity_share_ppb(&CHARLIE), 0);
			});
	}

	/// A small holder's share is exact however small (the runtime's holders of fewer than ~6
	/// stones have 0 ppb); no stones is `0 / 1`.
	#[test]
	fn the_exact_share_is_never_rounded_away() {
		use runtime_api::Fraction;
		ExtBuilder::default()
			.issued(Pool::MileageMining, ALICE, 500)
			.issued(Pool::Cultivation, BOB, 2)
			.issued(Pool::Cultivation, CHARLIE, 2)
			.build_and_execute(|| {
				let share = Stones::equity_share(&CHARLIE);
				// 2 of 1,000 x 4.9% = 98 / 1,000,000 = 49 / 500,000.
				assert_eq!(share.equity, Fraction { numerator: 49, denominator: 500_000 });
				// 2 of the 504 in circulation.
				assert_eq!(share.of_circulating, Fraction { numerator: 1, denominator: 252 });
				assert_eq!(
					Stones::equity_share(&42).equity,
					Fraction { numerator: 0, denominator: 1 }
				);
				assert_eq!(Fraction::new(6, 4), Fraction { numerator: 3, denominator: 2 });
			});
	}
}

/// Property tests: random sequences of issue, burn and transfer keep the invariants.
mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Issue { pool: bool, who: u8, amount: u16, exact: bool },
		Burn { who: u8, amount: u16 },
		Transfer { from: u8, to: u8, amount: u16 },
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(any::<bool>(), 0u8..4, 0u16..400, any::<bool>())
				.prop_map(|(pool, who, amount, exact)| Op::Issue { pool, who, amount, exact }),
			(0u8..4, 0u16..200).prop_map(|(who, amount)| Op::Burn { who, amount }),
			(0u8..4, 0u8..4, 0u16..200).prop_map(|(from, to, amount)| Op::Transfer {
				from,
				to,
				amount
			}),
		]
	}

	/// Applies `ops`, checking the invariants after each one.
	fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
		let mut issued_by_us: Balance = 0;
		for op in ops {
			match op {
				Op::Issue { pool, who, amount, exact } => {
					let pool = if pool { Pool::MileageMining } else { Pool::Cultivation };
					let precision =
						if exact { IssuePrecision::Exact } else { IssuePrecision::UpToRemainder };
					if let Ok(n) = Stones::do_issue(pool, &(who as u64), amount as u64, precision) {
						prop_assert!(n <= amount as u64);
						issued_by_us += n;
					}
				},
				Op::Burn { who, amount } => {
					let _ = Stones::burn(RuntimeOrigin::signed(who as u64), amount as u64);
				},
				Op::Transfer { from, to, amount } => {
					let _ = Stones::transfer(
						RuntimeOrigin::signed(from as u64),
						to as u64,
						amount as u64,
					);
				},
			}
			prop_assert_eq!(Stones::do_try_state(), Ok(()));
			prop_assert!(Issued::<Test>::get(Pool::MileageMining) <= MILEAGE_CAP);
			prop_assert!(Issued::<Test>::get(Pool::Cultivation) <= CULTIVATION_CAP);
			prop_assert_eq!(Stones::total_issued(), issued_by_us);
		}
		Ok(())
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(256))]
		#[test]
		fn invariants_hold_after_every_operation(ops in proptest::collection::vec(op(), 1..60)) {
			let mut result = Ok(());
			ExtBuilder::default()
				.policy(TransferPolicy::Free)
				.build_and_execute(|| result = run(ops));
			result?;
		}
	}
}
