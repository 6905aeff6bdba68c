//! A mock runtime for `pallet-vehicles`: System + Vehicles, a registrar account, a settable
//! clock and an `OnVehicleChange` that records its calls (with the owner the vehicle had when
//! it was called, to check that settling comes before the owner changes).

use crate as pallet_vehicles;
use crate::*;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureSignedBy;
use sp_core::sr25519;
use sp_runtime::BuildStorage;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

/// The car maker's registrar.
pub const REGISTRAR: AccountId = 100;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;

/// Vehicles per owner in the mock.
pub const MAX_VEHICLES: u32 = 3;
/// Angel vehicles in the mock (the runtime has 3,000).
pub const ANGELS: u32 = 3;
/// The yearly angel threshold in the mock, as in the runtime: 5,000 km.
pub const THRESHOLD: Meters = 5_000_000;
/// Battery upgrades from angel year 3 on.
pub const BATTERY_AFTER: u32 = 3;
/// The mock clock's start: 2026-01-01T00:00:00Z.
pub const START_MS: Moment = 1_767_225_600_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Registry: pallet_vehicles,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// A call of [`MockVehicleChange`]: the vehicle, the owner passed in, and the owner the vehicle
/// had in storage at the time of the call.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ChangeCall {
	OwnerChange { vehicle: VehicleId, old_owner: AccountId, stored_owner: Option<AccountId> },
	Deregistered { vehicle: VehicleId, owner: AccountId, stored_active: bool },
}

thread_local! {
	static NOW_MS: RefCell<Moment> = const { RefCell::new(START_MS) };
	static CHANGES: RefCell<alloc::vec::Vec<ChangeCall>> = const { RefCell::new(alloc::vec::Vec::new()) };
}

/// The mock clock.
pub struct MockTime;
impl MockTime {
	pub fn set_ms(ms: Moment) {
		NOW_MS.with(|n| *n.borrow_mut() = ms);
	}
	pub fn now_ms() -> Moment {
		NOW_MS.with(|n| *n.borrow())
	}
}
impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(Self::now_ms())
	}
}

/// Records what mileage mining would have been told.
pub struct MockVehicleChange;
impl MockVehicleChange {
	pub fn calls() -> alloc::vec::Vec<ChangeCall> {
		CHANGES.with(|c| c.borrow().clone())
	}
}
impl OnVehicleChange<AccountId> for MockVehicleChange {
	fn on_owner_change(vehicle: &VehicleId, old_owner: &AccountId) {
		let stored_owner = pallet_vehicles::Vehicles::<Test>::get(vehicle).map(|v| v.owner);
		CHANGES.with(|c| {
			c.borrow_mut().push(ChangeCall::OwnerChange {
				vehicle: *vehicle,
				old_owner: *old_owner,
				stored_owner,
			})
		});
	}
	fn on_deregistered(vehicle: &VehicleId, owner: &AccountId) {
		let stored_active = pallet_vehicles::Vehicles::<Test>::contains_key(vehicle);
		CHANGES.with(|c| {
			c.borrow_mut().push(ChangeCall::Deregistered {
				vehicle: *vehicle,
				owner: *owner,
				stored_active,
			})
		});
	}
	fn on_change_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(1_000, 0)
	}
}

frame_support::ord_parameter_types! {
	pub const Registrar: AccountId = REGISTRAR;
}

parameter_types! {
	pub const AngelYearlyThreshold: Meters = THRESHOLD;
}

impl pallet_vehicles::Config for Test {
	type RegistrarOrigin = EnsureSignedBy<Registrar, AccountId>;
	type OnVehicleChange = MockVehicleChange;
	type Time = MockTime;
	type MaxVehiclesPerOwner = ConstU32<MAX_VEHICLES>;
	type AngelVehicles = ConstU32<ANGELS>;
	type AngelYearlyThreshold = AngelYearlyThreshold;
	type BatteryAfterYears = ConstU32<BATTERY_AFTER>;
	type WeightInfo = ();
}

/// The id of test vehicle `n` (salted VIN hash of a made-up VIN).
pub fn vid(n: u8) -> VehicleId {
	vehicle_id(b"test salt", &[b'V', b'I', b'N', n])
}

/// Test device key `n` (sr25519 from fixed bytes).
pub fn key(n: u8) -> DeviceKey {
	DeviceKey::Sr25519(sr25519::Public::from_raw([n; 32]))
}

/// Builds test externalities; `build_and_execute` checks the invariants after every test.
#[derive(Default)]
pub struct ExtBuilder {
	vehicles: alloc::vec::Vec<GenesisVehicleOf<Test>>,
}

impl ExtBuilder {
	/// Registers vehicle `n` with key `n`, model 1, activated at `START_MS`, at genesis; vehicles
	/// `1..=ANGELS` are angels with angel number `n` (their buyers' places in the angel round).
	pub fn vehicle(mut self, n: u8, owner: AccountId, consent: Option<Consent>) -> Self {
		let angel_number = (1..=ANGELS).contains(&(n as u32)).then_some(n as u32);
		self.vehicles.push(GenesisVehicle {
			id: vid(n),
			device_key: key(n),
			model: 1,
			activated_at_ms: START_MS,
			owner,
			consent,
			angel_number,
		});
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		MockTime::set_ms(START_MS);
		CHANGES.with(|c| c.borrow_mut().clear());
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_vehicles::GenesisConfig::<Test> { vehicles: self.vehicles }
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
			Registry::do_try_state().expect("invariants hold after the test");
		});
	}
}

/// The events this pallet emitted, oldest first.
pub fn vehicle_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Registry(e) = r.event { Some(e) } else { None })
		.collect()
}
