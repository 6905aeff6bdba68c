//! Tests of `pallet-vehicles` in its mock runtime. Every test runs through
//! `ExtBuilder::build_and_execute`, which checks the invariants afterwards.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::Hooks, weights::Weight,
};
use sp_core::{ecdsa, ed25519};
use sp_runtime::{DispatchError, DispatchResult};

const YEAR: Moment = MILLIS_PER_ANGEL_YEAR;

fn registrar() -> RuntimeOrigin {
	RuntimeOrigin::signed(REGISTRAR)
}

/// Registers test vehicle `n` (key `n`, model 1, activated at `START_MS`, no angel number) to
/// `owner`.
fn register(n: u8, owner: AccountId) {
	assert_ok!(Registry::register(registrar(), vid(n), key(n), 1, START_MS, owner, None));
}

fn grant(owner: AccountId, n: u8, expires_at_ms: Option<Moment>) {
	assert_ok!(Registry::grant_consent(RuntimeOrigin::signed(owner), vid(n), expires_at_ms));
}

fn record(n: u8) -> VehicleOf<Test> {
	pallet::Vehicles::<Test>::get(vid(n)).expect("vehicle is registered")
}

fn list(owner: AccountId) -> alloc::vec::Vec<VehicleId> {
	OwnerVehicles::<Test>::get(owner).into_inner()
}

fn key_owner(key: DeviceKey) -> Option<VehicleId> {
	DeviceKeys::<Test>::get(key.index_hash())
}

/// A valid P-256 device key (a compressed point on the curve).
fn p256_key() -> DeviceKey {
	DeviceKey::P256(csop_primitives::P256Public(csop_device_crypto::BENCH_P256_KEY))
}

/// Tells the registry `meters` were verified for vehicle `n` by a report at `at_ms`, driven
/// within its year; returns the weight it used.
fn drive(n: u8, meters: Meters, at_ms: Moment) -> Weight {
	drive_since(n, meters, at_ms, at_ms)
}

/// Tells the registry `meters` were verified for vehicle `n`, driven between reports at
/// `from_ms` and `at_ms`; returns the weight it used.
fn drive_since(n: u8, meters: Meters, from_ms: Moment, at_ms: Moment) -> Weight {
	<Registry as OnMileageVerified>::on_mileage_verified(&vid(n), meters, from_ms, at_ms)
}

fn mining(n: u8, at_ms: Moment) -> Result<MiningVehicle<AccountId>, MiningRefusal> {
	<Registry as VehicleRegistry<AccountId>>::mining_vehicle(&vid(n), at_ms)
}

fn entitlement(n: u8, kind: EntitlementKind) -> Option<Entitlement> {
	VehicleEntitlements::<Test>::get(vid(n), kind)
}

fn earned_events() -> alloc::vec::Vec<Event<Test>> {
	vehicle_events()
		.into_iter()
		.filter(|e| matches!(e, Event::EntitlementEarned { .. }))
		.collect()
}

mod angels;
mod consent;
mod deregistering;
mod entitlements;
mod invariants;
mod owner_accounts;
mod properties;
mod recovering;
mod registering;
mod registry;
mod rotating;
mod runtime_api;
mod transferring;
