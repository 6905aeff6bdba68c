//! End-to-end cultivation on the real `csop-node`: the activity oracle awards crystals to a
//! certified vehicle owner and to a non-owner (both brand-new accounts without stones), a
//! replayed award is refused, governance publishes a box type, both users buy a box with their
//! crystals, reveal it after the delay, and receive the treasure: the owner stones from the
//! cultivation pool, the non-owner the table's fallback and never a stone. Odds, frequencies,
//! the box's audit record and bad input are read over JSON-RPC.

use std::time::Duration;

use crate::harness::*;
use csop_runtime::{Runtime, RuntimeCall, RuntimeEvent, STONE};
use pallet_crystals::Activity;
use pallet_mine_boxes::{BoxType, Drop, Treasure, PPM};
use serde_json::json;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::DispatchError;

impl Chain<'_> {
	fn award(
		&self,
		who: &sr25519::Pair,
		activity: Activity,
		reference: u8,
	) -> Result<(), DispatchError> {
		self.as_sudo(RuntimeCall::Crystals(pallet_crystals::Call::award {
			who: account(who).into(),
			activity,
			occurred_at_ms: now_ms() - 1_000,
			reference: H256::repeat_byte(reference),
		}))
		.0
	}

	/// `who` buys a box of `box_type`; its id and draw block.
	fn buy(&self, who: &sr25519::Pair, box_type: u32) -> (u64, u32) {
		let (failed, events) =
			self.submit(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::buy_box { box_type }), who);
		assert_eq!(failed, None, "{events:?}");
		events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::MineBoxes(pallet_mine_boxes::Event::BoxBought {
					id,
					draw_at,
					..
				}) => Some((*id, *draw_at)),
				_ => None,
			})
			.unwrap_or_else(|| panic!("no BoxBought: {events:?}"))
	}
}

#[test]
fn crystals_buy_boxes_that_pay_owners_stones_and_non_owners_the_fallback() {
	let dir = TempDir::new("cultivation");
	let node = Node::start_dev(dir.path(), "cultivation");
	node.wait_finalized(1);
	let chain = Chain::new(&node);

	// Published rules and the genesis box types.
	let rules = node.rpc("csop_activityRules", json!([]));
	assert!(rules.as_array().unwrap().len() >= 7, "{rules}");
	let types = node.rpc("csop_boxTypes", json!([]));
	assert_eq!(types[0]["name"], "Starter box");
	let ppm: u64 = types[0]["drops"]
		.as_array()
		.unwrap()
		.iter()
		.map(|d| d["ppm"].as_u64().unwrap())
		.sum();
	assert_eq!(ppm, u64::from(PPM));

	// An owner (certified by the registrar) and a fan (no vehicle); neither holds stones.
	let owner = sr25519::Pair::from_string("//e2e-box-owner", None).unwrap();
	let fan = sr25519::Pair::from_string("//e2e-box-fan", None).unwrap();
	let car = csop_client::vehicle::SimVehicle::numbered(7);
	let (registered, _) = chain.as_sudo(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
		vehicle: car.id,
		device_key: car.key.public(),
		model: 1,
		activated_at_ms: now_ms(),
		owner: account(&owner),
		angel_number: None,
	}));
	assert_eq!(registered, Ok(()));

	// The oracle awards crystals; a replayed reference is refused.
	for (who, base) in [(&owner, 10u8), (&fan, 20u8)] {
		for (i, activity) in
			[Activity::SignUp, Activity::DailyCheckIn, Activity::Post, Activity::CoCreation]
				.into_iter()
				.enumerate()
		{
			assert_eq!(chain.award(who, activity, base + i as u8), Ok(()), "{activity:?}");
		}
	}
	let replay = chain.award(&fan, Activity::Post, 22).err();
	assert!(is_error(replay, pallet_crystals::Error::<Runtime>::AlreadyAwarded), "{replay:?}");
	let fan_crystals = node.rpc("csop_crystals", json!([ss58(&fan)]));
	let earned = fan_crystals["crystals"].as_u64().unwrap();
	assert!(earned >= 2 * 100, "the fan earned enough for two 100-crystal boxes: {fan_crystals}");

	// Governance publishes a box that always draws 5 stones (fallback: right 7).
	let details = BoxType {
		name: b"e2e stones box".to_vec(),
		price: 100,
		drops: vec![Drop { treasure: Treasure::Stones(5 * STONE), ppm: PPM, rare: false }],
		fallback: Some(Treasure::Right { right: 7, quantity: 1 }),
		daily_supply: None,
		per_account_daily: None,
		pity: None,
		open: true,
	};
	let (created, events) =
		chain.as_sudo(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::create_box_type { details }));
	assert_eq!(created, Ok(()));
	let box_type = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::MineBoxes(pallet_mine_boxes::Event::BoxTypeCreated {
				box_type, ..
			}) => Some(*box_type),
			_ => None,
		})
		.expect("BoxTypeCreated");
	assert_eq!(node.rpc("csop_boxTypes", json!([]))[box_type as usize]["name"], "e2e stones box");
	let supply_before = node.rpc("csop_supply", json!([]));

	// Both buy; revealing before the draw block is refused, after it pays out.
	let (owner_box, draw_at) = chain.buy(&owner, box_type);
	let (fan_box, fan_draw_at) = chain.buy(&fan, box_type);
	let pending = node.rpc("csop_boxes", json!([ss58(&owner)]));
	assert_eq!(pending["pending"][0]["id"], owner_box);
	assert_eq!(pending["pending"][0]["drawAt"], draw_at);
	let wallet = node.rpc("csop_account", json!([ss58(&owner)]));
	assert_eq!(wallet["unrevealedBoxes"], 1, "{wallet}");
	assert_eq!(wallet["crystals"], node.rpc("csop_crystals", json!([ss58(&owner)]))["crystals"]);
	if node.best_number() + 1 < draw_at {
		let (failed, _) = chain.submit(
			RuntimeCall::MineBoxes(pallet_mine_boxes::Call::reveal { id: owner_box }),
			&owner,
		);
		assert!(
			is_error(failed, pallet_mine_boxes::Error::<Runtime>::NotYetRevealable),
			"an early reveal fails: {failed:?}"
		);
	}
	node.wait_until("the draw blocks", Duration::from_secs(60), |n| {
		n.best_number() >= draw_at.max(fan_draw_at)
	});
	// Each reveals its own box; another account's box is its owner's to reveal for a day.
	let (failed, _) = chain
		.submit(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::reveal { id: fan_box }), &owner);
	assert!(
		is_error(failed, pallet_mine_boxes::Error::<Runtime>::NotYetOpenToOthers),
		"{failed:?}"
	);
	for (id, who) in [(owner_box, &owner), (fan_box, &fan)] {
		let (failed, events) =
			chain.submit(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::reveal { id }), who);
		assert_eq!(failed, None, "{events:?}");
	}

	// The owner received 5 stones from the cultivation pool.
	let owner_box_json = node.rpc("csop_box", json!([owner_box]));
	assert_eq!(owner_box_json["outcome"]["treasure"]["kind"], "Stones", "{owner_box_json}");
	assert_eq!(owner_box_json["outcome"]["fallback"], serde_json::Value::Null);
	let owner_share = node.rpc("csop_equityShare", json!([ss58(&owner)]));
	assert_eq!(owner_share["stones"], (5 * STONE).to_string());
	let supply_after = node.rpc("csop_supply", json!([]));
	let issued =
		|s: &serde_json::Value| s["pools"][1]["issued"].as_str().unwrap().parse::<u128>().unwrap();
	assert_eq!(issued(&supply_after), issued(&supply_before) + 5 * STONE);

	// The fan received the fallback right, never a stone.
	let fan_box_json = node.rpc("csop_box", json!([fan_box]));
	assert_eq!(fan_box_json["outcome"]["treasure"]["kind"], "Right", "{fan_box_json}");
	assert_eq!(fan_box_json["outcome"]["fallback"], "NotCertifiedOwner");
	let fan_share = node.rpc("csop_equityShare", json!([ss58(&fan)]));
	assert_eq!(fan_share["stones"], "0");
	let fan_boxes = node.rpc("csop_boxes", json!([ss58(&fan)]));
	assert_eq!(fan_boxes["rights"], json!([{ "right": 7, "quantity": 1 }]));
	assert_eq!(fan_boxes["pending"], json!([]));
	// The fan's wallet view (`csop_account`) agrees.
	let wallet = node.rpc("csop_account", json!([ss58(&fan)]));
	assert_eq!(wallet["rights"], fan_boxes["rights"], "{wallet}");
	assert_eq!(wallet["unrevealedBoxes"], 0, "{wallet}");
	assert_eq!(wallet["stones"], "0", "{wallet}");
	assert_eq!(wallet["crystals"].as_u64().unwrap(), earned - 100, "{wallet}");
	let after = node.rpc("csop_crystals", json!([ss58(&fan)]));
	assert_eq!(after["crystals"].as_u64().unwrap(), earned - 100);

	// Auditing: the roll is recomputable from the stored seed, the box id and the owner.
	let seed = hash_from_hex(owner_box_json["outcome"]["seed"].as_str().unwrap());
	let hash = sp_crypto_hashing::blake2_256(&codec::Encode::encode(&(
		b"csop/mine-box".as_slice(),
		seed,
		owner_box,
		account(&owner),
	)));
	let random = u64::from_le_bytes(hash[..8].try_into().unwrap());
	assert_eq!(owner_box_json["outcome"]["roll"].as_u64().unwrap(), random % u64::from(PPM));

	// Observed frequencies.
	let odds = node.rpc("csop_boxOdds", json!([box_type]));
	assert_eq!(odds["totalDraws"], 2);
	assert_eq!(odds["entries"][0]["naturalDraws"], 2);

	// Bad input: clear invalid-params errors.
	for (method, params) in [
		("csop_boxOdds", json!([9_999])),
		("csop_box", json!([123_456_789])),
		("csop_boxes", json!(["not an address"])),
		("csop_crystals", json!(["0x1234"])),
	] {
		let e = node.rpc_error(method, params);
		assert_eq!(e.code, -32602, "{method}: {e:?}");
	}

	// A user with 10 crystals (one check-in) cannot buy a 100-crystal box: the purchase fails
	// on chain with `InsufficientCrystals` and takes nothing.
	let poor = sr25519::Pair::from_string("//e2e-box-poor", None).unwrap();
	assert_eq!(chain.award(&poor, Activity::DailyCheckIn, 40), Ok(()));
	let (failed, _) =
		chain.submit(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::buy_box { box_type }), &poor);
	assert!(
		is_error(failed, pallet_mine_boxes::Error::<Runtime>::InsufficientCrystals),
		"{failed:?}"
	);
	let left = node.rpc("csop_crystals", json!([ss58(&poor)]));
	assert_eq!(left["crystals"], 10);
	assert_eq!(left["awardsToday"], json!([{ "activity": "DailyCheckIn", "count": 1 }]));
}
