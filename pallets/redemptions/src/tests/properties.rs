//! Random sequences of issue, burn, list, redeem, fulfil and reject: after every step both
//! pallets' invariants hold (held stones = pending prices; total issuance = issued - burned;
//! pool caps) and every item's stock accounts for its live redemptions.

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
	// Each listed item's initial stock (None: unlimited), and its units taken by redemptions
	// not rejected (counted here: a settled redemption may be pushed out of storage).
	let mut initial_stock: alloc::vec::Vec<Option<u32>> = alloc::vec::Vec::new();
	let mut taken: alloc::vec::Vec<u32> = alloc::vec::Vec::new();
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
					taken.push(0);
				}
			},
			Op::Redeem { who, item } => {
				let before = Balances::total_balance(&account(who));
				let result =
					Catalog::redeem(RuntimeOrigin::signed(account(who)), item as ItemId, None);
				// Redeeming only moves stones to hold: the total never changes.
				prop_assert_eq!(Balances::total_balance(&account(who)), before);
				if result.is_ok() {
					taken[item as usize] += 1;
				}
				if result.is_err() {
					prop_assert_eq!(held(account(who)), pending_sum(account(who)));
				}
			},
			Op::Fulfil { id } => {
				let _ = Catalog::fulfil(RuntimeOrigin::signed(OPERATOR), id as RedemptionId);
			},
			Op::Reject { id } => {
				let item = Redemptions::<Test>::get(id as RedemptionId).map(|r| r.item);
				if Catalog::reject(RuntimeOrigin::signed(OPERATOR), id as RedemptionId).is_ok() {
					taken[item.expect("a rejected redemption exists") as usize] -= 1;
				}
			},
		}
		Catalog::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
		Stones::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
		for (id, (initial, taken)) in initial_stock.iter().zip(&taken).enumerate() {
			let stock = Items::<Test>::get(id as ItemId).and_then(|i| i.stock);
			prop_assert_eq!(stock.map(|s| s + taken), *initial, "item {} stock", id);
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
