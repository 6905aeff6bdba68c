//! A mock runtime for `pallet-stones`: System + Balances + Stones, with small caps so the
//! edges are reachable, and a settable set of certified vehicle owners.

use crate as pallet_stones;
use crate::*;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU64};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

/// Pool caps of the mock: 700 + 300 = 1,000 = MaxSupply.
pub const MILEAGE_CAP: Balance = 700;
pub const CULTIVATION_CAP: Balance = 300;
pub const MAX_SUPPLY: Balance = 1_000;
/// Existential deposit of the mock ledger.
pub const ED: Balance = 2;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Stones: pallet_stones,
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
	/// Dust of reaped accounts is counted as burned by the stones pallet.
	type DustRemoval = Stones;
}

parameter_types! {
	pub const MileageMiningCap: Balance = MILEAGE_CAP;
	pub const CultivationCap: Balance = CULTIVATION_CAP;
	pub const MaxSupply: Balance = MAX_SUPPLY;
}

thread_local! {
	static OWNERS: RefCell<alloc::vec::Vec<AccountId>> = const { RefCell::new(alloc::vec::Vec::new()) };
}

/// Certified owners, settable per test.
pub struct MockOwners;
impl MockOwners {
	pub fn certify(who: AccountId) {
		OWNERS.with(|o| o.borrow_mut().push(who));
	}
}
impl VehicleOwnership<AccountId> for MockOwners {
	fn owned_vehicles(who: &AccountId) -> alloc::vec::Vec<csop_primitives::OwnedVehicle> {
		if OWNERS.with(|o| o.borrow().contains(who)) {
			alloc::vec![csop_primitives::OwnedVehicle {
				id: csop_primitives::VehicleId::from_low_u64_be(*who),
				model: 1,
				activated_at_ms: 0,
			}]
		} else {
			alloc::vec::Vec::new()
		}
	}
}

impl pallet_stones::Config for Test {
	type Currency = Balances;
	type MileageMiningCap = MileageMiningCap;
	type CultivationCap = CultivationCap;
	type MaxSupply = MaxSupply;
	type PolicyOrigin = EnsureRoot<AccountId>;
	type Owners = MockOwners;
	type WeightInfo = ();
}

/// Builds test externalities; `build_and_execute` checks the invariants after every test.
#[derive(Default)]
pub struct ExtBuilder {
	issued: alloc::vec::Vec<(Pool, AccountId, Balance)>,
	policy: TransferPolicy,
}

impl ExtBuilder {
	/// Issue at genesis (counts against the caps).
	pub fn issued(mut self, pool: Pool, who: AccountId, amount: Balance) -> Self {
		self.issued.push((pool, who, amount));
		self
	}

	pub fn policy(mut self, policy: TransferPolicy) -> Self {
		self.policy = policy;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_stones::GenesisConfig::<Test> { issued: self.issued, policy: self.policy }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext: sp_io::TestExternalities = storage.into();
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the pallet's invariants (`do_try_state`).
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Stones::do_try_state().expect("invariants hold after the test");
		});
	}
}

/// The events this pallet emitted, oldest first.
pub fn stones_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Stones(e) = r.event { Some(e) } else { None })
		.collect()
}
