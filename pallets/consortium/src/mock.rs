//! Mock runtime: System + Consortium, with the privileged, owner and user sources set per test.

use crate as pallet_consortium;
use crate::*;
use core::cell::RefCell;
use frame_support::{
	derive_impl,
	traits::{ChangeMembers, ConstU32, Contains, EitherOfDiverse, InitializeMembers},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;
use std::collections::BTreeSet;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

/// Governance (2/3 of the consortium in the runtime).
pub const GOVERNANCE: AccountId = 10;
/// The registrar at genesis.
pub const REGISTRAR: AccountId = 11;
/// A consortium member (a `Privileged` account).
pub const MEMBER: AccountId = 20;
/// A certified owner.
pub const OWNER: AccountId = 30;
/// A user known through `Users` (e.g. a crystal holder).
pub const FAN: AccountId = 40;
/// A user registered at genesis.
pub const USER: AccountId = 41;
/// An account the chain does not know.
pub const STRANGER: AccountId = 99;
/// The mock's most holders of a role.
pub const MAX_HOLDERS: u32 = 3;
/// Genesis rate limit of users: 2 transactions per 10 blocks.
pub const USER_LIMIT: RateLimit = RateLimit { max_transactions: 2, period: 10 };
/// Genesis rate limit of owners: 5 transactions per 10 blocks.
pub const OWNER_LIMIT: RateLimit = RateLimit { max_transactions: 5, period: 10 };

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consortium: pallet_consortium,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static PRIVILEGED: RefCell<BTreeSet<AccountId>> = RefCell::new([MEMBER].into());
	static OWNERS: RefCell<BTreeSet<AccountId>> = RefCell::new([OWNER].into());
	static USERS: RefCell<BTreeSet<AccountId>> = RefCell::new([FAN].into());
	static SUSPENDED: RefCell<BTreeSet<AccountId>> = const { RefCell::new(BTreeSet::new()) };
	static INNER_MEMBERS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

/// A settable account set.
pub struct Set<const K: u8>;
impl<const K: u8> Set<K> {
	fn with<R>(f: impl FnOnce(&RefCell<BTreeSet<AccountId>>) -> R) -> R {
		match K {
			0 => PRIVILEGED.with(f),
			1 => OWNERS.with(f),
			2 => USERS.with(f),
			_ => SUSPENDED.with(f),
		}
	}
	pub fn insert(who: AccountId) {
		Self::with(|s| s.borrow_mut().insert(who));
	}
	pub fn remove(who: AccountId) {
		Self::with(|s| s.borrow_mut().remove(&who));
	}
}
impl<const K: u8> Contains<AccountId> for Set<K> {
	fn contains(who: &AccountId) -> bool {
		Self::with(|s| s.borrow().contains(who))
	}
}
pub type Privileged = Set<0>;
pub type Owners = Set<1>;
pub type Users = Set<2>;
pub type Suspended = Set<3>;

/// A stand-in for the collective behind [`KeepMembersKnown`]: records the members it is told.
pub struct InnerMembers;
impl InnerMembers {
	pub fn get() -> Vec<AccountId> {
		INNER_MEMBERS.with(|m| m.borrow().clone())
	}
}
impl ChangeMembers<AccountId> for InnerMembers {
	fn change_members_sorted(_: &[AccountId], _: &[AccountId], sorted_new: &[AccountId]) {
		INNER_MEMBERS.with(|m| *m.borrow_mut() = sorted_new.to_vec());
	}
}
impl InitializeMembers<AccountId> for InnerMembers {
	fn initialize_members(members: &[AccountId]) {
		INNER_MEMBERS.with(|m| *m.borrow_mut() = members.to_vec());
	}
}

frame_support::ord_parameter_types! {
	pub const GovernanceAccount: AccountId = GOVERNANCE;
}

/// The most bytes an owner's or user's remark may have in the mock.
pub const MAX_REMARK: usize = 8;

/// The mock's signer policy: the consortium class may make every call; owners and users only
/// remarks, of at most [`MAX_REMARK`] bytes.
pub struct RemarksOnlyForOwnersAndUsers;
impl SignerPolicy<RuntimeCall> for RemarksOnlyForOwnersAndUsers {
	fn check(class: AccountClass, call: &RuntimeCall) -> Result<(), CallRefusal> {
		use frame_system::Call::{remark, remark_with_event};
		match (class, call) {
			(AccountClass::Consortium, _) => Ok(()),
			(_, RuntimeCall::System(remark { remark: r } | remark_with_event { remark: r })) => {
				if r.len() <= MAX_REMARK {
					Ok(())
				} else {
					Err(CallRefusal::TooLarge)
				}
			},
			_ => Err(CallRefusal::NotAllowed),
		}
	}
}

impl pallet_consortium::Config for Test {
	type RuntimeCall = RuntimeCall;
	type GovernanceOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, EnsureSignedBy<GovernanceAccount, AccountId>>;
	type UserRegistrarOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, EnsureRole<Test, roles::Registrar>>;
	type Privileged = Privileged;
	type Owners = Owners;
	type Users = Users;
	type Suspended = Suspended;
	type SignerPolicy = RemarksOnlyForOwnersAndUsers;
	type MaxRoleHolders = ConstU32<MAX_HOLDERS>;
	type SignatureWeights = TestSignatureWeights;
	type WeightInfo = ();
}

/// Test externalities at block 1: the registrar appointed, [`USER`] registered, users and
/// owners rate-limited, the consortium class not.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_consortium::GenesisConfig::<Test> {
		roles: vec![(Role::Registrar, REGISTRAR)],
		users: vec![USER],
		rate_limits: vec![(AccountClass::User, USER_LIMIT), (AccountClass::Owner, OWNER_LIMIT)],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Consortium::do_try_state().expect("consortium invariants hold");
	});
}

/// The events this pallet emitted, oldest first.
pub fn consortium_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Consortium(e) = r.event { Some(e) } else { None })
		.collect()
}

/// Signature checks of different weights per key type (sr25519 the costliest), as a runtime
/// whose base weight leaves the signed transaction's check out would measure them.
pub struct TestSignatureWeights;
impl csop_primitives::SignatureWeights for TestSignatureWeights {
	fn verify_sr25519() -> Weight {
		Weight::from_parts(50_000_000, 0)
	}
	fn verify_ed25519() -> Weight {
		Weight::from_parts(30_000_000, 0)
	}
	fn verify_ecdsa() -> Weight {
		Weight::from_parts(40_000_000, 0)
	}
	fn verify_p256() -> Weight {
		Weight::from_parts(90_000_000, 0)
	}
}
