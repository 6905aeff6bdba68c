//! Genesis presets. The node's chain specs are built from these (`--dev`, `--chain local`), and
//! `csop-node build-spec` can export them for a real network.
//!
//! - `development`: one validator (Alice), sudo = Alice, well-known accounts endowed (their stones
//!   are issued from the cultivation pool at genesis and count against its cap), and mileage mining
//!   batches of [`DEV_BATCH_PERIOD`] blocks (30 s) instead of 10 minutes, so that rewards show
//!   within a minute.
//! - `local_testnet`: three validators (Alice, Bob, Charlie), sudo = Alice.
//!
//! Both start with the cultivation programme's published rules: crystals per activity and
//! daily caps ([`activity_rules`]), and two mine box types ([`box_types`]).

use crate::{
	AccountId, CrystalsConfig, MineBoxesConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	StonesConfig, SudoConfig, BABE_GENESIS_EPOCH_CONFIG, STONE,
};
use alloc::{vec, vec::Vec};
use csop_primitives::Pool;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Stones issued at genesis to each well-known development account (from the cultivation
/// pool, counted against its cap), so that it exists on chain and can sign transactions from
/// block 1. Development and test chains only.
pub const DEV_ENDOWMENT: crate::Balance = 1_000 * STONE;

/// Blocks per mileage-mining batch on development chains (30 seconds; production: 200 blocks,
/// 10 minutes).
pub const DEV_BATCH_PERIOD: u32 = 10;

/// A validator at genesis: its account (also its validator id) and its session keys.
pub struct GenesisValidator {
	pub account: AccountId,
	pub babe: BabeId,
	pub grandpa: GrandpaId,
}

impl GenesisValidator {
	/// A validator from the well-known development keyring (`//Alice`, `//Bob`, ...).
	pub fn from_keyring(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self { account: sr.to_account_id(), babe: sr.public().into(), grandpa: ed.public().into() }
	}
}

/// The activity rules every preset starts with (governance changes them later): crystals per
/// award, awards per account per day, and awards per account ever.
pub fn activity_rules() -> Vec<(pallet_crystals::Activity, pallet_crystals::ActivityRule)> {
	use pallet_crystals::{Activity::*, ActivityRule};
	let rule =
		|crystals, daily_cap, lifetime_cap| ActivityRule { crystals, daily_cap, lifetime_cap };
	vec![
		(SignUp, rule(100, 1, Some(1))),
		(DailyCheckIn, rule(10, 1, None)),
		(Post, rule(20, 3, None)),
		(CoCreation, rule(200, 1, None)),
		(EventAttendance, rule(50, 2, None)),
		(FeatureUse, rule(5, 5, None)),
		(Referral, rule(100, 5, None)),
	]
}

/// The mine box types every preset starts with (governance adds and closes types later):
///
/// - 0 "Starter box", 100 crystals, 200 a day, 5 a day per account, pity after 30 draws: 60% an OTA
///   feature trial (right 1), 25% 30 crystals, 10% 10 stones, 4% 100 stones (rare), 1% a lidar
///   upgrade voucher (right 2, rare); non-owners get 150 crystals instead of stones.
/// - 1 "Service box", 20 crystals, no limits: 70% 10 crystals, 30% a car wash voucher (right 3).
pub fn box_types() -> Vec<pallet_mine_boxes::BoxTypeDetails<crate::Balance>> {
	use pallet_mine_boxes::{BoxType, Drop, Treasure};
	let entry = |treasure, ppm, rare| Drop { treasure, ppm, rare };
	vec![
		BoxType {
			name: b"Starter box".to_vec(),
			price: 100,
			drops: vec![
				entry(Treasure::Right { right: 1, quantity: 1 }, 600_000, false),
				entry(Treasure::Crystals(30), 250_000, false),
				entry(Treasure::Stones(10 * STONE), 100_000, false),
				entry(Treasure::Stones(100 * STONE), 40_000, true),
				entry(Treasure::Right { right: 2, quantity: 1 }, 10_000, true),
			],
			fallback: Some(Treasure::Crystals(150)),
			daily_supply: Some(200),
			per_account_daily: Some(5),
			pity: Some(30),
			open: true,
		},
		BoxType {
			name: b"Service box".to_vec(),
			price: 20,
			drops: vec![
				entry(Treasure::Crystals(10), 700_000, false),
				entry(Treasure::Right { right: 3, quantity: 1 }, 300_000, false),
			],
			fallback: None,
			daily_supply: None,
			per_account_daily: None,
			pity: None,
			open: true,
		},
	]
}

/// Builds a genesis config patch from its parts.
pub fn testnet_genesis(
	validators: Vec<GenesisValidator>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		stones: StonesConfig {
			issued: endowed_accounts
				.iter()
				.cloned()
				.map(|account| (Pool::Cultivation, account, DEV_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		babe: pallet_babe::GenesisConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|v| {
					(v.account.clone(), v.account, SessionKeys { babe: v.babe, grandpa: v.grandpa })
				})
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: root },
		crystals: CrystalsConfig { rules: activity_rules() },
		mine_boxes: MineBoxesConfig { box_types: box_types() },
	})
}

/// The well-known development accounts that get an endowment.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

/// `development`: a single validator chain for local work, with short mining batches.
pub fn development_config_genesis() -> Value {
	let mut patch = testnet_genesis(
		vec![GenesisValidator::from_keyring(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	);
	patch["mileageMining"] = serde_json::json!({ "batchPeriod": DEV_BATCH_PERIOD });
	patch
}

/// `local_testnet`: three validators on one machine or a LAN.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		vec![
			GenesisValidator::from_keyring(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			GenesisValidator::from_keyring(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			GenesisValidator::from_keyring(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// Provides the JSON representation of the predefined genesis config for a given `id`.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	// Serialising a `serde_json::Value` cannot fail; `ok()` keeps this path panic-free anyway.
	serde_json::to_vec(&patch).ok()
}

/// List of supported presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
