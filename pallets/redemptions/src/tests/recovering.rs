//! Account recovery: a lost account's redemptions (pending ones with their held stones), its
//! per-item counts, and then its free stones pass to its owner's new account.

use super::*;
use csop_primitives::{IssuePrecision, MoveStep, Pool, RecoverHoldings};

const CHARLIE: AccountId = 3;

/// A step of the recovery of ALICE to CHARLIE, in its own storage layer (as in a call: an
/// error keeps nothing). CHARLIE exists, as every open recovery's new account does.
fn move_redemptions(cursor: u32, budget: u32) -> Result<MoveStep, DispatchError> {
	if System::providers(&CHARLIE) == 0 {
		System::inc_providers(&CHARLIE);
	}
	frame_support::storage::with_storage_layer(|| {
		<Catalog as RecoverHoldings<AccountId>>::move_holdings(&ALICE, &CHARLIE, cursor, budget)
	})
}

fn redeem(who: AccountId, item: ItemId) -> RedemptionId {
	let id = NextRedemptionId::<Test>::get();
	assert_ok!(Catalog::redeem(RuntimeOrigin::signed(who), item, None));
	id
}

#[test]
fn recovery_moves_redemptions_with_their_holds_and_the_counts() {
	build_and_execute(|| {
		let limited = list(100, None, Some(1), Eligibility::default());
		let other = list(50, None, None, Eligibility::default());
		let pending = redeem(ALICE, limited);
		let fulfilled = redeem(ALICE, other);
		assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), fulfilled));
		let issuance = Balances::total_issuance();
		assert!(<Catalog as RecoverHoldings<AccountId>>::holds_any(&ALICE));
		assert!(!<Catalog as RecoverHoldings<AccountId>>::holds_any(&CHARLIE));
		// A new account that holds nothing yet still receives the held stones.
		assert_eq!(Balances::total_balance(&CHARLIE), 0);

		// One redemption a unit, oldest first: the pending one and its 100 held stones.
		let step = move_redemptions(0, 1).unwrap();
		assert_eq!((step.used, step.next, step.waiting), (1, Some(0), false));
		assert_eq!((held(ALICE), held(CHARLIE)), (0, 100));
		assert_eq!(Redemptions::<Test>::get(pending).unwrap().who, CHARLIE);
		assert_eq!(AccountRedemptions::<Test>::get(CHARLIE).into_inner(), vec![pending]);
		// Then the settled one, then the counts of both items (one unit an item).
		let step = move_redemptions(0, 2).unwrap();
		assert_eq!((step.used, step.next), (2, Some(2)));
		assert!(!AccountRedemptions::<Test>::contains_key(ALICE));
		let step = move_redemptions(2, 5).unwrap();
		assert_eq!((step.used, step.next), (1, None));
		for item in [limited, other] {
			assert_eq!(RedeemedCount::<Test>::get(item, ALICE), 0);
			assert_eq!(RedeemedCount::<Test>::get(item, CHARLIE), 1);
		}
		assert_eq!(Balances::total_issuance(), issuance, "nothing created or lost");
		assert!(redemption_events().contains(&Event::Recovered {
			redemption: pending,
			from: ALICE,
			to: CHARLIE
		}));
		// The limit is the person's; the pending redemption is the new key's to cancel.
		assert_ok!(Stones::do_issue(Pool::Cultivation, &CHARLIE, 500, IssuePrecision::Exact));
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(CHARLIE), limited, None),
			Error::<Test>::OverAccountLimit
		);
		assert_ok!(Catalog::cancel(RuntimeOrigin::signed(CHARLIE), pending));
		assert_eq!(Balances::balance(&CHARLIE), 600);
	});
}

#[test]
fn recovery_refuses_a_new_account_full_of_pending_redemptions() {
	build_and_execute(|| {
		let item = list(10, None, None, Eligibility::default());
		redeem(ALICE, item);
		assert_ok!(Stones::do_issue(Pool::Cultivation, &CHARLIE, 500, IssuePrecision::Exact));
		for _ in 0..4 {
			redeem(CHARLIE, item);
		}
		assert_noop!(move_redemptions(0, 1), Error::<Test>::TooManyRedemptions);
	});
}

#[test]
fn recovery_then_moves_the_free_stones_whatever_the_policy() {
	build_and_execute(|| {
		let item = list(100, None, None, Eligibility::default());
		redeem(ALICE, item);
		assert_eq!(pallet_stones::Policy::<Test>::get(), csop_primitives::TransferPolicy::Bound);
		let stones = |lost: AccountId, rescuer: AccountId| {
			<Stones as RecoverHoldings<AccountId>>::move_holdings(&lost, &rescuer, 0, 1)
		};
		// With the hold still on ALICE, her account must stay: all but the deposit moves.
		let step = stones(ALICE, CHARLIE).unwrap();
		assert_eq!((step.used, step.next), (1, None));
		assert_eq!(Balances::balance(&CHARLIE), 900 - ED);
		// Redemptions first (the runtime's order): then everything moves and ALICE is gone.
		assert_ok!(move_redemptions(0, 5));
		assert_ok!(stones(ALICE, CHARLIE));
		assert_eq!(Balances::total_balance(&ALICE), 0);
		assert_eq!((Balances::balance(&CHARLIE), held(CHARLIE)), (900, 100));
		assert!(!<Stones as RecoverHoldings<AccountId>>::holds_any(&ALICE));
		assert!(<Stones as RecoverHoldings<AccountId>>::holds_any(&CHARLIE));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Stones(pallet_stones::Event::Recovered {
				from: ALICE,
				to: CHARLIE,
				amount: 900 - ED
			})));
	});
}

#[test]
fn a_redemption_released_between_steps_gives_its_count_back_to_the_new_account() {
	build_and_execute(|| {
		let limited = list(100, None, Some(1), Eligibility::default());
		let pending = redeem(ALICE, limited);
		// The record moves (with its count), then the operator rejects it before the counts
		// phase: the new account may redeem the item again, as ALICE could have.
		assert_ok!(move_redemptions(0, 1));
		assert_eq!(RedeemedCount::<Test>::get(limited, CHARLIE), 1);
		assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), pending));
		let mut cursor = 0;
		while let Some(next) = move_redemptions(cursor, 5).unwrap().next {
			cursor = next;
		}
		assert_eq!(RedeemedCount::<Test>::get(limited, CHARLIE), 0);
		assert_eq!(RedeemedCount::<Test>::get(limited, ALICE), 0);
		// The released stones are CHARLIE's; the limit lets CHARLIE redeem once more.
		assert_eq!(Balances::balance(&CHARLIE), 100);
		assert_ok!(Stones::do_issue(Pool::Cultivation, &CHARLIE, 10, IssuePrecision::Exact));
		assert_ok!(Catalog::redeem(RuntimeOrigin::signed(CHARLIE), limited, None));
	});
}
