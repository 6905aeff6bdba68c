//! Governance: the consortium.
//!
//! - `ConsortiumMembership` (`pallet-membership`) keeps the member list; `ConsortiumCollective`
//!   (`pallet-collective`) is where members propose and vote motions.
//! - [`GovernanceOrigin`]: a motion approved by at least 2/3 of the members (or root). It adds and
//!   removes members and validators, appoints and dismisses role holders, sets issuance, mining,
//!   box, transfer and rate-limit parameters, and dispatches as root (runtime upgrades) through
//!   `Consortium::dispatch_as_root`.
//! - Role origins ([`RegistrarOrigin`], [`ActivityOracleOrigin`], [`CatalogManagerOrigin`]): a
//!   signed account the consortium appointed to the role (or root).
//! - `NodeAuthorization`: the consortium's nodes (peer ids) a 2/3 motion authorises; every node's
//!   offchain worker limits its block sync to them.
//! - `Sudo` stays in the runtime for development chains only: the production preset sets no key, so
//!   root is reachable only through a 2/3 motion.

use super::RuntimeBlockWeights;
use crate::{
	AccountId, BlockNumber, ConsortiumCollective, ConsortiumMembership, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, Session, ValidatorSet, Vehicles, DAYS,
};
use csop_primitives::VehicleOwnership;
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;
use pallet_consortium::{roles, EnsureRole, KeepMembersKnown};
use sp_runtime::Perbill;

/// The consortium's collective instance.
pub type ConsortiumCollectiveInstance = pallet_collective::Instance1;
/// The consortium's membership instance.
pub type ConsortiumMembershipInstance = pallet_membership::Instance1;

/// At least 2/3 of the consortium's members, or root.
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, ConsortiumCollectiveInstance, 2, 3>,
>;

/// A registrar appointed by the consortium, or root.
pub type RegistrarOrigin =
	EitherOfDiverse<EnsureRoot<AccountId>, EnsureRole<Runtime, roles::Registrar>>;
/// An activity oracle appointed by the consortium, or root.
pub type ActivityOracleOrigin =
	EitherOfDiverse<EnsureRoot<AccountId>, EnsureRole<Runtime, roles::ActivityOracle>>;
/// A catalog manager appointed by the consortium, or root.
pub type CatalogManagerOrigin =
	EitherOfDiverse<EnsureRoot<AccountId>, EnsureRole<Runtime, roles::CatalogManager>>;

parameter_types! {
	/// A motion is open for votes for up to 3 days; it can be closed as soon as 2/3 vote aye.
	pub const MotionDuration: BlockNumber = 3 * DAYS;
	/// Open motions at once.
	pub const MaxProposals: u32 = 100;
	/// A consortium of up to 32 members.
	pub const MaxConsortiumMembers: u32 = 32;
	/// A motion may dispatch at most half a block's weight.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// When a motion is closed after its [`MotionDuration`], members who did not vote count as
/// voting nay. (`pallet_collective::PrimeDefaultVote` counts them as voting like the prime
/// member: a prime's lone aye and silent members would then pass a root motion, e.g. a runtime
/// upgrade, that 2/3 of the consortium never approved.)
pub struct SilenceIsNay;

impl pallet_collective::DefaultVote for SilenceIsNay {
	fn default_vote(_prime_vote: Option<bool>, _yes_votes: u32, _no_votes: u32, _len: u32) -> bool {
		false
	}
}

impl pallet_collective::Config<ConsortiumCollectiveInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = MaxProposals;
	type MaxMembers = MaxConsortiumMembers;
	/// A member who does not vote is not counted as voting aye: every motion passes on
	/// explicit ayes only ([`SilenceIsNay`]).
	type DefaultVote = SilenceIsNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// The member list is kept by `ConsortiumMembership`; only root may reset it here.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	/// Members propose without a deposit.
	type Consideration = ();
}

impl pallet_membership::Config<ConsortiumMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	/// The collective follows the member list; each member is kept in existence (it can sign
	/// votes with a fresh key, without stones).
	type MembershipInitialized = KeepMembersKnown<Runtime, ConsortiumCollective>;
	type MembershipChanged = KeepMembersKnown<Runtime, ConsortiumCollective>;
	type MaxMembers = MaxConsortiumMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

/// Consortium members and validators: signers of class `Consortium`.
pub struct MembersAndValidators;
impl Contains<AccountId> for MembersAndValidators {
	fn contains(who: &AccountId) -> bool {
		ConsortiumMembership::contains(who) || ValidatorSet::is_validator(who)
	}
}

/// Certified vehicle owners: signers of class `Owner`.
pub struct CertifiedOwners;
impl Contains<AccountId> for CertifiedOwners {
	fn contains(who: &AccountId) -> bool {
		<Vehicles as VehicleOwnership<AccountId>>::is_certified_owner(who)
	}
}

/// Accounts the activity oracle awarded crystals: signers of class `User`.
pub struct CrystalHolders;
impl Contains<AccountId> for CrystalHolders {
	fn contains(who: &AccountId) -> bool {
		pallet_crystals::Balances::<Runtime>::contains_key(who)
	}
}

impl pallet_consortium::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type GovernanceOrigin = GovernanceOrigin;
	type UserRegistrarOrigin = RegistrarOrigin;
	type Privileged = MembersAndValidators;
	type Owners = CertifiedOwners;
	type Users = CrystalHolders;
	/// A lost account whose recovery passed its delay: only the new key acts from then on.
	type Suspended = pallet_account_recovery::Suspended<Runtime>;
	/// Calls by signer class, and the bounds on their input (docs/operators.md).
	type SignerPolicy = crate::signer_policy::CallsBySignerClass;
	type MaxRoleHolders = ConstU32<16>;
	/// The extrinsic base weight leaves the signature check out (`base_extrinsic_weight`).
	type SignatureWeights = crate::signature_check::SignatureCheckWeights;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}

impl pallet_validator_set::Config for Runtime {
	type AddRemoveOrigin = GovernanceOrigin;
	/// A validator is planned into a session once it has set its session keys.
	type ValidatorRegistration = Session;
	type MaxValidators = crate::configs::MaxAuthorities;
	/// GRANDPA and BABE need at least one authority.
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Up to 64 authorised consortium nodes (validators and RPC nodes).
	pub const MaxWellKnownNodes: u32 = 64;
	/// A libp2p peer id is 38 bytes for ed25519 node keys; room for other key types.
	pub const MaxPeerIdLength: u32 = 128;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = MaxWellKnownNodes;
	type MaxPeerIdLength = MaxPeerIdLength;
	/// Authorising, removing, swapping or resetting the consortium's nodes takes a 2/3 motion.
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type WeightInfo = NodeAuthorizationWeights;
}

/// Weights of `pallet-node-authorization`, which has no benchmarks upstream (its own weights
/// are a flat 50 µs without storage): the same 50 µs plus the storage each call touches
/// (read from its code), with the runtime's ParityDB weights. Its calls are governance motions
/// or a node owner's rare changes.
pub struct NodeAuthorizationWeights;
impl pallet_node_authorization::WeightInfo for NodeAuthorizationWeights {
	fn add_well_known_node() -> Weight {
		Self::flat(2, 2)
	}
	fn remove_well_known_node() -> Weight {
		Self::flat(2, 3)
	}
	fn swap_well_known_node() -> Weight {
		Self::flat(3, 5)
	}
	fn reset_well_known_nodes() -> Weight {
		// Up to `MaxWellKnownNodes` owners are replaced.
		Self::flat(1, 2 + 2 * u64::from(MaxWellKnownNodes::get()))
	}
	fn claim_node() -> Weight {
		Self::flat(1, 1)
	}
	fn remove_claim() -> Weight {
		Self::flat(2, 2)
	}
	fn transfer_node() -> Weight {
		Self::flat(1, 1)
	}
	fn add_connections() -> Weight {
		// One more read: the signer policy reads the node's connections to bound them.
		Self::flat(3, 1)
	}
	fn remove_connections() -> Weight {
		Self::flat(2, 1)
	}
}

impl NodeAuthorizationWeights {
	fn flat(reads: u64, writes: u64) -> Weight {
		Weight::from_parts(50_000_000, 0).saturating_add(
			<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes),
		)
	}
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
