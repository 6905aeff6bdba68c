//! Tests of `pallet-redemptions` with the real stones pallet in the mock, a file per area.
//! Every test checks both pallets' invariants afterwards.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::DispatchError;

fn details(price: Balance) -> ItemDetails<Balance> {
	ItemDetails {
		name: b"Boutique jacket".to_vec(),
		category: Category::BoutiqueItem,
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

mod catalog;
mod entitlements;
mod properties;
mod recovering;
mod redeeming;
mod settling;
