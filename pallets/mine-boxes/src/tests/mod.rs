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

mod api;
mod box_types;
mod buying;
mod order;
mod pity;
mod properties;
mod recovering;
mod reveal;
mod rights;
mod treasures;
