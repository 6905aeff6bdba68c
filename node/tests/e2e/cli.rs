//! The node's subcommands, as an operator uses them: chain specs exported, edited and loaded
//! from a file, keys generated.

use std::process::Command;

use serde_json::Value;

fn csop_node(args: &[&str]) -> (bool, String, String) {
	let out = Command::new(env!("CARGO_BIN_EXE_csop-node")).args(args).output().unwrap();
	(
		out.status.success(),
		String::from_utf8_lossy(&out.stdout).into_owned(),
		String::from_utf8_lossy(&out.stderr).into_owned(),
	)
}

fn scratch(name: &str) -> std::path::PathBuf {
	let dir = std::env::temp_dir().join(format!("csop-cli-{}-{name}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	dir
}

/// `export-chain-spec --chain local` gives the 4-validator preset; that file loads back with
/// `--chain PATH` and converts to the raw form nodes of one network share.
#[test]
fn local_chain_spec_exports_and_loads_from_a_file() {
	let (ok, spec, err) = csop_node(&["export-chain-spec", "--chain", "local"]);
	assert!(ok, "{err}");
	let json: Value = serde_json::from_str(&spec).unwrap();
	assert_eq!(json["id"], "csop_local_testnet");
	assert_eq!(json["properties"]["tokenSymbol"], "STONE");
	assert_eq!(json["properties"]["tokenDecimals"], 12);
	let patch = &json["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(patch["session"]["keys"].as_array().map(Vec::len), Some(4), "{patch}");
	assert_eq!(patch["consortiumMembership"]["members"].as_array().map(Vec::len), Some(4));

	let dir = scratch("spec");
	let path = dir.join("local.json");
	std::fs::write(&path, &spec).unwrap();
	let (ok, raw, err) = csop_node(&["build-spec", "--chain", path.to_str().unwrap(), "--raw"]);
	assert!(ok, "{err}");
	let raw: Value = serde_json::from_str(&raw).unwrap();
	assert_eq!(raw["id"], "csop_local_testnet");
	assert!(raw["genesis"]["raw"]["top"].as_object().is_some_and(|top| !top.is_empty()));
	std::fs::remove_dir_all(dir).unwrap();
}

/// `--chain production` has no sudo key and issues no stones at genesis.
#[test]
fn production_chain_spec_has_no_sudo_and_no_endowments() {
	let (ok, spec, err) = csop_node(&["export-chain-spec", "--chain", "production"]);
	assert!(ok, "{err}");
	let json: Value = serde_json::from_str(&spec).unwrap();
	assert_eq!(json["chainType"], "Live");
	let patch = &json["genesis"]["runtimeGenesis"]["patch"];
	assert!(patch["sudo"]["key"].is_null(), "{}", patch["sudo"]);
	assert_eq!(patch["stones"]["issued"].as_array().map(Vec::len).unwrap_or(0), 0);
	assert_eq!(patch["validatorSet"]["validators"].as_array().map(Vec::len), Some(4));
}

/// A chain spec path that does not exist is refused with a clear error, not a panic.
#[test]
fn missing_chain_spec_file_is_a_clear_error() {
	let (ok, _, err) = csop_node(&["build-spec", "--chain", "/nonexistent/spec.json"]);
	assert!(!ok);
	assert!(err.contains("/nonexistent/spec.json"), "{err}");
	assert!(!err.contains("panicked"), "{err}");
}

/// `key generate` makes an account key an operator can use.
#[test]
fn key_generate_makes_an_sr25519_account() {
	let (ok, out, err) =
		csop_node(&["key", "generate", "--scheme", "sr25519", "--output-type", "json"]);
	assert!(ok, "{err}");
	let key: Value = serde_json::from_str(&out).unwrap();
	assert_eq!(key["secretPhrase"].as_str().map(|p| p.split(' ').count()), Some(12));
	assert!(key["ss58Address"].as_str().is_some_and(|a| a.starts_with('5')), "{key}");
}

/// Runs `csop-node` with `args` until it logs its JSON-RPC address (`Ok(log)`) or exits
/// (`Err(log)`), at most a minute; the node is killed either way.
fn start_briefly(args: &[&str], log: &std::path::Path) -> Result<String, String> {
	let file = std::fs::File::create(log).unwrap();
	let mut child = Command::new(env!("CARGO_BIN_EXE_csop-node"))
		.args(args)
		.args(["--tmp", "--rpc-port", "0", "--no-prometheus", "--no-telemetry", "--no-mdns"])
		.args(["--listen-addr", "/ip4/127.0.0.1/tcp/0"])
		.stdout(std::process::Stdio::null())
		.stderr(file)
		.spawn()
		.unwrap();
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
	let result = loop {
		let text = std::fs::read_to_string(log).unwrap_or_default();
		if crate::harness::logged_rpc_port(&text).is_some() {
			break Ok(text);
		}
		if child.try_wait().unwrap().is_some() || std::time::Instant::now() > deadline {
			break Err(std::fs::read_to_string(log).unwrap_or_default());
		}
		std::thread::sleep(std::time::Duration::from_millis(200));
	};
	let _ = child.kill();
	let _ = child.wait();
	result
}

/// Issue #22 (6): `--chain production` as shipped names the development keys as placeholders;
/// the node refuses to start it, naming a key. `scripts/production-spec.sh` makes a spec from
/// fresh keys, which starts.
#[test]
fn a_live_chain_with_development_keys_is_refused_and_a_spec_of_own_keys_starts() {
	let dir = scratch("production-spec");
	let refused = start_briefly(&["--chain", "production"], &dir.join("refused.log"));
	let log = refused.expect_err("the node refused to start");
	assert!(log.contains("refusing to start the Live chain"), "{log}");
	assert!(log.contains("development"), "{log}");

	// Two validators with fresh keys, as operators make them.
	let key = |args: &[&str]| -> Value {
		let (ok, out, err) = csop_node(args);
		assert!(ok, "{err}");
		serde_json::from_str(&out).unwrap()
	};
	let mut validators = vec![];
	for i in 0..2 {
		let phrase = key(&["key", "generate", "--output-type", "json"])["secretPhrase"]
			.as_str()
			.unwrap()
			.to_string();
		let account =
			key(&["key", "inspect", "--scheme", "sr25519", "--output-type", "json", &phrase]);
		let grandpa =
			key(&["key", "inspect", "--scheme", "ed25519", "--output-type", "json", &phrase]);
		let node_key = dir.join(format!("node-key-{i}"));
		let (ok, _, err) =
			csop_node(&["key", "generate-node-key", "--file", node_key.to_str().unwrap()]);
		assert!(ok, "{err}");
		let (ok, peer, err) =
			csop_node(&["key", "inspect-node-key", "--file", node_key.to_str().unwrap()]);
		assert!(ok, "{err}");
		validators.push(serde_json::json!({
			"account": account["ss58Address"],
			"grandpa": grandpa["ss58Address"],
			"peerId": peer.trim(),
		}));
	}
	let first = validators[0]["account"].clone();
	let operators = serde_json::json!({
		"validators": validators,
		"roles": {"Registrar": [first], "ActivityOracle": [first], "CatalogManager": [first]},
	});
	let operators_file = dir.join("operators.json");
	std::fs::write(&operators_file, operators.to_string()).unwrap();
	let out_dir = dir.join("spec");
	let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/production-spec.sh");
	let made = Command::new("bash")
		.arg(script)
		.arg(&operators_file)
		.arg(&out_dir)
		.env("CSOP_NODE_BIN", env!("CARGO_BIN_EXE_csop-node"))
		.output()
		.unwrap();
	assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
	let raw = out_dir.join("chain-spec-raw.json");
	let spec: Value =
		serde_json::from_str(&std::fs::read_to_string(out_dir.join("chain-spec.json")).unwrap())
			.unwrap();
	assert_eq!(spec["chainType"], "Live");
	assert!(spec["genesis"]["runtimeGenesis"]["patch"]["sudo"].is_null());
	let started = start_briefly(&["--chain", raw.to_str().unwrap()], &dir.join("started.log"));
	assert!(started.is_ok(), "{}", started.unwrap_err());

	// The script itself refuses a development key.
	let mut with_alice = operators.clone();
	with_alice["roles"]["Registrar"] =
		serde_json::json!([sp_keyring::Sr25519Keyring::Alice.to_account_id().to_string()]);
	std::fs::write(&operators_file, with_alice.to_string()).unwrap();
	let refused = Command::new("bash")
		.arg(script)
		.arg(&operators_file)
		.arg(dir.join("spec-alice"))
		.env("CSOP_NODE_BIN", env!("CARGO_BIN_EXE_csop-node"))
		.output()
		.unwrap();
	assert!(!refused.status.success());
	assert!(String::from_utf8_lossy(&refused.stderr).contains("development key"));
	std::fs::remove_dir_all(dir).unwrap();
}
