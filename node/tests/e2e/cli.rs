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
