//! `frame-system` and `pallet-timestamp`.

use crate::{
	weights::{block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight},
	AccountId, Babe, Balance, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, RuntimeTask, SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, ConstU64, Everything},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;

/// The share of a block's weight and length that normal (user) extrinsics may use; the rest is
/// kept for operational extrinsics and inherents.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// The compute a block may use: 2 seconds of the 3-second slot.
pub const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

/// The base weight every extrinsic pays: what `benchmark overhead` measured for a signed
/// `System.remark` ([`ExtrinsicBaseWeight`]) less the sr25519 signature check that extrinsic
/// made (`crate::signature_check`). Only signed transactions check a signature, and they pay for
/// it through `CheckKnownSigner` (`pallet_consortium::Config::SignatureWeights`); general
/// transactions (the
/// device-signed mileage reports, authorised by their pallet) and inherents have none. The
/// measured base still includes the transaction extensions' execution, which each extension's
/// weight charges again (polkadot-sdk issue 9981). Only the signature check is taken out here:
/// the extensions' weights charge their storage access at the database weights of a large
/// state, which the overhead benchmark's small genesis state does not cost, so subtracting
/// them would take out more than the measurement holds.
pub fn base_extrinsic_weight() -> Weight {
	use crate::signature_check::{SignatureCheckWeights, WeightInfo as _};
	ExtrinsicBaseWeight::get().saturating_sub(SignatureCheckWeights::verify_sr25519())
}

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: sp_version::RuntimeVersion = VERSION;

	/// At most 2 seconds of compute per 3-second block, leaving time for import and gossip;
	/// `NORMAL_DISPATCH_RATIO` of it for normal extrinsics, the rest reserved for operational
	/// ones, 10% for `on_initialize` (as `BlockWeights::with_sensible_defaults`). The base
	/// weights of a block and of an extrinsic are measured on this runtime
	/// (`./scripts/bench/benchmark.sh overhead`), not polkadot's reference figures; an extrinsic's
	/// without the signature check only signed transactions make ([`base_extrinsic_weight`]).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = base_extrinsic_weight();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// 5 MiB blocks.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// Generic substrate prefix (42) until the consortium registers its own.
	pub const SS58Prefix: u8 = 42;
}

/// `frame-system`: accounts, blocks, events. Defaults from the solochain prelude.
#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	/// The block type.
	type Block = Block;
	/// Block & extrinsics weights: base values and limits.
	type BlockWeights = RuntimeBlockWeights;
	/// The maximum length of a block (in bytes).
	type BlockLength = RuntimeBlockLength;
	/// The identifier used to distinguish between accounts.
	type AccountId = AccountId;
	/// The type for storing how many extrinsics an account has signed.
	type Nonce = Nonce;
	/// The type for hashing blocks and tries.
	type Hash = Hash;
	/// Maximum number of block number to block hash mappings to keep (oldest pruned first).
	type BlockHashCount = BlockHashCount;
	/// The node uses ParityDB (RocksDB is not compiled), so storage access is weighed for it,
	/// as measured on a state of 3 million items (`weights/paritydb_weights.rs`).
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	/// frame-system's transaction extensions, measured on this runtime.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	/// After the inherents: a block that rotates the session is charged the rotation's measured
	/// weight, not the whole block `pallet-session` charges (`crate::session_rotation`).
	type PostInherents = crate::session_rotation::ReclaimSessionRotation;
	/// Version of the runtime.
	type Version = Version;
	/// The data to be stored in an account: its stone balance.
	type AccountData = pallet_balances::AccountData<Balance>;
	/// This is used as an identifier of the chain. 42 is the generic substrate prefix.
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	/// Calls allowed to be dispatched. `pallet-balances` has no calls in this runtime at all
	/// (`#[runtime::disable_call]`): a filter would not stop root, removing the calls does.
	type BaseCallFilter = Everything;
}

/// `pallet-timestamp`: the block author sets the time; BABE checks it against the slot.
impl pallet_timestamp::Config for Runtime {
	/// A timestamp: milliseconds since the unix epoch.
	type Moment = u64;
	/// BABE derives the current slot from the timestamp.
	type OnTimestampSet = Babe;
	/// Blocks must be at least half a slot apart.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}
