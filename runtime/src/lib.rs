//! # CSOP Chain runtime
//!
//! The state transition function of CSOP Chain, a permissioned chain that runs a car maker's
//! user data rights programme. This crate only *composes* pallets: each domain's configuration
//! lives in [`configs`], the runtime APIs in [`apis`], and the genesis presets in
//! [`genesis_config_presets`]. Business logic belongs in the pallets under `pallets/`.
//!
//! Consensus is BABE (block production, 3-second slots; its VRF output is the randomness source
//! for later features) with GRANDPA finality. Validators are set through `pallet-session`.
//!
//! The native token is the **stone**, held in `pallet-balances` with [`STONE_DECIMALS`] = 12
//! decimals, so wallets display it without custom types.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!`/`#[frame_support::runtime]` does a lot of recursion.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Before `apis`: its `list_benchmarks!`/`add_benchmarks!` macros are used there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod account_api;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod invariants;
pub mod session_rotation;
pub mod signature_check;
pub mod signer_policy;
pub mod weights;

// `impl_opaque_keys!` and `#[frame_support::runtime]` expand to code that names `Vec`.
use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node knows about the runtime's types without knowing the pallets.
pub mod opaque {
	use super::*;
	use sp_runtime::{generic, traits::Hash as HashT};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys a validator registers: one for BABE block production, one for GRANDPA.
	pub struct SessionKeys {
		pub babe: Babe,
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` on every change of runtime logic and
/// `transaction_version` when the transaction format or call indices change.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("csop"),
	impl_name: alloc::borrow::Cow::Borrowed("csop-node"),
	authoring_version: 1,
	spec_version: 103,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Time is measured in milliseconds; a block is produced every BABE slot.
pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
/// BABE slot duration (3 seconds). Changing it after genesis breaks the chain.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

// Time in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// A BABE epoch, which is also a session: the validator set can change at each boundary.
/// One minute (20 slots) keeps validator changes prompt on a small consortium network.
pub const EPOCH_DURATION_IN_SLOTS: u64 = MINUTES as u64;

/// BABE's `c`: the probability that a slot has a primary block author is 1/4; the other slots
/// are filled by the round-robin secondary author, so every slot gets a block.
pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);

/// The BABE epoch configuration at genesis.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: PRIMARY_PROBABILITY,
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// Decimal places of the stone: 1 stone = 10^12 of the smallest unit ("grain").
/// Mining rewards are split pro rata, so amounts must be fractional; 12 decimals give
/// 3 * 10^20 grains for the whole 300M supply, far inside `u128`.
pub const STONE_DECIMALS: u8 = 12;
/// One stone, in the smallest unit.
pub const STONE: Balance = 1_000_000_000_000;
/// The fixed supply: 300,000,000 stones, standing for 4.9% of the car maker's equity.
pub const MAX_SUPPLY: Balance = 300_000_000 * STONE;
/// Mileage mining issues 70% of the supply.
pub const MILEAGE_MINING_CAP: Balance = 210_000_000 * STONE;
/// Cultivation (mine boxes) issues 30% of the supply.
pub const CULTIVATION_CAP: Balance = 90_000_000 * STONE;
/// One thousandth of a stone.
pub const MILLI_STONE: Balance = STONE / 1_000;
/// The smallest balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_STONE;

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// Some way of identifying an account on the chain (an sr25519/ed25519/ecdsa public key).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account (in grains, see [`STONE`]).
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// An index to a block.
pub type BlockNumber = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions every signed extrinsic carries, in this order.
///
/// `AuthorizeCall` comes first so that calls with `#[pallet::authorize]` (feeless, device-signed
/// reports) are validated by their pallet before the signed-origin checks run.
/// There is no fee-charging extension: users of the programme pay no fees. Instead,
/// `CheckKnownSigner` admits only signers known to the chain (consortium members, validators
/// and role holders; certified owners; registered users and crystal holders), each within its
/// class's rate limit.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	pallet_consortium::CheckKnownSigner<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The transaction extensions a client signs with: `nonce` for `CheckNonce`, `era` for
/// `CheckMortality`. Clients in Rust (tests, the vehicle client) build extrinsics with this, so
/// the order above is written once.
pub fn tx_extension(nonce: Nonce, era: generic::Era) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		pallet_consortium::CheckKnownSigner::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// The implicit (signed but not transmitted) part of [`TxExtension`]: the runtime's spec and
/// transaction versions, the genesis hash and the hash of the era's birth block (the genesis
/// hash for an immortal transaction).
pub fn tx_implicit(
	spec_version: u32,
	transaction_version: u32,
	genesis: Hash,
	era_birth: Hash,
) -> <TxExtension as sp_runtime::traits::TransactionExtension<RuntimeCall>>::Implicit {
	((), (), (), spec_version, transaction_version, genesis, era_birth, (), (), ())
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// All migrations of the runtime, aside from the ones declared in the pallets.
#[allow(unused_parens)]
type Migrations = ();

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: pallets with explicit, stable indices (they are part of the transaction format).
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Babe = pallet_babe;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	/// The consortium's governed validator set (the session manager). Declared before
	/// `Session`: its genesis set is what the session pallet asks for at genesis.
	#[runtime::pallet_index(5)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(4)]
	pub type Session = pallet_session;

	/// The peer ids of the consortium's nodes: each node's offchain worker restricts its
	/// block sync to them, so an unauthorised node cannot join.
	#[runtime::pallet_index(6)]
	pub type NodeAuthorization = pallet_node_authorization;

	/// The stones ledger. Its calls are disabled: no call (not even a root call through sudo or
	/// governance) can set a balance or mint, and every transfer goes through `Stones`.
	#[runtime::pallet_index(10)]
	#[runtime::disable_call]
	pub type Balances = pallet_balances;

	/// The stones supply: capped pools, issuance, burning, transfer policy.
	#[runtime::pallet_index(11)]
	pub type Stones = pallet_stones;

	/// The redemption catalog: what stones buy.
	#[runtime::pallet_index(12)]
	pub type Redemptions = pallet_redemptions;

	/// The vehicle registry: salted VIN-hash ids, device keys, certified owners, data consent,
	/// the angel programme.
	#[runtime::pallet_index(20)]
	pub type Vehicles = pallet_vehicles;

	/// Mileage mining: feeless device-signed reports issue the mileage-mining pool.
	#[runtime::pallet_index(21)]
	pub type MileageMining = pallet_mileage_mining;

	/// Crystals: non-transferable activity points awarded by the activity oracle.
	#[runtime::pallet_index(30)]
	pub type Crystals = pallet_crystals;

	/// Mine boxes: blind boxes bought with crystals; their stone treasures issue the
	/// cultivation pool.
	#[runtime::pallet_index(31)]
	pub type MineBoxes = pallet_mine_boxes;

	/// Account recovery: after the maker's identity check and a delay the lost key can veto,
	/// a lost account's holdings pass to its owner's new account.
	#[runtime::pallet_index(40)]
	pub type AccountRecovery = pallet_account_recovery;

	/// The consortium's member list.
	#[runtime::pallet_index(80)]
	pub type ConsortiumMembership = pallet_membership<Instance1>;

	/// The consortium's motions and votes: 2/3 of the members is the governance origin.
	#[runtime::pallet_index(81)]
	pub type ConsortiumCollective = pallet_collective<Instance1>;

	/// Roles, registered users, rate limits, and governance's dispatch as root.
	#[runtime::pallet_index(82)]
	pub type Consortium = pallet_consortium;

	/// Development chains only: the production preset sets no sudo key, so root is reachable
	/// only through a 2/3 consortium motion (`Consortium::dispatch_as_root`).
	#[runtime::pallet_index(90)]
	pub type Sudo = pallet_sudo;
}
