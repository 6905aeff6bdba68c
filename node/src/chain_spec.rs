//! Chain specifications. Genesis content comes from the runtime's presets; this file only
//! names the chains and their network properties.

use sc_service::ChainType;

/// A chain spec for CSOP Chain (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token properties wallets read from `system_properties`.
fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), "STONE".into());
	properties.insert("tokenDecimals".into(), csop_runtime::STONE_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	csop_runtime::WASM_BINARY.ok_or_else(|| {
		"Development wasm binary is not available. Build with `./scripts/setup.sh` first \
		 (it installs the wasm toolchain)"
			.to_string()
	})
}

/// `--dev`: one validator (Alice).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("CSOP Development")
		.with_id("csop_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: four validators (Alice, Bob, Charlie, Dave), also the consortium.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("CSOP Local Testnet")
		.with_id("csop_local_testnet")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain production`: the shape of a production network (no sudo, no endowments). Export it
/// with `build-spec --chain production`, replace its placeholder validators, session keys,
/// members and role holders with the consortium's own, then convert it to raw
/// (docs/operators.md).
pub fn production_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("CSOP Chain")
		.with_id("csop")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(
			csop_runtime::genesis_config_presets::PRODUCTION_RUNTIME_PRESET,
		)
		.with_properties(properties())
		.build())
}
