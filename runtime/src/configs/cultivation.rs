//! Cultivation: crystals earned by attested activities (`pallet-crystals`) open mine boxes
//! (`pallet-mine-boxes`), whose stone treasures issue the 90,000,000-stone cultivation pool.

use super::governance::{ActivityOracleOrigin, CatalogManagerOrigin, GovernanceOrigin};
#[cfg(feature = "runtime-benchmarks")]
use crate::AccountId;
use crate::{Balance, Crystals, Runtime, Stones, Timestamp, Vehicles};
use frame_support::parameter_types;

parameter_types! {
	/// Awards for activities more than 7 days old are refused (and their references pruned).
	pub const AwardWindowDays: u32 = 7;
	/// An attestation's reference is never paid twice for 400 days (governance may keep it
	/// longer, or shorter down to the award window).
	pub const DefaultReferenceRetentionDays: u32 = 400;
	/// An activity's time may be up to 5 minutes ahead of the chain's clock.
	pub const MaxActivityClockDrift: u64 = 5 * 60_000;
	/// `on_idle` removes up to 2,000 expired references and daily counters a block.
	pub const MaxPrunePerBlock: u32 = 2_000;
}

impl pallet_crystals::Config for Runtime {
	/// Activity rules are set by a 2/3 consortium motion.
	type RuleOrigin = GovernanceOrigin;
	/// Crystals are awarded by an appointed activity oracle (the maker's app backend).
	type OracleOrigin = ActivityOracleOrigin;
	type Time = Timestamp;
	type AwardWindowDays = AwardWindowDays;
	type DefaultReferenceRetentionDays = DefaultReferenceRetentionDays;
	type MaxClockDrift = MaxActivityClockDrift;
	type MaxPrunePerBlock = MaxPrunePerBlock;
	type WeightInfo = pallet_crystals::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A box bought in block `N` is drawn from the seed of block `N + 3` (9 seconds later):
	/// that seed holds the BABE VRF outputs of blocks `N + 1` and `N + 2`, produced after the
	/// purchase.
	/// Governance may lengthen it (`MineBoxes.set_reveal_delay`).
	pub const RevealDelay: u32 = 3;
	/// A box's owner reveals it; from a day after its draw block anyone may (same result).
	pub const RevealDeadline: u32 = crate::DAYS;
	/// Box type names up to 64 bytes (UTF-8).
	pub const MaxBoxNameLen: u32 = 64;
	/// Drop tables of up to 32 entries.
	pub const MaxDrops: u32 = 32;
	/// Up to 16 bought, unrevealed boxes per account.
	pub const MaxPendingBoxes: u32 = 16;
}

impl pallet_mine_boxes::Config for Runtime {
	/// Boxes are paid with crystals; crystal treasures are granted there.
	type Crystals = Crystals;
	type Balance = Balance;
	/// Stone treasures are issued from the cultivation pool of the capped supply.
	type Stones = Stones;
	/// Only certified vehicle owners (the vehicle registry) receive stones.
	type Owners = Vehicles;
	/// The BABE VRF output of the parent block.
	type Randomness = pallet_babe::ParentBlockRandomness<Runtime>;
	type Time = Timestamp;
	/// Box types are published and opened or closed by a 2/3 consortium motion.
	type BoxOrigin = GovernanceOrigin;
	/// Won rights are marked used by an appointed catalog manager.
	type OperatorOrigin = CatalogManagerOrigin;
	type DefaultRevealDelay = RevealDelay;
	type RevealDeadline = RevealDeadline;
	type MaxNameLen = MaxBoxNameLen;
	type MaxDrops = MaxDrops;
	type MaxPendingPerAccount = MaxPendingBoxes;
	type WeightInfo = pallet_mine_boxes::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BoxesBenchmarkHelper;
}

/// Benchmarks of mine boxes make their buyer a certified owner in the real vehicle registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct BoxesBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_mine_boxes::BenchmarkHelper<AccountId> for BoxesBenchmarkHelper {
	fn make_certified_owner(who: &AccountId) {
		use codec::Encode;
		use sp_runtime::traits::{BlakeTwo256, Hash};
		let seed: [u8; 32] = BlakeTwo256::hash(&(b"bench-owner", who).encode()).into();
		let key = csop_primitives::DeviceKey::Ed25519(sp_core::ed25519::Public::from_raw(seed));
		Vehicles::do_register(seed.into(), key, 1, 0, who.clone(), None)
			.expect("benchmark vehicle registers");
	}
}
