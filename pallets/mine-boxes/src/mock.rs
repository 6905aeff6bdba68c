//! Mock runtime: System + Balances + Stones (the real capped issuer) + MineBoxes, with a mock
//! crystal ledger, vehicle owners, clock and randomness set per test.

use crate as pallet_mine_boxes;
use crate::*;
use alloc::collections::btree_map::BTreeMap;
use core::cell::RefCell;
use csop_primitives::{CrystalAmount, CrystalLedger, OwnedVehicle, VehicleOwnership};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError};

pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

/// A certified vehicle owner.
pub const OWNER: AccountId = 1;
/// Not a vehicle owner.
pub const FAN: AccountId = 2;
/// Another certified owner.
pub const OWNER2: AccountId = 3;
/// Box types' governance.
pub const GOVERNANCE: AccountId = 10;
/// The operator who marks rights as used.
pub const OPERATOR: AccountId = 11;
pub const ED: Balance = 1;
pub const DAY_MS: u64 = MILLIS_PER_DAY;
/// The mock's reveal delay, in blocks.
pub const DELAY: BlockNumber = 3;
/// Blocks after a box's draw block during which only its owner may reveal it.
pub const DEADLINE: BlockNumber = 10;
/// The mock's cultivation pool cap.
pub const CULTIVATION_CAP: Balance = 1_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Stones: pallet_stones,
		MineBoxes: pallet_mine_boxes,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU64<ED>;
	type AccountStore = System;
	type DustRemoval = Stones;
}

thread_local! {
	static CRYSTALS: RefCell<BTreeMap<AccountId, CrystalAmount>> = const { RefCell::new(BTreeMap::new()) };
	static OWNERS: RefCell<alloc::vec::Vec<AccountId>> = const { RefCell::new(alloc::vec::Vec::new()) };
	static NOW_MS: RefCell<u64> = const { RefCell::new(0) };
	/// The randomness the next blocks begin with; `None` models a parent without VRF output.
	static RANDOMNESS: RefCell<Option<H256>> = const { RefCell::new(None) };
}

/// The mock world: crystals, owners, clock and randomness.
pub struct MockWorld;
impl MockWorld {
	pub fn set_crystals(who: AccountId, amount: CrystalAmount) {
		CRYSTALS.with(|c| c.borrow_mut().insert(who, amount));
	}
	pub fn crystals(who: AccountId) -> CrystalAmount {
		CRYSTALS.with(|c| c.borrow().get(&who).copied().unwrap_or(0))
	}
	pub fn total_crystals() -> CrystalAmount {
		CRYSTALS.with(|c| c.borrow().values().sum())
	}
	pub fn make_owner(who: AccountId) {
		OWNERS.with(|o| o.borrow_mut().push(who));
	}
	pub fn set_now_ms(ms: u64) {
		NOW_MS.with(|n| *n.borrow_mut() = ms);
	}
	pub fn set_randomness(random: Option<H256>) {
		RANDOMNESS.with(|r| *r.borrow_mut() = random);
	}
}
impl CrystalLedger<AccountId> for MockWorld {
	fn balance(who: &AccountId) -> CrystalAmount {
		Self::crystals(*who)
	}
	fn spend(who: &AccountId, amount: CrystalAmount) -> Result<(), DispatchError> {
		let left = Self::crystals(*who)
			.checked_sub(amount)
			.ok_or(DispatchError::Other("insufficient crystals"))?;
		Self::set_crystals(*who, left);
		Ok(())
	}
	fn grant(who: &AccountId, amount: CrystalAmount) -> Result<(), DispatchError> {
		let more = Self::crystals(*who)
			.checked_add(amount)
			.ok_or(DispatchError::Other("crystal overflow"))?;
		Self::set_crystals(*who, more);
		Ok(())
	}
	fn change_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}
impl VehicleOwnership<AccountId> for MockWorld {
	fn owned_vehicles(who: &AccountId) -> alloc::vec::Vec<OwnedVehicle> {
		let owns = OWNERS.with(|o| o.borrow().contains(who));
		if owns {
			alloc::vec![OwnedVehicle {
				id: csop_primitives::VehicleId::from_low_u64_be(*who),
				model: 1,
				activated_at_ms: 0,
			}]
		} else {
			alloc::vec::Vec::new()
		}
	}
}
impl frame_support::traits::UnixTime for MockWorld {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MS.with(|n| *n.borrow()))
	}
}
impl frame_support::traits::Randomness<Option<H256>, BlockNumber> for MockWorld {
	fn random(subject: &[u8]) -> (Option<H256>, BlockNumber) {
		let random = RANDOMNESS.with(|r| *r.borrow()).map(|r| {
			let mut data = subject.to_vec();
			data.extend_from_slice(r.as_bytes());
			H256(sp_io::hashing::blake2_256(&data))
		});
		(random, System::block_number().saturating_sub(1))
	}
}

parameter_types! {
	pub const MileageMiningCap: Balance = 7_000;
	pub const CultivationCap: Balance = CULTIVATION_CAP;
	pub const MaxSupply: Balance = 10_000;
	pub const RevealDelay: BlockNumber = DELAY;
	pub const RevealDeadline: BlockNumber = DEADLINE;
}

frame_support::ord_parameter_types! {
	pub const GovernanceAccount: AccountId = GOVERNANCE;
	pub const OperatorAccount: AccountId = OPERATOR;
}

impl pallet_stones::Config for Test {
	type Currency = Balances;
	type MileageMiningCap = MileageMiningCap;
	type CultivationCap = CultivationCap;
	type MaxSupply = MaxSupply;
	type PolicyOrigin = EnsureRoot<AccountId>;
	type Owners = MockWorld;
	type WeightInfo = ();
}

impl pallet_mine_boxes::Config for Test {
	type Crystals = MockWorld;
	type Balance = Balance;
	type Stones = Stones;
	type Owners = MockWorld;
	type Randomness = MockWorld;
	type Time = MockWorld;
	type BoxOrigin = EnsureSignedBy<GovernanceAccount, AccountId>;
	type OperatorOrigin = EnsureSignedBy<OperatorAccount, AccountId>;
	type DefaultRevealDelay = RevealDelay;
	type RevealDeadline = RevealDeadline;
	type MaxNameLen = ConstU32<16>;
	type MaxDrops = ConstU32<8>;
	type MaxPendingPerAccount = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockWorld;
}

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for MockWorld {
	fn make_certified_owner(who: &AccountId) {
		Self::make_owner(*who);
	}
}

/// Test externalities at block 1, day 100, with OWNER and OWNER2 certified owners, random
/// seeds on, and no crystals.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		CRYSTALS.with(|c| c.borrow_mut().clear());
		OWNERS.with(|o| o.borrow_mut().clear());
		MockWorld::make_owner(OWNER);
		MockWorld::make_owner(OWNER2);
		MockWorld::set_now_ms(100 * DAY_MS + 1);
		MockWorld::set_randomness(Some(H256::repeat_byte(7)));
		System::set_block_number(1);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants and the cap on stones given.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

/// The pallet's invariants, the stones pallet's, and invariant 7: stones given by boxes never
/// exceed what the cultivation pool issued.
pub fn check_invariants() {
	MineBoxes::do_try_state().expect("mine box invariants hold");
	Stones::do_try_state().expect("stones invariants hold");
	assert!(
		StonesGiven::<Test>::get() <= pallet_stones::Issued::<Test>::get(Pool::Cultivation),
		"7: stones given by boxes are issued from the cultivation pool"
	);
	assert!(pallet_stones::Issued::<Test>::get(Pool::Cultivation) <= CULTIVATION_CAP);
}

/// Moves to block `n`, running the pallet's `on_initialize` for every block on the way.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		MineBoxes::on_initialize(next);
	}
}

/// The events this pallet emitted, oldest first.
pub fn box_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::MineBoxes(e) = r.event { Some(e) } else { None })
		.collect()
}

use csop_primitives::Pool;
