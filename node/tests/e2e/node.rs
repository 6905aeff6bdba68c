//! End-to-end tests against the real `csop-node` binary: what an operator starts from the
//! README and what a wallet talks to over JSON-RPC.

use std::time::Duration;

use crate::harness::*;
use codec::Encode;
use csop_runtime::{RuntimeCall, RuntimeEvent};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};

fn remark(text: &[u8]) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark_with_event { remark: text.to_vec() })
}

/// A dev node finalises blocks; a signed extrinsic submitted over JSON-RPC is included in a
/// block, emits its event, and that block is finalised.
#[test]
fn signed_extrinsic_over_rpc_is_included_with_its_event_and_finalised() {
	let dir = TempDir::new("submit");
	let node = Node::start_dev(dir.path(), "submit");
	node.wait_finalized(2);

	let text = b"csop e2e: hello from a wallet";
	let xt = signed_extrinsic(&node, remark(text), Alice, Alice);
	let xt_hex = to_hex(&xt.encode());
	let from = node.best_number();
	let tx_hash = node.rpc("author_submitExtrinsic", json!([xt_hex]));
	assert_eq!(
		tx_hash.as_str().unwrap(),
		to_hex(&sp_crypto_hashing::blake2_256(&xt.encode())),
		"the pool returns the extrinsic's blake2-256 hash"
	);

	let (number, hash, index) = wait_inclusion(&node, &xt_hex, from, Duration::from_secs(60));

	let events = events_at(&node, &hash);
	let expected_hash = csop_runtime::Hash::from(sp_crypto_hashing::blake2_256(text));
	let remarked = events.iter().any(|record| {
		record.phase == frame_system::Phase::ApplyExtrinsic(index as u32)
			&& record.event
				== RuntimeEvent::System(frame_system::Event::Remarked {
					sender: Alice.to_account_id(),
					hash: expected_hash,
				})
	});
	assert!(remarked, "Remarked event of our extrinsic in block #{number}: {events:?}");
	let succeeded = events.iter().any(|record| {
		record.phase == frame_system::Phase::ApplyExtrinsic(index as u32)
			&& matches!(
				record.event,
				RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
			)
	});
	assert!(succeeded, "ExtrinsicSuccess for our extrinsic: {events:?}");

	// The nonce moved on, and the block that holds the extrinsic becomes final.
	let nonce = node.rpc("system_accountNextIndex", json!([address(Alice)])).as_u64().unwrap();
	assert_eq!(nonce, 1);
	node.wait_finalized(number);
	assert_eq!(
		node.block_hash(number).as_deref(),
		Some(hash.as_str()),
		"included block is canonical"
	);
}

/// Bad input gets a JSON-RPC error with a clear reason, nothing is included, and the node keeps
/// producing and finalising blocks (and still accepts good extrinsics afterwards).
#[test]
fn malformed_and_badly_signed_extrinsics_are_refused_and_node_keeps_going() {
	let dir = TempDir::new("bad-input");
	let node = Node::start_dev(dir.path(), "bad-input");
	node.wait_finalized(1);

	// Not hex at all: invalid params.
	let e = node.rpc_error("author_submitExtrinsic", json!(["not hex"]));
	assert_eq!(e.code, -32602, "invalid params: {e:?}");

	// Hex, but the bytes do not even decode as a length-prefixed extrinsic.
	let e = node.rpc_error("author_submitExtrinsic", json!(["0x0102030405"]));
	assert_eq!(e.code, 1040, "{e:?}");
	assert!(e.message.contains("Could not decode"), "{e:?}");

	// A valid extrinsic cut short.
	let good = signed_extrinsic(&node, remark(b"truncated"), Alice, Alice).encode();
	let e = node.rpc_error("author_submitExtrinsic", json!([to_hex(&good[..good.len() - 10])]));
	assert_eq!(e.code, 1040, "{e:?}");
	assert!(e.message.contains("Could not decode"), "{e:?}");

	// Correctly length-prefixed, but garbage inside: the runtime refuses to decode it (the
	// runtime API glue traps on undecodable input; the node reports it and carries on).
	let e = node.rpc_error("author_submitExtrinsic", json!(["0x140102030405"]));
	assert_eq!(e.code, 1002, "{e:?}");
	assert!(e.message.starts_with("Verification Error"), "{e:?}");

	// Signed by Bob's key but claiming to come from Alice: bad signature.
	let forged = signed_extrinsic(&node, remark(b"forged"), Alice, Bob);
	let e = node.rpc_error("author_submitExtrinsic", json!([to_hex(&forged.encode())]));
	assert_eq!(e.code, 1010, "invalid transaction: {e:?}");
	assert!(e.data.contains("bad signature"), "{e:?}");

	// Correctly signed, by an account the chain does not know (not a member, validator, role
	// holder, owner or user): the known-signer check refuses it.
	let stranger =
		<sp_core::sr25519::Pair as sp_core::Pair>::from_string("//Stranger", None).unwrap();
	let rpc = csop_client::Rpc::local(node.rpc_port);
	let chain = csop_client::tx::ChainInfo::fetch(&rpc).unwrap();
	let xt = csop_client::tx::signed(&chain, remark(b"stranger"), &stranger, &stranger, 0);
	let e = node.rpc_error("author_submitExtrinsic", json!([to_hex(&xt.encode())]));
	assert_eq!(e.code, 1010, "invalid transaction: {e:?}");
	assert!(e.data.contains("Invalid signing address"), "{e:?}");

	// Nothing of that is waiting in the pool.
	let pending = node.rpc("author_pendingExtrinsics", json!([]));
	assert_eq!(pending.as_array().map(Vec::len), Some(0), "pool is empty: {pending}");

	// The node goes on producing and finalising blocks...
	let best = node.best_number();
	let finalized = node.finalized_number();
	node.wait_until("two more blocks", Duration::from_secs(60), |n| n.best_number() >= best + 2);
	node.wait_finalized(finalized + 2);

	// ...and a good extrinsic is still accepted and included.
	let xt = signed_extrinsic(&node, remark(b"after bad input"), Alice, Alice);
	let from = node.best_number();
	node.rpc("author_submitExtrinsic", json!([to_hex(&xt.encode())]));
	wait_inclusion(&node, &to_hex(&xt.encode()), from, Duration::from_secs(60));
	// Alice's nonce counts only the accepted extrinsic.
	let nonce = node.rpc("system_accountNextIndex", json!([address(Alice)])).as_u64().unwrap();
	assert_eq!(nonce, 1);
}

/// Stopping the node (SIGINT) or killing it (SIGKILL) and restarting with the same base path
/// keeps the finalised chain: same block hashes, finality resumes where it was, the chain
/// grows on top of it.
#[test]
fn restart_with_same_base_path_keeps_the_finalised_chain() {
	let dir = TempDir::new("restart");

	let mut node = Node::start_dev(dir.path(), "run1");
	node.wait_finalized(3);
	let finalized = node.finalized_number();
	let hashes: Vec<String> = (0..=finalized).map(|n| node.block_hash(n).unwrap()).collect();
	node.stop_gracefully();

	let mut node = Node::start_dev(dir.path(), "run2");
	assert!(node.finalized_number() >= finalized, "finality survived a clean stop");
	for (n, hash) in hashes.iter().enumerate() {
		assert_eq!(node.block_hash(n as u32).as_ref(), Some(hash), "block #{n} kept");
	}
	node.wait_finalized(finalized + 2);
	let finalized = node.finalized_number();
	let hashes: Vec<String> = (0..=finalized).map(|n| node.block_hash(n).unwrap()).collect();
	node.kill();

	let node = Node::start_dev(dir.path(), "run3");
	assert!(node.finalized_number() >= finalized, "finality survived SIGKILL");
	for (n, hash) in hashes.iter().enumerate() {
		assert_eq!(node.block_hash(n as u32).as_ref(), Some(hash), "block #{n} kept after SIGKILL");
	}
	node.wait_finalized(finalized + 2);
}

/// The stones pallet runs on the node: stones are bound by default, so a transfer submitted
/// over JSON-RPC is included but fails with `TransfersDisabled` and moves nothing.
#[test]
fn stones_transfer_is_refused_on_chain_while_stones_are_bound() {
	let dir = TempDir::new("stones");
	let node = Node::start_dev(dir.path(), "stones");
	node.wait_finalized(1);

	let call = RuntimeCall::Stones(pallet_stones::Call::transfer {
		dest: sp_runtime::MultiAddress::Id(Bob.to_account_id()),
		amount: csop_runtime::STONE,
	});
	let xt = signed_extrinsic(&node, call, Alice, Alice);
	let xt_hex = to_hex(&xt.encode());
	let from = node.best_number();
	node.rpc("author_submitExtrinsic", json!([xt_hex]));
	let (_, hash, index) = wait_inclusion(&node, &xt_hex, from, Duration::from_secs(60));

	let expected: sp_runtime::DispatchError =
		pallet_stones::Error::<csop_runtime::Runtime>::TransfersDisabled.into();
	let failed =
		events_at(&node, &hash).into_iter().find_map(|record| match record.event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) if record.phase == frame_system::Phase::ApplyExtrinsic(index as u32) => Some(dispatch_error),
			_ => None,
		});
	assert_eq!(failed, Some(expected), "the transfer failed with TransfersDisabled");
	let transferred = events_at(&node, &hash).into_iter().any(|record| {
		matches!(record.event, RuntimeEvent::Stones(pallet_stones::Event::Transferred { .. }))
	});
	assert!(!transferred, "no stones moved");
}

/// `csop_supply` and `csop_equityShare` read the stones supply from the running node; bad
/// input is an `invalid params` error.
#[test]
fn stones_supply_and_equity_share_over_rpc() {
	let dir = TempDir::new("supply");
	let node = Node::start_dev(dir.path(), "supply");

	let endowed = csop_runtime::genesis_config_presets::DEV_ENDOWMENT
		* sp_keyring::Sr25519Keyring::iter().count() as u128;
	let supply = node.rpc("csop_supply", json!([]));
	assert_eq!(supply["decimals"], 12);
	assert_eq!(supply["maxSupply"], csop_runtime::MAX_SUPPLY.to_string());
	assert_eq!(supply["pools"][0]["pool"], "MileageMining");
	assert_eq!(supply["pools"][0]["cap"], csop_runtime::MILEAGE_MINING_CAP.to_string());
	assert_eq!(supply["pools"][0]["issued"], "0");
	assert_eq!(supply["pools"][1]["pool"], "Cultivation");
	assert_eq!(supply["pools"][1]["issued"], endowed.to_string());
	assert_eq!(
		supply["pools"][1]["remaining"],
		(csop_runtime::CULTIVATION_CAP - endowed).to_string()
	);
	assert_eq!(supply["issued"], endowed.to_string());
	assert_eq!(supply["burned"], "0");
	assert_eq!(supply["circulating"], endowed.to_string());

	// Alice's 1,000 stones of 300M are 1,000 x 4.9% / 300M of the equity = 163 ppb.
	let share = node.rpc("csop_equityShare", json!([address(Alice)]));
	assert_eq!(share["account"], address(Alice));
	assert_eq!(share["stones"], csop_runtime::genesis_config_presets::DEV_ENDOWMENT.to_string());
	assert_eq!(share["partsPerBillion"], "163");
	// Exactly: 1,000 of 300,000,000 stones x 4.9% = 49 / 300,000,000.
	assert_eq!(share["equity"]["numerator"], "49");
	assert_eq!(share["equity"]["denominator"], "300000000");
	assert_eq!(share["equity"]["decimal"], format!("0.000000{}", "163333333333333333333333"));
	let of = &share["ofCirculating"];
	let (n, d): (u128, u128) = (
		of["numerator"].as_str().unwrap().parse().unwrap(),
		of["denominator"].as_str().unwrap().parse().unwrap(),
	);
	let circulating: u128 = supply["circulating"].as_str().unwrap().parse().unwrap();
	assert_eq!(n * circulating, d * csop_runtime::genesis_config_presets::DEV_ENDOWMENT, "{share}");

	let e = node.rpc_error("csop_equityShare", json!(["5NotAnAddress"]));
	assert_eq!(e.code, -32602, "{e:?}");
	assert!(e.message.contains("expected an SS58 address"), "{e:?}");
	let e = node.rpc_error("csop_supply", json!(["0x1234"]));
	assert_eq!(e.code, -32602, "a malformed block hash: {e:?}");
	let unknown = format!("0x{}", "12".repeat(32));
	let e = node.rpc_error("csop_supply", json!([unknown]));
	assert_eq!(e.code, -32602, "an unknown block: {e:?}");
	assert!(e.message.contains(&format!("unknown block {unknown}")), "{e:?}");

	// `csop_account`: Alice's wallet view, at a given block; an account the chain does not
	// know reads as such (its signed transactions are refused), a malformed one is an error.
	let genesis = node.rpc("chain_getBlockHash", json!([0]));
	let wallet = node.rpc("csop_account", json!([address(Alice), genesis]));
	assert_eq!(wallet["at"], genesis);
	assert_eq!(wallet["class"], "Consortium");
	assert_eq!(wallet["roles"], json!(["Registrar", "ActivityOracle", "CatalogManager"]));
	assert_eq!(wallet["rateLimit"], Value::Null, "members are not rate-limited: {wallet}");
	assert_eq!(wallet["stones"], share["stones"]);
	assert_eq!(wallet["equityPartsPerBillion"], "163");
	assert_eq!(wallet["equity"], share["equity"], "the exact share, as csop_equityShare: {wallet}");
	let user = node.rpc("csop_account", json!([address(Dave)]));
	assert_eq!(user["class"], "User", "{user}");
	assert_eq!(user["registeredUser"], true, "{user}");
	assert_eq!(
		user["rateLimit"],
		json!({ "maxTransactions": 30, "periodBlocks": 20, "remainingInWindow": 30 })
	);
	let stranger = format!("0x{}", "ab".repeat(32));
	let unknown_account = node.rpc("csop_account", json!([stranger]));
	assert_eq!(unknown_account["class"], Value::Null, "{unknown_account}");
	assert_eq!(unknown_account["stones"], "0");
	let e = node.rpc_error("csop_account", json!(["5NotAnAddress"]));
	assert_eq!(e.code, -32602, "{e:?}");
	assert!(e.message.contains("expected an SS58 address"), "{e:?}");
}

/// Redeeming over JSON-RPC on the running node: sudo lists an item, a wallet reads it with
/// `csop_catalog`, Bob redeems it (stones on hold, `csop_redemptions` shows it pending), sudo
/// fulfils it, and `csop_supply` counts the burned stones.
#[test]
fn redeem_an_item_over_rpc_and_fulfil_it() {
	use pallet_redemptions::{Category, Eligibility, ItemDetails};
	let dir = TempDir::new("redeem");
	let node = Node::start_dev(dir.path(), "redeem");
	node.wait_finalized(1);
	let price = 100 * csop_runtime::STONE;
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let submit = |call: RuntimeCall, who| {
		let xt = to_hex(&signed_extrinsic(&node, call, who, who).encode());
		let from = node.best_number();
		node.rpc("author_submitExtrinsic", json!([xt]));
		let (_, hash, index) = wait_inclusion(&node, &xt, from, Duration::from_secs(60));
		events_at(&node, &hash)
			.into_iter()
			.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
			.map(|r| r.event)
			.collect::<Vec<_>>()
	};

	let listed = submit(
		sudo(RuntimeCall::Redemptions(pallet_redemptions::Call::list_item {
			details: ItemDetails {
				name: b"OTA: sport mode".to_vec(),
				category: Category::OtaSoftware,
				price,
				cash_part: None,
				stock: Some(3),
				per_account_limit: None,
				eligibility: Eligibility::default(),
				open: true,
			},
		})),
		Alice,
	);
	// Items 0 and 1 are the angel round's upgrades, listed at genesis.
	assert!(listed.contains(&RuntimeEvent::Redemptions(pallet_redemptions::Event::ItemListed {
		item: 2,
		price
	})));

	let catalog = node.rpc("csop_catalog", json!([]));
	let angel_items = &catalog.as_array().unwrap()[..2];
	assert_eq!(angel_items[0]["eligibility"]["entitlement"], "LidarUpgrade");
	assert_eq!(angel_items[1]["eligibility"]["entitlement"], "BatteryUpgrade");
	assert!(angel_items[1]["name"].as_str().unwrap().contains("120 kWh"), "{catalog}");
	assert_eq!(
		serde_json::Value::Array(catalog.as_array().unwrap()[2..].to_vec()),
		json!([{
			"id": 2,
			"name": "OTA: sport mode",
			"category": "OtaSoftware",
			"price": price.to_string(),
			"cashPart": null,
			"stock": 3,
			"perAccountLimit": null,
			"eligibility": {
				"ownersOnly": false,
				"minDaysSinceActivation": 0,
				"model": null,
				"entitlement": null
			},
			"open": true
		}])
	);
	let none = node.rpc("csop_redemptions", json!([address(Bob)]));
	assert_eq!(none["redemptions"], json!([]));

	// An OTA item is installed on a car: Bob names his.
	let car = sp_core::H256::repeat_byte(0x0c);
	submit(
		sudo(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: car,
			device_key: csop_primitives::DeviceKey::Ed25519(sp_core::ed25519::Public::from_raw(
				[0x0c; 32],
			)),
			model: 1,
			activated_at_ms: 0,
			owner: Bob.to_account_id(),
			angel_number: None,
		})),
		Alice,
	);
	let redeemed = submit(
		RuntimeCall::Redemptions(pallet_redemptions::Call::redeem { item: 2, vehicle: Some(car) }),
		Bob,
	);
	assert!(redeemed.contains(&RuntimeEvent::Redemptions(pallet_redemptions::Event::Redeemed {
		redemption: 0,
		who: Bob.to_account_id(),
		item: 2,
		vehicle: Some(car),
		price
	})));

	let pending = node.rpc("csop_redemptions", json!([address(Bob)]));
	assert_eq!(pending["account"], address(Bob));
	assert_eq!(
		pending["redemptions"],
		json!([{
			"id": 0, "item": 2, "price": price.to_string(), "status": "Pending",
			"vehicle": format!("{car:?}"), "entitlement": null,
			"expiresAt": pending["redemptions"][0]["expiresAt"]
		}])
	);
	// Released by the chain if not fulfilled within 30 days.
	let expires_at = pending["redemptions"][0]["expiresAt"].as_u64().unwrap();
	assert!(expires_at >= node.best_number() as u64 + 30 * 24 * 1200 - 10, "{pending}");
	assert_eq!(node.rpc("csop_catalog", json!([]))[2]["stock"], 2);
	// Bob's wallet view counts the pending redemption and the stones on hold for it.
	let wallet = node.rpc("csop_account", json!([address(Bob)]));
	assert_eq!(
		wallet["redemptions"],
		json!({
			"pending": 1, "fulfilled": 0, "rejected": 0, "cancelled": 0, "expired": 0,
			"onHold": price.to_string()
		})
	);
	assert_eq!(wallet["stones"], csop_runtime::genesis_config_presets::DEV_ENDOWMENT.to_string());

	let fulfilled = submit(
		sudo(RuntimeCall::Redemptions(pallet_redemptions::Call::fulfil { redemption: 0 })),
		Alice,
	);
	assert!(fulfilled.contains(&RuntimeEvent::Redemptions(pallet_redemptions::Event::Fulfilled {
		redemption: 0,
		who: Bob.to_account_id(),
		price
	})));

	let supply = node.rpc("csop_supply", json!([]));
	assert_eq!(supply["burned"], price.to_string());
	let done = node.rpc("csop_redemptions", json!([address(Bob)]));
	assert_eq!(done["redemptions"][0]["status"], "Fulfilled");
	let wallet = node.rpc("csop_account", json!([address(Bob)]));
	assert_eq!(
		wallet["redemptions"],
		json!({
			"pending": 0, "fulfilled": 1, "rejected": 0, "cancelled": 0, "expired": 0, "onHold": "0"
		})
	);
	let e = node.rpc_error("csop_redemptions", json!(["0x1234"]));
	assert_eq!(e.code, -32602, "{e:?}");
	assert!(e.message.contains("expected an SS58 address"), "{e:?}");
	let share = node.rpc("csop_equityShare", json!([address(Bob)]));
	assert_eq!(
		share["stones"],
		(csop_runtime::genesis_config_presets::DEV_ENDOWMENT - price).to_string()
	);
}

/// Issue #22 (6): node authorization restricts peers only where the offchain worker runs. A
/// full node that is not an authority, started with default flags, runs it too: once it has
/// imported a block it admits only the chain's authorised nodes (its reserved peers). And
/// `--offchain-worker never` is refused.
#[test]
fn a_non_authority_node_with_default_flags_applies_node_authorization() {
	let dir = TempDir::new("node-auth");
	// The `local` chain authorises the nodes of the development node keys 0x00..01–04.
	let key = |i: u8| format!("{}{i}", "0".repeat(63));
	for sub in ["a", "b"] {
		std::fs::create_dir_all(dir.path().join(sub)).unwrap();
	}
	let authority = Node::start(
		&dir.path().join("a"),
		"authority",
		&["--chain", "local", "--alice", "--node-key", &key(1)],
	);
	let address = authority.listen_address();
	let full = Node::start(
		&dir.path().join("b"),
		"full",
		&["--chain", "local", "--node-key", &key(2), "--bootnodes", &address],
	);
	full.wait_until("the full node imports a block", Duration::from_secs(120), |n| {
		n.best_number() >= 1
	});
	full.wait_until("the full node applies the authorised nodes", Duration::from_secs(30), |n| {
		n.rpc("system_reservedPeers", json!([]))
			.as_array()
			.is_some_and(|p| !p.is_empty())
	});
	let reserved = full.rpc("system_reservedPeers", json!([]));
	let authority_peer = authority.rpc("system_localPeerId", json!([]));
	assert!(reserved.as_array().unwrap().contains(&authority_peer), "{reserved}");

	let never = std::process::Command::new(env!("CARGO_BIN_EXE_csop-node"))
		.args(["--dev", "--tmp", "--offchain-worker", "never"])
		.output()
		.unwrap();
	let err = String::from_utf8_lossy(&never.stderr);
	assert!(!never.status.success());
	assert!(err.contains("--offchain-worker never"), "{err}");
}

/// Node authorization holds from a node's first moment, not from its first offchain worker
/// run (which needs a newly imported block): an authorised node restarted as a full node while
/// nobody authors holds blocks but imports none, and still admits only the chain's authorised
/// nodes, read from its state at start; a node the chain has not authorised never syncs.
#[test]
fn a_node_applies_node_authorization_from_its_start() {
	let dir = TempDir::new("node-auth-start");
	let key = |i: u8| format!("{}{i}", "0".repeat(63));
	for sub in ["a", "b", "c"] {
		std::fs::create_dir_all(dir.path().join(sub)).unwrap();
	}
	// Alice authors a few blocks of the `local` chain on the authorised node of key 0x…01,
	// with the authorised node 0x…02 as her peer (BABE does not author without one).
	{
		let alice = Node::start(
			&dir.path().join("a"),
			"alice",
			&["--chain", "local", "--alice", "--node-key", &key(1)],
		);
		let address = alice.listen_address();
		let _peer = Node::start(
			&dir.path().join("c"),
			"peer",
			&["--chain", "local", "--node-key", &key(2), "--bootnodes", &address],
		);
		alice.wait_until("blocks", Duration::from_secs(120), |n| n.best_number() >= 3);
	}
	// Restarted without Alice's keys: it holds the blocks and imports none.
	let holder =
		Node::start(&dir.path().join("a"), "holder", &["--chain", "local", "--node-key", &key(1)]);
	let held = holder.best_number();
	assert!(held >= 3);
	let address = holder.listen_address();
	let intruder = Node::start(
		&dir.path().join("b"),
		"intruder",
		&["--chain", "local", "--node-key", &key(9), "--bootnodes", &address],
	);
	std::thread::sleep(Duration::from_secs(15));
	assert_eq!(intruder.best_number(), 0, "{}", intruder.log_tail());
	assert_eq!(holder.rpc("system_peers", json!([])), json!([]), "{}", holder.log_tail());
	// The holder took its authorised peers from its state, not from an offchain worker run.
	assert_eq!(holder.best_number(), held, "no block imported");
	let reserved = holder.rpc("system_reservedPeers", json!([]));
	let reserved: Vec<&str> =
		reserved.as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
	assert_eq!(reserved.len(), 3, "the other authorised nodes of `local`: {reserved:?}");
	let intruder_peer = intruder.rpc("system_localPeerId", json!([]));
	assert!(!reserved.contains(&intruder_peer.as_str().unwrap()));
}
