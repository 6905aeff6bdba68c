//! Mock runtime: System + Timestamp-free clock + Balances + Stones + Redemptions.

use crate as pallet_redemptions;
use crate::*;
use core::cell::RefCell;
use csop_primitives::{
	EntitlementKind, Entitlements, IssuePrecision, OwnedVehicle, Pool, VehicleId, VehicleOwnership,
};
use frame_support::{derive_impl, parameter_types, traits::ConstU64};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
/// The catalog manager.
pub const MANAGER: AccountId = 10;
/// The operator who settles redemptions.
pub const OPERATOR: AccountId = 11;
pub const ED: Balance = 1;
pub const DAY_MS: u64 = crate::types::MILLIS_PER_DAY;
/// Blocks a redemption waits for the operator before it is released.
pub const PERIOD: u64 = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Stones: pallet_stones,
		Catalog: pallet_redemptions,
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
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	static VEHICLES: RefCell<alloc::vec::Vec<(AccountId, OwnedVehicle)>> = const { RefCell::new(alloc::vec::Vec::new()) };
	static NOW_MS: RefCell<u64> = const { RefCell::new(0) };
	/// `(vehicle, kind, used)`.
	static ENTITLEMENTS: RefCell<alloc::vec::Vec<(VehicleId, EntitlementKind, bool)>> =
		const { RefCell::new(alloc::vec::Vec::new()) };
}

/// Vehicles, entitlements and clock, settable per test: a registry like the real one, where
/// an entitlement belongs to a vehicle and only the vehicle's owner may use it.
pub struct MockWorld;
impl MockWorld {
	/// Registers a vehicle of `model` owned by `who`; returns its id (1, 2, … in order).
	pub fn give_vehicle(who: AccountId, model: u32, activated_at_ms: u64) -> VehicleId {
		VEHICLES.with(|v| {
			let mut v = v.borrow_mut();
			let id = VehicleId::from_low_u64_be(v.len() as u64 + 1);
			v.push((who, OwnedVehicle { id, model, activated_at_ms }));
			id
		})
	}
	/// Passes `vehicle` to `to` (its entitlements go with it, as in the registry).
	pub fn transfer_vehicle(vehicle: VehicleId, to: AccountId) {
		VEHICLES.with(|v| {
			for (owner, owned) in v.borrow_mut().iter_mut() {
				if owned.id == vehicle {
					*owner = to;
				}
			}
		});
	}
	pub fn set_now_ms(ms: u64) {
		NOW_MS.with(|n| *n.borrow_mut() = ms);
	}
}
impl VehicleOwnership<AccountId> for MockWorld {
	fn owned_vehicles(who: &AccountId) -> alloc::vec::Vec<OwnedVehicle> {
		VEHICLES.with(|v| v.borrow().iter().filter(|(o, _)| o == who).map(|(_, v)| *v).collect())
	}
}
impl MockWorld {
	/// `vehicle` earned an unused entitlement of `kind`.
	pub fn give_entitlement(vehicle: VehicleId, kind: EntitlementKind) {
		ENTITLEMENTS.with(|e| e.borrow_mut().push((vehicle, kind, false)));
	}
	/// Whether `vehicle`'s entitlement of `kind` is used.
	pub fn entitlement_used(vehicle: VehicleId, kind: EntitlementKind) -> Option<bool> {
		ENTITLEMENTS
			.with(|e| e.borrow().iter().find(|(v, k, _)| *v == vehicle && *k == kind).map(|x| x.2))
	}
	fn set_used(vehicle: &VehicleId, kind: EntitlementKind, used: bool) -> bool {
		ENTITLEMENTS.with(|e| {
			e.borrow_mut()
				.iter_mut()
				.find(|(v, k, u)| v == vehicle && *k == kind && *u != used)
				.map(|x| x.2 = used)
				.is_some()
		})
	}
}
impl Entitlements<AccountId> for MockWorld {
	fn is_available(vehicle: &VehicleId, kind: EntitlementKind) -> bool {
		Self::entitlement_used(*vehicle, kind) == Some(false)
	}
	fn use_entitlement(
		who: &AccountId,
		vehicle: &VehicleId,
		kind: EntitlementKind,
	) -> Result<(), sp_runtime::DispatchError> {
		if Self::owned_vehicle(who, vehicle).is_none() {
			return Err(sp_runtime::DispatchError::Other("not the owner"));
		}
		Self::set_used(vehicle, kind, true)
			.then_some(())
			.ok_or(sp_runtime::DispatchError::Other("no such unused entitlement"))
	}
	fn restore_entitlement(vehicle: &VehicleId, kind: EntitlementKind) {
		Self::set_used(vehicle, kind, false);
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockWorld {
	fn entitled_vehicle(owner: &AccountId, model: u32, kind: EntitlementKind) -> VehicleId {
		let vehicle = Self::give_vehicle(*owner, model, 0);
		Self::give_entitlement(vehicle, kind);
		vehicle
	}
}
impl frame_support::traits::UnixTime for MockWorld {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MS.with(|n| *n.borrow()))
	}
}

parameter_types! {
	pub const MileageMiningCap: Balance = 7_000;
	pub const CultivationCap: Balance = 3_000;
	pub const MaxSupply: Balance = 10_000;
}

frame_support::ord_parameter_types! {
	pub const ManagerAccount: AccountId = MANAGER;
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

impl pallet_redemptions::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type OnBurned = Stones;
	type Owners = MockWorld;
	type Time = MockWorld;
	type Entitlements = MockWorld;
	type CatalogOrigin = EnsureSignedBy<ManagerAccount, AccountId>;
	type OperatorOrigin = EnsureSignedBy<OperatorAccount, AccountId>;
	type ParamsOrigin = EnsureRoot<AccountId>;
	type DefaultFulfilmentPeriod = ConstU64<PERIOD>;
	type MaxExpiringPerBlock = frame_support::traits::ConstU32<3>;
	type MaxNameLen = frame_support::traits::ConstU32<32>;
	type MaxRedemptionsPerAccount = frame_support::traits::ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockWorld;
}

/// Test externalities with ALICE and BOB holding 1,000 stones each (issued from cultivation).
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	VEHICLES.with(|v| v.borrow_mut().clear());
	ENTITLEMENTS.with(|e| e.borrow_mut().clear());
	NOW_MS.with(|n| *n.borrow_mut() = 0);
	ext.execute_with(|| {
		System::set_block_number(1);
		for who in [ALICE, BOB] {
			Stones::do_issue(Pool::Cultivation, &who, 1_000, IssuePrecision::Exact).unwrap();
		}
	});
	ext
}

/// Runs `test`, then checks both pallets' invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Catalog::do_try_state().expect("redemption invariants hold");
		Stones::do_try_state().expect("stones invariants hold");
	});
}

/// Runs the pallet's `on_initialize` for each block up to `n`.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Catalog::on_initialize(System::block_number());
	}
}

/// The events this pallet emitted, oldest first.
pub fn redemption_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Catalog(e) = r.event { Some(e) } else { None })
		.collect()
}
