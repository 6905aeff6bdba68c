//! docs/wallets.md is executed: every JSON-RPC request example in it is sent to a running
//! development node, and the answer must have the documented shape.
//!
//! The node is first brought to the state the examples describe (a vehicle registered to Bob
//! that has reported, a catalog item Bob redeemed, crystals Bob spent on a box). Then,
//! for each ```json request block followed by a ```json response block:
//! - objects must have exactly the documented keys, recursively, with values of the documented JSON
//!   types (`null` documents `null`);
//! - a documented non-empty array must be non-empty, and each element must have the shape of one of
//!   the documented elements; a documented empty array must be empty;
//! - errors must match the documented `code` and `message` exactly.
//!
//! Every `csop_*` method the node serves (`rpc_methods`) must have an executed example.

use std::{collections::BTreeSet, time::Duration};

use crate::harness::*;
use codec::Encode;
use csop_client::{
	keys::{DeviceKey, Scheme},
	vehicle::{report_extrinsic, SimVehicle},
};
use csop_runtime::{RuntimeCall, UncheckedExtrinsic};
use serde_json::{json, Value};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{Alice, Bob};

/// The car of the examples: VIN `WDOCS000000000001` salted with the simulator's salt, device
/// key sr25519 `//doc-car`.
fn doc_car() -> SimVehicle {
	let key = DeviceKey::from_suri(Scheme::Sr25519, "//doc-car").unwrap();
	SimVehicle::new("WDOCS000000000001", key)
}

/// A ```json block of the document: the line it starts on and its text.
fn json_blocks(doc: &str) -> Vec<(usize, String)> {
	let mut blocks = Vec::new();
	let mut current: Option<(usize, String)> = None;
	for (i, line) in doc.lines().enumerate() {
		match (&mut current, line.trim_end()) {
			(None, "```json") => current = Some((i + 1, String::new())),
			(Some(_), "```") => blocks.push(current.take().unwrap()),
			(Some((_, text)), l) => {
				text.push_str(l);
				text.push('\n');
			},
			_ => {},
		}
	}
	blocks
}

/// `(line, request, documented response)` for every request example.
fn examples(doc: &str) -> Vec<(usize, Value, Value)> {
	let parsed: Vec<(usize, Value)> = json_blocks(doc)
		.into_iter()
		.map(|(line, text)| {
			let value = serde_json::from_str(&text).unwrap_or_else(|e| {
				panic!("docs/wallets.md:{line}: a ```json block is not JSON ({e}):\n{text}")
			});
			(line, value)
		})
		.collect();
	let mut out = Vec::new();
	for (i, (line, block)) in parsed.iter().enumerate() {
		if block.get("method").is_none() {
			continue;
		}
		let (_, response) = parsed
			.get(i + 1)
			.filter(|(_, r)| r.get("jsonrpc").is_some() && r.get("method").is_none())
			.unwrap_or_else(|| {
				panic!("docs/wallets.md:{line}: a request must be followed by its response")
			});
		out.push((*line, block.clone(), response.clone()));
	}
	out
}

/// Whether `actual` has the shape `doc` documents; the first difference otherwise.
fn same_shape(doc: &Value, actual: &Value, path: &str) -> Result<(), String> {
	let differs = || Err(format!("{path}: documented {doc}, got {actual}"));
	match (doc, actual) {
		(Value::Null, Value::Null)
		| (Value::Bool(_), Value::Bool(_))
		| (Value::Number(_), Value::Number(_))
		| (Value::String(_), Value::String(_)) => Ok(()),
		(Value::Object(d), Value::Object(a)) => {
			let (dk, ak): (BTreeSet<_>, BTreeSet<_>) = (d.keys().collect(), a.keys().collect());
			if dk != ak {
				return Err(format!("{path}: documented keys {dk:?}, got {ak:?} in {actual}"));
			}
			d.iter().try_for_each(|(k, v)| same_shape(v, &a[k], &format!("{path}.{k}")))
		},
		(Value::Array(d), Value::Array(a)) => {
			if d.is_empty() != a.is_empty() {
				return differs();
			}
			for (i, element) in a.iter().enumerate() {
				let path = format!("{path}[{i}]");
				let tries: Vec<_> = d.iter().map(|d| same_shape(d, element, &path)).collect();
				if !tries.iter().any(Result::is_ok) {
					return tries.into_iter().find(Result::is_err).unwrap();
				}
			}
			Ok(())
		},
		_ => differs(),
	}
}

/// Submits `xts` together and waits until all of them are in blocks.
fn submit_all(node: &Node, xts: &[UncheckedExtrinsic]) {
	let from = node.best_number();
	let hexes: Vec<String> = xts.iter().map(|xt| to_hex(&xt.encode())).collect();
	for xt in &hexes {
		node.rpc("author_submitExtrinsic", json!([xt]));
	}
	for xt in &hexes {
		let (_, hash, index) = wait_inclusion(node, xt, from, Duration::from_secs(60));
		let failed = events_at(node, &hash).into_iter().any(|r| {
			r.phase == frame_system::Phase::ApplyExtrinsic(index as u32)
				&& matches!(
					r.event,
					csop_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. })
				)
		});
		assert!(!failed, "setup extrinsic failed: {:?}", events_at(node, &hash));
	}
}

/// Brings the node to the state the examples describe.
fn prepare(node: &Node) {
	use pallet_redemptions::{Category, Eligibility, ItemDetails};
	let mut car = doc_car();
	let chain = Chain::new(node);
	let now = now_ms();
	// Alice is the dev chain's registrar, catalog manager and activity oracle.
	submit_all(
		node,
		&chain.signed_all(
			&Alice.pair(),
			vec![
				RuntimeCall::Vehicles(pallet_vehicles::Call::register {
					vehicle: car.id,
					device_key: car.key.public(),
					model: 1,
					activated_at_ms: now - 86_400_000,
					owner: Bob.to_account_id(),
					// Bob bought the car in the angel round, in place 1.
					angel_number: Some(1),
				}),
				RuntimeCall::Redemptions(pallet_redemptions::Call::list_item {
					details: ItemDetails {
						name: b"OTA: sport mode".to_vec(),
						category: Category::OtaSoftware,
						price: 100 * csop_runtime::STONE,
						cash_part: None,
						stock: Some(3),
						per_account_limit: None,
						eligibility: Eligibility::default(),
						open: true,
					},
				}),
				RuntimeCall::Crystals(pallet_crystals::Call::award {
					who: Bob.to_account_id().into(),
					activity: pallet_crystals::Activity::SignUp,
					occurred_at_ms: now - 1_000,
					reference: H256::repeat_byte(1),
				}),
				RuntimeCall::Crystals(pallet_crystals::Call::award {
					who: Bob.to_account_id().into(),
					activity: pallet_crystals::Activity::Post,
					occurred_at_ms: now - 1_000,
					reference: H256::repeat_byte(2),
				}),
			],
		),
	);
	// Bob consents to his car's data use, redeems the item and buys a starter box.
	submit_all(
		node,
		&chain.signed_all(
			&Bob.pair(),
			vec![
				RuntimeCall::Vehicles(pallet_vehicles::Call::grant_consent {
					vehicle: car.id,
					expires_at_ms: None,
				}),
				// Items 0 and 1 are the angel round's, listed at genesis.
				RuntimeCall::Redemptions(pallet_redemptions::Call::redeem {
					item: 2,
					vehicle: Some(car.id),
				}),
				RuntimeCall::MineBoxes(pallet_mine_boxes::Call::buy_box { box_type: 0 }),
			],
		),
	);
	// The car reports 1.5 km. (The box stays unrevealed: a revealed box's treasure is random,
	// its format is shown but not executed in the docs; the cultivation e2e test checks it.)
	let report = car.drive_and_report(node.genesis_hash(), 1_500, now_ms());
	submit_all(node, &[report_extrinsic(report)]);
}

#[test]
fn every_request_example_in_the_wallet_docs_runs_and_answers_as_documented() {
	let doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/wallets.md");
	let doc = std::fs::read_to_string(doc_path).unwrap();
	let examples = examples(&doc);
	assert!(!examples.is_empty());

	let dir = TempDir::new("wallet-docs");
	let node = Node::start_dev(dir.path(), "docs");
	node.wait_finalized(1);
	prepare(&node);

	let mut failures = Vec::new();
	let mut documented = BTreeSet::new();
	for (line, request, response) in &examples {
		let method = request["method"].as_str().unwrap().to_owned();
		documented.insert(method.clone());
		let actual = match node.try_rpc(&method, request["params"].clone()) {
			Ok(result) => json!({ "jsonrpc": "2.0", "id": request["id"], "result": result }),
			Err(Some(e)) => json!({
				"jsonrpc": "2.0", "id": request["id"],
				"error": { "code": e.code, "message": e.message },
			}),
			Err(None) => panic!("docs/wallets.md:{line}: {method}: no answer"),
		};
		let check = if response.get("error").is_some() {
			// Errors are documented exactly (code and message).
			if response["error"] == actual["error"] {
				Ok(())
			} else {
				Err(format!("documented {}, got {}", response["error"], actual["error"]))
			}
		} else {
			same_shape(response, &actual, "answer")
		};
		match check {
			Ok(()) => println!("docs/wallets.md:{line}: {method} ok"),
			Err(e) => failures
				.push(format!("docs/wallets.md:{line}: {method}: {e}\n  actual answer: {actual}")),
		}
	}
	assert!(failures.is_empty(), "{} example(s) differ:\n{}", failures.len(), failures.join("\n"));

	// Every csop_* method the node serves has an executed example.
	let served: BTreeSet<String> = node.rpc("rpc_methods", json!([]))["methods"]
		.as_array()
		.unwrap()
		.iter()
		.filter_map(|m| m.as_str())
		.filter(|m| m.starts_with("csop_"))
		.map(str::to_owned)
		.collect();
	let missing: Vec<_> = served.difference(&documented).collect();
	assert!(
		missing.is_empty(),
		"csop_* methods without an example in docs/wallets.md: {missing:?}"
	);
}

#[test]
fn the_shape_check_catches_differences() {
	let doc = json!({"a": "1", "b": [{"k": 1}], "c": null, "d": []});
	assert!(same_shape(
		&doc,
		&json!({"a": "2", "b": [{"k": 5}, {"k": 6}], "c": null, "d": []}),
		"x"
	)
	.is_ok());
	for bad in [
		json!({"a": 2, "b": [{"k": 1}], "c": null, "d": []}),
		json!({"a": "1", "b": [], "c": null, "d": []}),
		json!({"a": "1", "b": [{"k": "1"}], "c": null, "d": []}),
		json!({"a": "1", "b": [{"k": 1}], "c": 3, "d": []}),
		json!({"a": "1", "b": [{"k": 1}], "c": null, "d": [1]}),
		json!({"a": "1", "b": [{"k": 1, "z": 0}], "c": null, "d": []}),
		json!({"a": "1", "b": [{"k": 1}], "c": null}),
	] {
		assert!(same_shape(&doc, &bad, "x").is_err(), "{bad}");
	}
}

/// The documented drop tables are whole: each box type's `drops`, and a type's odds `entries`,
/// add up to 1,000,000 ppm (a reader checks the odds with them). Needs no node.
#[test]
fn documented_drop_tables_add_up_to_a_million_ppm() {
	fn tables<'a>(value: &'a Value, found: &mut Vec<(&'a str, &'a Vec<Value>)>) {
		match value {
			Value::Object(map) => {
				for (key, v) in map {
					match v.as_array() {
						Some(list)
							if ["drops", "entries"].contains(&key.as_str())
								&& list.iter().all(|e| e.get("ppm").is_some()) =>
						{
							found.push((key, list))
						},
						_ => tables(v, found),
					}
				}
			},
			Value::Array(list) => list.iter().for_each(|v| tables(v, found)),
			_ => {},
		}
	}
	let doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/wallets.md");
	let doc = std::fs::read_to_string(doc_path).unwrap();
	let mut checked = 0;
	for (line, text) in json_blocks(&doc) {
		let value: Value = serde_json::from_str(&text).unwrap();
		let mut found = Vec::new();
		tables(&value, &mut found);
		for (key, list) in found {
			let sum: u64 = list.iter().map(|e| e["ppm"].as_u64().unwrap()).sum();
			assert_eq!(sum, 1_000_000, "docs/wallets.md:{line}: `{key}` adds up to {sum} ppm");
			checked += 1;
		}
	}
	assert!(checked >= 3, "only {checked} drop tables found in docs/wallets.md");
}
