//! Mock runtime: System + Crystals, with a clock set per test.

use crate as pallet_crystals;
use crate::*;
use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
/// Governance, which sets the rules.
pub const GOVERNANCE: AccountId = 10;
/// The activity oracle.
pub const ORACLE: AccountId = 11;
pub const DAY_MS: u64 = MILLIS_PER_DAY;
/// The mock's award window, in days.
pub const WINDOW: u32 = 7;
/// Days references are kept until governance sets another retention.
pub const RETENTION: u32 = 30;
/// The mock's clock drift allowance, in ms.
pub const DRIFT: u64 = 60_000;
/// The mock's most entries pruned a block.
pub const MAX_PRUNE: u32 = 5;
/// The day the tests start on.
pub const START_DAY: u64 = 1_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Crystals: pallet_crystals,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	/// Real database weights, so that pruning's weight limit is exercised.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
}

thread_local! {
	static NOW_MS: RefCell<u64> = const { RefCell::new(0) };
}

/// The clock, settable per test.
pub struct Clock;
impl Clock {
	pub fn set_ms(ms: u64) {
		NOW_MS.with(|n| *n.borrow_mut() = ms);
	}
	pub fn ms() -> u64 {
		NOW_MS.with(|n| *n.borrow())
	}
}
impl frame_support::traits::UnixTime for Clock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(Self::ms())
	}
}

frame_support::ord_parameter_types! {
	pub const GovernanceAccount: AccountId = GOVERNANCE;
	pub const OracleAccount: AccountId = ORACLE;
}

#[derive_impl(pallet_crystals::config_preludes::TestDefaultConfig)]
impl pallet_crystals::Config for Test {
	type RuleOrigin = EnsureSignedBy<GovernanceAccount, AccountId>;
	type OracleOrigin = EnsureSignedBy<OracleAccount, AccountId>;
	type Time = Clock;
	// The prelude's week, minute of drift and 5 entries a block, spelled out for the tests.
	type AwardWindowDays = ConstU32<WINDOW>;
	type DefaultReferenceRetentionDays = ConstU32<RETENTION>;
	type MaxClockDrift = frame_support::traits::ConstU64<DRIFT>;
	type MaxPrunePerBlock = ConstU32<MAX_PRUNE>;
}

/// The rules the tests start with: sign-up 50 once, check-in 5 once a day, posts 10 three
/// times a day. Other activities earn nothing.
pub fn genesis_rules() -> alloc::vec::Vec<(Activity, ActivityRule)> {
	alloc::vec![
		(Activity::SignUp, ActivityRule { crystals: 50, daily_cap: 1, lifetime_cap: Some(1) }),
		(Activity::DailyCheckIn, ActivityRule { crystals: 5, daily_cap: 1, lifetime_cap: None }),
		(Activity::Post, ActivityRule { crystals: 10, daily_cap: 3, lifetime_cap: None }),
	]
}

/// Test externalities at block 1, noon of day [`START_DAY`], with [`genesis_rules`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_crystals::GenesisConfig::<Test> { rules: genesis_rules(), ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		System::set_block_number(1);
		Clock::set_ms(START_DAY * DAY_MS + DAY_MS / 2);
	});
	ext
}

/// Runs `test`, then checks the invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Crystals::do_try_state().expect("crystal invariants hold");
	});
}

/// The events this pallet emitted, oldest first.
pub fn crystal_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Crystals(e) = r.event { Some(e) } else { None })
		.collect()
}
