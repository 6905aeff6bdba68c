//! Real wallet clients, unmodified, against the running node: polkadot.js (`@polkadot/api` from
//! npm) and py-substrate-interface (from PyPI), installed by `scripts/install-wallet-clients.sh`,
//! and subxt (Rust: `wallet-examples/rust`, a project of its own that the test builds).
//!
//! Each example in `wallet-examples/` prints one JSON line; this test runs them one after the
//! other (they sign as Alice and Bob, so not in parallel) and checks their claims against the
//! node itself:
//! - `wallet.mjs` / `wallet.py`: read `csop_supply`, an equity share and `System.Account`, sign and
//!   submit a remark, watch it finalise and decode its events; build every call of the chain's own
//!   pallets from the metadata alone and decode it back;
//! - `report.mjs` / `report.py`: register a vehicle (Alice, the registrar), grant consent (Bob),
//!   then submit a feeless device-signed mileage report built byte by byte as a telematics gateway
//!   would, and see a bad signature (1010, `Custom error: 4`) and a replay (`Custom error: 5`)
//!   refused;
//! - `rust` (`csop-wallet-example`, subxt): reads `System.Account`, the `StonesApi_supply` runtime
//!   API and `csop_supply`, signs a remark with subxt's defaults and gets a failing call's named
//!   error (on a node of its own, so in parallel with the others).

use std::{
	path::{Path, PathBuf},
	process::Command,
	time::Instant,
};

use crate::harness::*;
use serde_json::{json, Value};

fn root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs a preparation step (`what`) that must succeed; its standard output.
fn prepare(what: &str, command: &mut Command) -> Vec<u8> {
	let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
	assert!(out.status.success(), "{what} failed:\n{}", String::from_utf8_lossy(&out.stderr));
	out.stdout
}

/// Installs the clients; returns the Python interpreter of their virtualenv.
fn install() -> String {
	let out = prepare(
		"installing the wallet clients",
		&mut Command::new(root().join("scripts/install-wallet-clients.sh")),
	);
	String::from_utf8_lossy(&out)
		.lines()
		.last()
		.expect("the python path")
		.trim()
		.to_owned()
}

/// Runs one example against the node (`program wallet-examples/<script> URL`, or `program URL`
/// for a compiled one); returns its JSON line.
fn run(program: &str, script: Option<&str>, node: &Node) -> Value {
	let start = Instant::now();
	let mut command = Command::new(program);
	command.args(script.map(|s| root().join("wallet-examples").join(s)));
	let script = script.unwrap_or(program);
	let out = command
		.arg(format!("ws://127.0.0.1:{}", node.rpc_port))
		.output()
		.unwrap_or_else(|e| panic!("{script}: {e}"));
	let stdout = String::from_utf8_lossy(&out.stdout);
	assert!(
		out.status.success(),
		"{script} failed ({}):\nstdout: {stdout}\nstderr: {}\nnode log:\n{}",
		out.status,
		String::from_utf8_lossy(&out.stderr),
		node.log_tail()
	);
	let line = stdout.lines().last().unwrap_or_default();
	let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{script}: {e}: {line}"));
	assert_eq!(v["ok"], true, "{script}: {v}");
	println!("{script}: ok in {:.1} s", start.elapsed().as_secs_f64());
	v
}

/// The block `hash` holds the extrinsic whose hash is `xt_hash` and is finalised.
fn finalised_with(node: &Node, hash: &str, xt_hash: &str) {
	let block = node.rpc("chain_getBlock", json!([hash]));
	let xts = block["block"]["extrinsics"].as_array().unwrap();
	let hash_of =
		|x: &Value| to_hex(&sp_crypto_hashing::blake2_256(&from_hex(x.as_str().unwrap())));
	assert!(xts.iter().any(|x| hash_of(x) == xt_hash), "{xt_hash} not in block {hash}");
	let number = header_number(&block["block"]["header"]);
	node.wait_finalized(number);
	assert_eq!(node.block_hash(number).as_deref(), Some(hash), "{hash} is on the best chain");
}

fn check_wallet(node: &Node, v: &Value) {
	let supply = node.rpc("csop_supply", json!([]));
	assert_eq!(v["supply"]["maxSupply"], supply["maxSupply"], "{v}");
	assert_eq!(v["supply"]["pools"][0]["cap"], supply["pools"][0]["cap"], "{v}");
	let remark = &v["remark"];
	finalised_with(
		node,
		remark["finalizedIn"].as_str().unwrap(),
		remark["extrinsic"].as_str().unwrap(),
	);
	let events: Vec<String> = v["events"]
		.as_array()
		.unwrap()
		.iter()
		.map(|e| e.as_str().unwrap().to_lowercase())
		.collect();
	assert!(events.contains(&"system.remarked".into()), "{v}");
	assert!(events.contains(&"system.extrinsicsuccess".into()), "{v}");
	// Every call of the chain's own pallets was built from metadata and decoded back.
	for (pallet, calls) in [
		("Stones", 3),
		("Vehicles", 6),
		("MileageMining", 4),
		("Crystals", 2),
		("MineBoxes", 5),
		("Redemptions", 6),
		("Consortium", 6),
		("ValidatorSet", 2),
	] {
		assert!(v["calls"][pallet].as_u64() >= Some(calls), "{pallet}: {v}");
	}
}

fn check_report(node: &Node, v: &Value) {
	// The hand-built general extrinsic is in the block the client saw, with the report.
	let block = node.rpc("chain_getBlock", json!([v["inBlock"]]));
	let index = v["index"].as_u64().unwrap() as usize;
	assert_eq!(block["block"]["extrinsics"][index], v["extrinsic"], "{v}");
	// Format version 5, general (0x45), after the length prefix.
	let bytes = from_hex(v["extrinsic"].as_str().unwrap());
	assert!(bytes.iter().skip(1).take(2).any(|b| *b == 0x45), "{v}");
	let mining = node.rpc("csop_vehicleMining", json!([v["vehicle"], v["inBlock"]]));
	assert_eq!(mining["lastSeq"], 1, "{mining}");
	// (polkadot.js names fields in camelCase, substrate-interface as the runtime does.)
	let odometer = if v["report"]["odometerM"].is_null() {
		&v["report"]["odometer_m"]
	} else {
		&v["report"]["odometerM"]
	};
	assert_eq!(&mining["lastOdometerM"], odometer, "{mining}");
	let vehicle = node.rpc("csop_vehicle", json!([v["vehicle"]]));
	assert_eq!(vehicle["owner"], address(sp_keyring::Sr25519Keyring::Bob), "{vehicle}");
	assert!(vehicle["consent"].is_object(), "{vehicle}");
	assert_eq!(v["badSignature"], json!({ "code": 1010, "data": "Custom error: 4" }), "{v}");
	assert_eq!(v["replay"], json!({ "code": 1010, "data": "Custom error: 5" }), "{v}");
}

#[test]
fn polkadot_js_and_py_substrate_interface_work_unmodified() {
	let python = install();
	let dir = TempDir::new("wallet-clients");
	let node = Node::start_dev(dir.path(), "clients");
	node.wait_finalized(1);

	let v = run("node", Some("js/wallet.mjs"), &node);
	check_wallet(&node, &v);
	let v = run(&python, Some("python/wallet.py"), &node);
	check_wallet(&node, &v);
	let v = run("node", Some("js/report.mjs"), &node);
	check_report(&node, &v);
	assert_eq!(v["deviceKey"]["scheme"], "p256", "the JS gateway signs as a secure element does");
	let vehicle = node.rpc("csop_vehicle", json!([v["vehicle"]]));
	assert_eq!(vehicle["deviceKey"], v["deviceKey"], "the chain holds the compressed P-256 key");
	let v = run(&python, Some("python/report.py"), &node);
	check_report(&node, &v);
}

/// The Rust wallet (`wallet-examples/rust`, subxt 0.50, dynamic API: no code generated from our
/// metadata), built as its own project: it reads `System.Account` and the `StonesApi_supply`
/// runtime API, calls `csop_supply` raw, signs and submits a remark as Bob with the default
/// transaction parameters, waits for finality and decodes its events; a call that fails in
/// dispatch comes back as the pallet's named error.
#[test]
fn subxt_reads_and_submits_from_metadata_alone() {
	let wallet = build_rust_wallet();
	let dir = TempDir::new("subxt");
	let node = Node::start_dev(dir.path(), "subxt");
	node.wait_finalized(1);
	let v = run(&wallet, None, &node);

	let alice = node.rpc("csop_account", json!([address(sp_keyring::Sr25519Keyring::Alice)]));
	assert_eq!(
		v["alice"]["free"].as_str(),
		Some(csop_runtime::genesis_config_presets::DEV_ENDOWMENT.to_string().as_str()),
		"{v}\n{alice}"
	);
	// subxt's decoding of the runtime API agrees with the node's JSON method, both with the cap.
	let supply = node.rpc("csop_supply", json!([]));
	assert_eq!(v["supply"]["maxSupply"], supply["maxSupply"], "{v}");
	assert_eq!(v["supply"]["rpc"]["maxSupply"], supply["maxSupply"], "{v}");
	assert_eq!(supply["maxSupply"].as_str(), Some(csop_runtime::MAX_SUPPLY.to_string().as_str()));
	let remark = &v["remark"];
	finalised_with(
		&node,
		remark["finalizedIn"].as_str().unwrap(),
		remark["extrinsic"].as_str().unwrap(),
	);
	let events: Vec<&str> =
		v["events"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
	assert!(events.contains(&"System.Remarked"), "{v}");
	assert!(events.contains(&"System.ExtrinsicSuccess"), "{v}");
	assert_eq!(v["buyBoxError"], "MineBoxes.InsufficientCrystals", "{v}");
}

/// Builds `wallet-examples/rust` as a wallet author would, with its own Cargo.lock, in a target
/// dir of its own beside this build's (a separate build: its dependencies do not change the
/// features the node is built with); the path of its binary.
fn build_rust_wallet() -> String {
	let node_bin = Path::new(env!("CARGO_BIN_EXE_csop-node"));
	// <target>/debug/csop-node -> <target>/wallet-examples
	let target = node_bin.parent().and_then(Path::parent).unwrap().join("wallet-examples");
	prepare(
		"building wallet-examples/rust",
		Command::new(option_env!("CARGO").unwrap_or("cargo"))
			.args(["build", "--locked", "--manifest-path"])
			.arg(root().join("wallet-examples/rust/Cargo.toml"))
			.arg("--target-dir")
			.arg(&target),
	);
	target.join("debug/csop-wallet-example").to_string_lossy().into_owned()
}
