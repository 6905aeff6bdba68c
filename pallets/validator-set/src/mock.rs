//! Mock runtime: System + ValidatorSet, with a session-key registry the tests set.

use crate as pallet_validator_set;
use crate::*;
use alloc::{collections::BTreeSet, vec::Vec};
use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const FERDIE: AccountId = 6;
/// Governance, which adds and removes validators.
pub const GOVERNANCE: AccountId = 100;
/// The mock's most validators.
pub const MAX: u32 = 5;
/// The mock's fewest validators.
pub const MIN: u32 = 2;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static REGISTERED: RefCell<BTreeSet<AccountId>> = const { RefCell::new(BTreeSet::new()) };
}

/// The session keys: which accounts have them, set per test (the session pallet's `NextKeys`).
pub struct Keys;
impl Keys {
	/// `who` sets session keys.
	pub fn set(who: AccountId) {
		REGISTERED.with(|r| r.borrow_mut().insert(who));
	}
	/// `who` purges its session keys.
	pub fn purge(who: AccountId) {
		REGISTERED.with(|r| r.borrow_mut().remove(&who));
	}
	/// Nobody has keys.
	pub fn clear() {
		REGISTERED.with(|r| r.borrow_mut().clear());
	}
}
impl frame_support::traits::ValidatorRegistration<AccountId> for Keys {
	fn is_registered(id: &AccountId) -> bool {
		REGISTERED.with(|r| r.borrow().contains(id))
	}
}

frame_support::ord_parameter_types! {
	pub const GovernanceAccount: AccountId = GOVERNANCE;
}

#[derive_impl(pallet_validator_set::config_preludes::TestDefaultConfig)]
impl pallet_validator_set::Config for Test {
	type AddRemoveOrigin = EnsureSignedBy<GovernanceAccount, AccountId>;
	type ValidatorRegistration = Keys;
	// Tighter than the prelude, so that both bounds are reached in a few steps.
	type MaxValidators = ConstU32<MAX>;
	type MinValidators = ConstU32<MIN>;
}

/// The validators the tests start with, all with session keys.
pub fn genesis_validators() -> Vec<AccountId> {
	alloc::vec![ALICE, BOB, CHARLIE]
}

/// Test externalities at block 1 with `validators` at genesis, each with session keys.
pub fn test_ext_with(validators: Vec<AccountId>) -> sp_io::TestExternalities {
	Keys::clear();
	for v in &validators {
		Keys::set(*v);
	}
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validator_set::GenesisConfig::<Test> { validators }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Test externalities at block 1 with [`genesis_validators`], each with session keys.
pub fn new_test_ext() -> sp_io::TestExternalities {
	test_ext_with(genesis_validators())
}

/// Runs `test`, then checks the invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("validator-set invariants hold");
	});
}

/// The events this pallet emitted, oldest first.
pub fn validator_set_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::ValidatorSet(e) = r.event { Some(e) } else { None })
		.collect()
}
