//! Tests of `pallet-redemptions` with the real stones pallet in the mock. Every test checks
//! both pallets' invariants afterwards.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::DispatchError;

fn details(price: Balance) -> ItemDetails<Balance> {
	ItemDetails {
		name: b"Lidar upgrade".to_vec(),
		category: Category::HardwareUpgrade,
		price,
		cash_part: Some(19_900),
		stock: None,
		per_account_limit: None,
		eligibility: Eligibility::default(),
		open: true,
	}
}

fn list(
	price: Balance,
	stock: Option<u32>,
	limit: Option<u32>,
	eligibility: Eligibility,
) -> ItemId {
	let id = NextItemId::<Test>::get();
	let item = ItemDetails { stock, per_account_limit: limit, eligibility, ..details(price) };
	assert_ok!(Catalog::list_item(RuntimeOrigin::signed(MANAGER), item));
	id
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Catalog(HoldReason::Redemption), &who)
}

mod catalog {
	use super::*;

	#[test]
	fn manager_lists_an_item_with_public_price() {
		build_and_execute(|| {
			let id = list(100, Some(5), Some(1), Eligibility::default());
			let item = Items::<Test>::get(id).unwrap();
			assert_eq!(
				(item.price, item.stock, item.cash_part, item.open),
				(100, Some(5), Some(19_900), true)
			);
			assert_eq!(redemption_events(), vec![Event::ItemListed { item: id, price: 100 }]);
		});
	}

	#[test]
	fn catalog_lists_items_by_id() {
		build_and_execute(|| {
			let a = list(100, Some(5), None, Eligibility::default());
			let b = list(7, None, Some(2), Eligibility { owners_only: true, ..Default::default() });
			let catalog = Catalog::catalog();
			assert_eq!(
				catalog.iter().map(|(id, i)| (*id, i.price)).collect::<Vec<_>>(),
				vec![(a, 100), (b, 7)]
			);
			assert_eq!(catalog[0].1.name, b"Lidar upgrade".to_vec());
			assert!(catalog[1].1.eligibility.owners_only);
		});
	}

	#[test]
	fn others_cannot_list() {
		build_and_execute(|| {
			assert_noop!(
				Catalog::list_item(RuntimeOrigin::signed(ALICE), details(1)),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn name_too_long_and_zero_price_are_refused() {
		build_and_execute(|| {
			let long = vec![b'x'; 33];
			assert_noop!(
				Catalog::list_item(
					RuntimeOrigin::signed(MANAGER),
					ItemDetails { name: long, ..details(1) }
				),
				Error::<Test>::NameTooLong
			);
			assert_noop!(
				Catalog::list_item(RuntimeOrigin::signed(MANAGER), details(0)),
				Error::<Test>::ZeroPrice
			);
		});
	}

	#[test]
	fn update_replaces_details_and_unknown_items_fail() {
		build_and_execute(|| {
			let id = list(100, None, None, Eligibility::default());
			assert_ok!(Catalog::update_item(
				RuntimeOrigin::signed(MANAGER),
				id,
				ItemDetails { name: b"OTA pack".to_vec(), stock: Some(3), ..details(80) }
			));
			assert_eq!(Items::<Test>::get(id).unwrap().price, 80);
			assert_noop!(
				Catalog::update_item(RuntimeOrigin::signed(MANAGER), 99, details(1)),
				Error::<Test>::UnknownItem
			);
		});
	}

	#[test]
	fn open_and_close() {
		build_and_execute(|| {
			let id = list(100, None, None, Eligibility::default());
			assert_ok!(Catalog::set_item_open(RuntimeOrigin::signed(MANAGER), id, false));
			assert_eq!(
				redemption_events().last(),
				Some(&Event::ItemOpenSet { item: id, open: false })
			);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::ItemClosed
			);
			assert_noop!(
				Catalog::set_item_open(RuntimeOrigin::signed(MANAGER), 99, true),
				Error::<Test>::UnknownItem
			);
			assert_noop!(
				Catalog::set_item_open(RuntimeOrigin::signed(ALICE), id, true),
				DispatchError::BadOrigin
			);
		});
	}
}

mod redeeming {
	use super::*;

	#[test]
	fn redeem_holds_the_price_and_records_a_pending_redemption() {
		build_and_execute(|| {
			let id = list(100, Some(2), None, Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(held(ALICE), 100);
			assert_eq!(Balances::balance(&ALICE), 900, "free balance");
			assert_eq!(Items::<Test>::get(id).unwrap().stock, Some(1));
			assert_eq!(
				Catalog::redemptions_of(&ALICE),
				vec![(
					0,
					Redemption {
						who: ALICE,
						item: id,
						price: 100,
						status: Status::Pending,
						entitlement: None
					}
				)]
			);
			assert_eq!(
				redemption_events().last(),
				Some(&Event::Redeemed { redemption: 0, who: ALICE, item: id, price: 100 })
			);
		});
	}

	#[test]
	fn unknown_item_fails() {
		build_and_execute(|| {
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), 7),
				Error::<Test>::UnknownItem
			);
		});
	}

	#[test]
	fn out_of_stock_fails() {
		build_and_execute(|| {
			let id = list(10, Some(1), None, Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::OutOfStock
			);
		});
	}

	#[test]
	fn over_the_account_limit_fails() {
		build_and_execute(|| {
			let id = list(10, None, Some(1), Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::OverAccountLimit
			);
			// The limit is per account.
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(BOB), id));
		});
	}

	#[test]
	fn not_eligible_fails() {
		build_and_execute(|| {
			let owners_30_days = Eligibility {
				owners_only: true,
				min_days_since_activation: 30,
				model: Some(7),
				entitlement: None,
			};
			let id = list(10, None, None, owners_30_days);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::NotEligible
			);
			MockWorld::give_vehicle(ALICE, 7, 0);
			MockWorld::set_now_ms(29 * DAY_MS);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::NotEligible
			);
			MockWorld::set_now_ms(30 * DAY_MS);
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		});
	}

	#[test]
	fn insufficient_stones_fails() {
		build_and_execute(|| {
			let id = list(1_000, None, None, Eligibility::default());
			// 1,000 held would leave nothing for the existential deposit.
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::InsufficientStones
			);
		});
	}

	#[test]
	fn the_account_list_is_bounded() {
		build_and_execute(|| {
			let id = list(1, None, None, Eligibility::default());
			for _ in 0..4 {
				assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			}
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::TooManyRedemptions
			);
		});
	}

	#[test]
	fn redeem_needs_a_signed_origin() {
		build_and_execute(|| {
			let id = list(1, None, None, Eligibility::default());
			assert_noop!(Catalog::redeem(RuntimeOrigin::root(), id), DispatchError::BadOrigin);
		});
	}
}

mod settling {
	use super::*;

	#[test]
	fn fulfil_burns_the_held_stones_and_counts_them_burned() {
		build_and_execute(|| {
			let id = list(100, None, None, Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			let issuance = Balances::total_issuance();
			assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
			assert_eq!(held(ALICE), 0);
			assert_eq!(Balances::total_balance(&ALICE), 900);
			assert_eq!(Balances::total_issuance(), issuance - 100);
			assert_eq!(pallet_stones::Burned::<Test>::get(), 100);
			assert_eq!(Redemptions::<Test>::get(0).unwrap().status, Status::Fulfilled);
			assert_eq!(
				redemption_events().last(),
				Some(&Event::Fulfilled { redemption: 0, who: ALICE, price: 100 })
			);
		});
	}

	#[test]
	fn reject_releases_the_stones_and_restores_stock_and_limit() {
		build_and_execute(|| {
			let id = list(100, Some(1), Some(1), Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0));
			assert_eq!(held(ALICE), 0);
			assert_eq!(Balances::balance(&ALICE), 1_000);
			assert_eq!(Items::<Test>::get(id).unwrap().stock, Some(1));
			assert_eq!(Redemptions::<Test>::get(0).unwrap().status, Status::Rejected);
			assert_eq!(pallet_stones::Burned::<Test>::get(), 0);
			// The rejected redemption no longer counts against the limit.
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		});
	}

	#[test]
	fn redemptions_are_counted_by_status_with_the_stones_pending_ones_hold() {
		build_and_execute(|| {
			let id = list(100, None, None, Eligibility::default());
			assert_eq!(Catalog::redemption_counts(&ALICE), RedemptionCounts::default());
			for _ in 0..4 {
				assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			}
			assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
			assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 1));
			let counts = Catalog::redemption_counts(&ALICE);
			assert_eq!(
				counts,
				RedemptionCounts { pending: 2, fulfilled: 1, rejected: 1, on_hold: 200 }
			);
			assert_eq!(counts.on_hold, held(ALICE));
			assert_eq!(Catalog::redemption_counts(&BOB), RedemptionCounts::default());
		});
	}

	#[test]
	fn settling_twice_or_unknown_fails() {
		build_and_execute(|| {
			let id = list(100, None, None, Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
			assert_noop!(
				Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0),
				Error::<Test>::NotPending
			);
			assert_noop!(
				Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0),
				Error::<Test>::NotPending
			);
			assert_noop!(
				Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 5),
				Error::<Test>::UnknownRedemption
			);
			assert_noop!(
				Catalog::reject(RuntimeOrigin::signed(OPERATOR), 5),
				Error::<Test>::UnknownRedemption
			);
		});
	}

	#[test]
	fn only_the_operator_settles() {
		build_and_execute(|| {
			let id = list(100, None, None, Eligibility::default());
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_noop!(
				Catalog::fulfil(RuntimeOrigin::signed(ALICE), 0),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Catalog::reject(RuntimeOrigin::signed(MANAGER), 0),
				DispatchError::BadOrigin
			);
		});
	}
}

/// Items that require an angel-programme entitlement: the right was earned by driving, so the
/// item may be free; redeeming uses the entitlement, a rejection gives it back.
mod entitlements {
	use super::*;
	use csop_primitives::EntitlementKind::{BatteryUpgrade, LidarUpgrade};

	const CAR: csop_primitives::VehicleId = csop_primitives::VehicleId::repeat_byte(7);

	fn lidar_item(price: Balance) -> ItemId {
		list(
			price,
			None,
			None,
			Eligibility { entitlement: Some(LidarUpgrade), ..Default::default() },
		)
	}

	#[test]
	fn only_entitlement_items_may_be_free() {
		build_and_execute(|| {
			assert_noop!(
				Catalog::list_item(RuntimeOrigin::signed(MANAGER), details(0)),
				Error::<Test>::ZeroPrice
			);
			let id = lidar_item(0);
			assert_eq!(Items::<Test>::get(id).unwrap().price, 0);
		});
	}

	#[test]
	fn redeeming_uses_the_entitlement_and_fulfilling_burns_nothing() {
		build_and_execute(|| {
			let id = lidar_item(0);
			MockWorld::give_vehicle(ALICE, 1, 0);
			MockWorld::give_entitlement(ALICE, CAR, LidarUpgrade);
			let issuance = Balances::total_issuance();
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(MockWorld::entitlement_used(CAR, LidarUpgrade), Some(true));
			let r = Redemptions::<Test>::get(0).unwrap();
			assert_eq!(r.entitlement, Some((CAR, LidarUpgrade)));
			assert_eq!(held(ALICE), 0);
			assert_ok!(Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), 0));
			assert_eq!(Balances::total_issuance(), issuance);
			assert_eq!(pallet_stones::Burned::<Test>::get(), 0);
			assert_eq!(MockWorld::entitlement_used(CAR, LidarUpgrade), Some(true));
		});
	}

	#[test]
	fn a_used_or_missing_entitlement_is_refused() {
		build_and_execute(|| {
			let id = lidar_item(5);
			MockWorld::give_vehicle(ALICE, 1, 0);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::NoEntitlement
			);
			// A battery entitlement does not open a lidar item.
			MockWorld::give_entitlement(ALICE, CAR, BatteryUpgrade);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::NoEntitlement
			);
			MockWorld::give_entitlement(ALICE, CAR, LidarUpgrade);
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(held(ALICE), 5);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(ALICE), id),
				Error::<Test>::NoEntitlement
			);
		});
	}

	#[test]
	fn a_non_owner_is_not_eligible_even_with_an_entitlement_record() {
		build_and_execute(|| {
			let id = lidar_item(0);
			MockWorld::give_entitlement(BOB, CAR, LidarUpgrade);
			assert_noop!(
				Catalog::redeem(RuntimeOrigin::signed(BOB), id),
				Error::<Test>::NotEligible
			);
		});
	}

	#[test]
	fn rejecting_gives_the_entitlement_and_the_stones_back() {
		build_and_execute(|| {
			let id = lidar_item(5);
			MockWorld::give_vehicle(ALICE, 1, 0);
			MockWorld::give_entitlement(ALICE, CAR, LidarUpgrade);
			let before = Balances::balance(&ALICE);
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
			assert_ok!(Catalog::reject(RuntimeOrigin::signed(OPERATOR), 0));
			assert_eq!(MockWorld::entitlement_used(CAR, LidarUpgrade), Some(false));
			assert_eq!((Balances::balance(&ALICE), held(ALICE)), (before, 0));
			// And it can be redeemed again.
			assert_ok!(Catalog::redeem(RuntimeOrigin::signed(ALICE), id));
		});
	}
}

/// Random sequences of issue, burn, list, redeem, fulfil and reject: after every step both
/// pallets' invariants hold (held stones = pending prices; total issuance = issued - burned;
/// pool caps) and every item's stock accounts for its live redemptions.
mod properties {
	use super::*;
	use csop_primitives::{IssuePrecision, Pool};
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Issue { who: u8, amount: u16 },
		Burn { who: u8, amount: u16 },
		List { price: u16, stock: Option<u8>, limit: Option<u8> },
		Redeem { who: u8, item: u8 },
		Fulfil { id: u8 },
		Reject { id: u8 },
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0u8..3, 0u16..600).prop_map(|(who, amount)| Op::Issue { who, amount }),
			(0u8..3, 0u16..300).prop_map(|(who, amount)| Op::Burn { who, amount }),
			(0u16..300, proptest::option::of(0u8..4), proptest::option::of(0u8..3))
				.prop_map(|(price, stock, limit)| Op::List { price, stock, limit }),
			(0u8..3, 0u8..4).prop_map(|(who, item)| Op::Redeem { who, item }),
			(0u8..8).prop_map(|id| Op::Fulfil { id }),
			(0u8..8).prop_map(|id| Op::Reject { id }),
		]
	}

	/// Accounts 20..23: none holds stones until the sequence issues some.
	fn account(who: u8) -> AccountId {
		20 + who as AccountId
	}

	fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
		// Each listed item's initial stock (None: unlimited).
		let mut initial_stock: alloc::vec::Vec<Option<u32>> = alloc::vec::Vec::new();
		for op in ops {
			match op {
				Op::Issue { who, amount } => {
					let _ = Stones::do_issue(
						Pool::Cultivation,
						&account(who),
						amount as Balance,
						IssuePrecision::UpToRemainder,
					);
				},
				Op::Burn { who, amount } => {
					let _ = Stones::burn(RuntimeOrigin::signed(account(who)), amount as Balance);
				},
				Op::List { price, stock, limit } => {
					let item = ItemDetails {
						stock: stock.map(u32::from),
						per_account_limit: limit.map(u32::from),
						..details(price as Balance)
					};
					if Catalog::list_item(RuntimeOrigin::signed(MANAGER), item).is_ok() {
						initial_stock.push(stock.map(u32::from));
					}
				},
				Op::Redeem { who, item } => {
					let before = Balances::total_balance(&account(who));
					let result =
						Catalog::redeem(RuntimeOrigin::signed(account(who)), item as ItemId);
					// Redeeming only moves stones to hold: the total never changes.
					prop_assert_eq!(Balances::total_balance(&account(who)), before);
					if result.is_err() {
						prop_assert_eq!(held(account(who)), pending_sum(account(who)));
					}
				},
				Op::Fulfil { id } => {
					let _ = Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), id as RedemptionId);
				},
				Op::Reject { id } => {
					let _ = Catalog::reject(RuntimeOrigin::signed(OPERATOR), id as RedemptionId);
				},
			}
			Catalog::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
			Stones::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
			for (id, initial) in initial_stock.iter().enumerate() {
				let live = Redemptions::<Test>::iter_values()
					.filter(|r| r.item == id as ItemId && r.status != Status::Rejected)
					.count() as u32;
				let stock = Items::<Test>::get(id as ItemId).and_then(|i| i.stock);
				prop_assert_eq!(stock.map(|s| s + live), *initial, "item {} stock", id);
			}
		}
		Ok(())
	}

	fn pending_sum(who: AccountId) -> Balance {
		Redemptions::<Test>::iter_values()
			.filter(|r| r.who == who && r.status == Status::Pending)
			.map(|r| r.price)
			.sum()
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(256))]
		#[test]
		fn invariants_hold_after_every_operation(ops in proptest::collection::vec(op(), 1..60)) {
			let mut result = Ok(());
			build_and_execute(|| result = run(ops));
			result?;
		}
	}
}
