//! Genesis presets. The node's chain specs are built from these (`--dev`, `--chain local`), and
//! `csop-node build-spec` can export them for a real network.
//!
//! - `development`: one validator (Alice), sudo = Alice, well-known accounts endowed (their stones
//!   are issued from the cultivation pool at genesis and count against its cap), and mileage mining
//!   periods of [`DEV_REWARD_PERIOD`] blocks (30 s) instead of 10 minutes, so that rewards show
//!   within a minute. The consortium is Alice, Bob and Charlie; Alice holds every role; the other
//!   well-known accounts are registered users. No node is authorised: a dev node syncs with nobody.
//! - `local_testnet`: four validators (Alice, Bob, Charlie, Dave), who are the consortium; sudo =
//!   Alice, who holds every role; the other well-known accounts are registered users. The
//!   authorised nodes are those of the node keys `0x00..01` to `0x00..04`
//!   ([`FIXED_NODE_PEER_IDS`]).
//! - `production`: the shape of a production genesis: no sudo, no endowments, no users; its
//!   well-known keys and nodes are placeholders to replace (docs/operators.md).
//!
//! All start with the same rate limits ([`rate_limits`]), the cultivation programme's
//! published rules: crystals per activity and daily caps ([`activity_rules`]), two mine box
//! types ([`box_types`]), and the angel round's two catalog items ([`angel_catalog_items`]).

use crate::{
	AccountId, ConsortiumConfig, ConsortiumMembershipConfig, CrystalsConfig, MineBoxesConfig,
	NodeAuthorizationConfig, RedemptionsConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys,
	StonesConfig, SudoConfig, ValidatorSetConfig, BABE_GENESIS_EPOCH_CONFIG, STONE,
};
use alloc::{vec, vec::Vec};
use csop_primitives::Pool;
use frame_support::{build_struct_json_patch, BoundedVec};
use pallet_consortium::{AccountClass, RateLimit, Role};
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::OpaquePeerId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Stones issued at genesis to each well-known development account (from the cultivation
/// pool, counted against its cap), so that it exists on chain and can sign transactions from
/// block 1. Development and test chains only.
pub const DEV_ENDOWMENT: crate::Balance = 1_000 * STONE;

/// Blocks per mileage-mining period on development chains (30 seconds; production: 200 blocks,
/// 10 minutes).
pub const DEV_REWARD_PERIOD: u32 = 10;

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

/// The catalog items every preset starts with: the angel round's upgrades, free, each redeemed
/// with the entitlement an angel vehicle earned (a hardware upgrade of that vehicle):
///
/// - 0: the next-generation lidar and driving-system upgrade (`LidarUpgrade`, earned in any of
///   the first three angel years);
/// - 1: the next-generation battery of at least 120 kWh (`BatteryUpgrade`, earned from the
///   fourth angel year on).
pub fn angel_catalog_items() -> Vec<pallet_redemptions::ItemDetails<crate::Balance>> {
	use csop_primitives::EntitlementKind::{BatteryUpgrade, LidarUpgrade};
	use pallet_redemptions::{Category, Eligibility, Item};
	let item = |name: &str, entitlement| Item {
		name: name.as_bytes().to_vec(),
		category: Category::HardwareUpgrade,
		price: 0,
		cash_part: None,
		stock: None,
		per_account_limit: None,
		eligibility: Eligibility { entitlement: Some(entitlement), ..Default::default() },
		open: true,
	};
	vec![
		item("Angel round: next-generation lidar and driving-system upgrade", LidarUpgrade),
		item("Angel round: next-generation battery, at least 120 kWh", BatteryUpgrade),
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

/// The consortium at genesis: its members, role holders and registered users.
pub struct GenesisConsortium {
	/// Consortium members (2/3 of them is the governance origin).
	pub members: Vec<AccountId>,
	/// Role holders.
	pub roles: Vec<(Role, AccountId)>,
	/// Users registered by the maker.
	pub users: Vec<AccountId>,
}

/// The rate limits every preset starts with (governance changes them): certified owners 100
/// and other users 30 signed transactions a minute (20 blocks); the consortium class (members,
/// validators, role holders such as the activity oracle) is not limited.
pub fn rate_limits() -> Vec<(AccountClass, RateLimit)> {
	vec![
		(AccountClass::Owner, RateLimit { max_transactions: 100, period: 20 }),
		(AccountClass::User, RateLimit { max_transactions: 30, period: 20 }),
	]
}

/// The libp2p peer ids (multihash bytes) of the node keys `0x00..01` to `0x00..04`
/// (`--node-key 0000...000i`, ed25519): the well-known nodes of the `local_testnet` and
/// `production` presets. Real networks replace them (docs/operators.md);
/// `scripts/local-testnet.sh` puts its generated nodes' peer ids in instead.
pub const FIXED_NODE_PEER_IDS: [[u8; 38]; 4] = [
	peer_id(hex_literal_32(*b"4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29")),
	peer_id(hex_literal_32(*b"7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674")),
	peer_id(hex_literal_32(*b"f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b")),
	peer_id(hex_literal_32(*b"fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b")),
];

/// The peer id (identity multihash of the protobuf-encoded public key) of an ed25519 node key.
const fn peer_id(public: [u8; 32]) -> [u8; 38] {
	let mut id = [0u8; 38];
	let prefix = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	let mut i = 0;
	while i < 6 {
		id[i] = prefix[i];
		i += 1;
	}
	while i < 38 {
		id[i] = public[i - 6];
		i += 1;
	}
	id
}

/// 32 bytes from 64 hex digits, at compile time.
const fn hex_literal_32(hex: [u8; 64]) -> [u8; 32] {
	const fn digit(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("lower-case hex digits only"),
		}
	}
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = digit(hex[2 * i]) * 16 + digit(hex[2 * i + 1]);
		i += 1;
	}
	out
}

/// The four fixed well-known nodes, owned by the four preset validators.
fn fixed_nodes() -> Vec<(OpaquePeerId, AccountId)> {
	FIXED_NODE_PEER_IDS
		.iter()
		.zip([
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		])
		.map(|(id, owner)| (OpaquePeerId(id.to_vec()), owner.to_account_id()))
		.collect()
}

/// Builds a genesis config patch from its parts. `endowed_accounts` get [`DEV_ENDOWMENT`]
/// (development and test chains only); `root` is the sudo key (none in production).
pub fn testnet_genesis(
	validators: Vec<GenesisValidator>,
	consortium: GenesisConsortium,
	nodes: Vec<(OpaquePeerId, AccountId)>,
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
		validator_set: ValidatorSetConfig {
			validators: validators.iter().map(|v| v.account.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|v| {
					(v.account.clone(), v.account, SessionKeys { babe: v.babe, grandpa: v.grandpa })
				})
				.collect::<Vec<_>>(),
		},
		consortium_membership: ConsortiumMembershipConfig {
			members: BoundedVec::truncate_from(consortium.members),
		},
		consortium: ConsortiumConfig {
			roles: consortium.roles,
			users: consortium.users,
			rate_limits: rate_limits(),
		},
		node_authorization: NodeAuthorizationConfig { nodes },
		sudo: SudoConfig { key: root },
		crystals: CrystalsConfig { rules: activity_rules() },
		mine_boxes: MineBoxesConfig { box_types: box_types() },
		redemptions: RedemptionsConfig { items: angel_catalog_items() },
	})
}

/// The well-known development accounts that get an endowment.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

/// Validators from the well-known keyring.
fn keyring_validators(names: &[(Sr25519Keyring, Ed25519Keyring)]) -> Vec<GenesisValidator> {
	names.iter().map(|(sr, ed)| GenesisValidator::from_keyring(*sr, *ed)).collect()
}

/// A development consortium: `members`, Alice holding every role, and every other well-known
/// account registered as a user (so that all of them can sign transactions).
fn dev_consortium(members: &[Sr25519Keyring]) -> GenesisConsortium {
	let members: Vec<AccountId> = members.iter().map(|k| k.to_account_id()).collect();
	let alice = Sr25519Keyring::Alice.to_account_id();
	GenesisConsortium {
		roles: Role::ALL.iter().map(|role| (*role, alice.clone())).collect(),
		users: dev_accounts().into_iter().filter(|a| !members.contains(a)).collect(),
		members,
	}
}

/// The four validators of `local_testnet` and `production`: Alice, Bob, Charlie, Dave.
fn four_validators() -> Vec<GenesisValidator> {
	keyring_validators(&[
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	])
}

/// `development`: a single validator chain for local work, with short mining periods. The
/// consortium is Alice, Bob and Charlie (any two of them approve a motion); Alice is also sudo
/// and holds every role.
pub fn development_config_genesis() -> Value {
	let mut patch = testnet_genesis(
		keyring_validators(&[(Sr25519Keyring::Alice, Ed25519Keyring::Alice)]),
		dev_consortium(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]),
		vec![],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	);
	patch["mileageMining"] = serde_json::json!({ "rewardPeriod": DEV_REWARD_PERIOD });
	patch
}

/// `local_testnet`: four validators (Alice, Bob, Charlie, Dave), who are also the consortium
/// (three of them approve a motion); Alice is sudo and holds every role.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		four_validators(),
		dev_consortium(&[
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]),
		fixed_nodes(),
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `production`: the shape of a production genesis — no sudo key (root only through a 2/3
/// consortium motion), no stones issued at genesis (every stone comes from its pool), no
/// users. Its four validators, members and role holder are the well-known development keys
/// and MUST be replaced in the exported chain spec (see docs/operators.md) before a real
/// network starts.
pub fn production_config_genesis() -> Value {
	let members: Vec<AccountId> = four_validators().iter().map(|v| v.account.clone()).collect();
	testnet_genesis(
		four_validators(),
		GenesisConsortium {
			roles: Role::ALL
				.iter()
				.map(|role| (*role, Sr25519Keyring::Alice.to_account_id()))
				.collect(),
			users: vec![],
			members,
		},
		fixed_nodes(),
		vec![],
		None,
	)
}

/// The name of the production preset.
pub const PRODUCTION_RUNTIME_PRESET: &str = "production";

/// Provides the JSON representation of the predefined genesis config for a given `id`.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		PRODUCTION_RUNTIME_PRESET => production_config_genesis(),
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
		PresetId::from(PRODUCTION_RUNTIME_PRESET),
	]
}
