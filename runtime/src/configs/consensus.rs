//! Consensus: BABE block production, GRANDPA finality, and the session pallet, whose validator
//! set the consortium governs (`pallet-validator-set`, configured in `governance.rs`).

use crate::{
	AccountId, Babe, Balances, Runtime, RuntimeEvent, Session, SessionKeys,
	EPOCH_DURATION_IN_SLOTS, MILLI_SECS_PER_BLOCK,
};
use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

parameter_types! {
	/// A BABE epoch (= a session) in slots.
	pub const EpochDuration: u64 = EPOCH_DURATION_IN_SLOTS;
	/// The expected time between blocks, in milliseconds.
	pub const ExpectedBlockTime: u64 = MILLI_SECS_PER_BLOCK;
	/// A consortium chain: a few dozen validators at most.
	pub const MaxAuthorities: u32 = 100;
	/// GRANDPA keeps set-id/session mappings for this many sessions (for equivocation proofs).
	pub const MaxSetIdSessionEntries: u64 = 168;
}

/// BABE: slot-based block production with VRF lottery. The VRF outputs accumulate into
/// on-chain randomness (`pallet_babe::RandomnessFromOneEpochAgo` and friends).
impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	/// Epochs change when the session pallet says so.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	/// Equivocation reporting is not enabled yet: no key-ownership proofs can be built.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// GRANDPA: finality gadget; a block is final once 2/3 of validators have voted for it.
impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// Sessions: the validator set and their session keys. A session ends with each BABE epoch.
impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Validators are identified by their account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	/// The consortium's governed validator set: a change is planned at the next session
	/// boundary and active one session later (see `pallet-validator-set`).
	type SessionManager = crate::ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	/// Setting session keys holds no deposit: validators are consortium members.
	type KeyDeposit = frame_support::traits::ConstU128<0>;
}
