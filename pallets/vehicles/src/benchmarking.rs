//! Benchmarks for `pallet-vehicles` (frame-benchmarking v2). Each call is measured in its worst
//! case: full owner lists (searched and rewritten), an angel number given out or ended, two
//! angel years counted and two entitlements earned.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::sr25519;

/// A distinct device key for every `n` (fixed bytes; no key generation in the runtime).
fn device_key(n: u32) -> DeviceKey {
	let mut raw = [0xab; 32];
	raw[..4].copy_from_slice(&n.to_le_bytes());
	DeviceKey::Sr25519(sr25519::Public::from_raw(raw))
}

/// A valid P-256 device key: registering one is the costliest (the key is checked to be a
/// point on the curve).
fn p256_key() -> DeviceKey {
	DeviceKey::P256(csop_primitives::P256Public(csop_device_crypto::BENCH_P256_KEY))
}

/// A distinct vehicle id for every `n`.
fn id(n: u32) -> VehicleId {
	vehicle_id(b"benchmark salt", &n.to_le_bytes())
}

/// Registers vehicles `first..first + count` to `owner` (the first one angel number 1 if
/// `angel`); returns their ids.
fn registered<T: Config>(
	owner: &T::AccountId,
	first: u32,
	count: u32,
	angel: bool,
) -> Result<alloc::vec::Vec<VehicleId>, BenchmarkError> {
	(first..first.saturating_add(count))
		.map(|n| {
			let number = (angel && n == first).then_some(1);
			Pallet::<T>::do_register(id(n), device_key(n), 1, 0, owner.clone(), number)
				.map_err(|_| BenchmarkError::Stop("cannot register a benchmark vehicle"))?;
			Ok(id(n))
		})
		.collect()
}

fn registrar<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let max = T::MaxVehiclesPerOwner::get();
		registered::<T>(&owner, 0, max.saturating_sub(1), false)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id(max), p256_key(), 1, 0, owner.clone(), Some(1));

		assert_eq!(OwnerVehicles::<T>::get(&owner).len() as u32, max);
		assert_eq!(AngelNumbers::<T>::get(1), Some(id(max)));
		Ok(())
	}

	#[benchmark]
	fn transfer_ownership() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>()?;
		let max = T::MaxVehiclesPerOwner::get();
		let seller: T::AccountId = account("seller", 0, 0);
		let buyer: T::AccountId = account("buyer", 0, 0);
		let sold = registered::<T>(&seller, 0, max, true)?[0];
		registered::<T>(&buyer, max, max.saturating_sub(1), false)?;
		Pallet::<T>::do_grant_consent(&seller, sold, None)
			.map_err(|_| BenchmarkError::Stop("cannot grant consent"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, sold, buyer.clone());

		assert_eq!(Vehicles::<T>::get(sold).map(|v| (v.owner, v.consent)), Some((buyer, None)));
		assert!(Vehicles::<T>::get(sold).is_some_and(|v| v.angel_ended_at_ms.is_some()));
		Ok(())
	}

	/// An account recovery moving `n` vehicles to a new account that owns the most it can
	/// still take (both owner lists read and rewritten at their longest).
	#[benchmark]
	fn recover_vehicles(
		n: Linear<0, { T::MaxVehiclesPerOwner::get() }>,
	) -> Result<(), BenchmarkError> {
		let max = T::MaxVehiclesPerOwner::get();
		let lost: T::AccountId = account("lost", 0, 0);
		let rescuer: T::AccountId = account("rescuer", 0, 0);
		registered::<T>(&lost, 0, max, true)?;
		registered::<T>(&rescuer, max, max.saturating_sub(n), false)?;

		#[block]
		{
			Pallet::<T>::do_recover_vehicles(&lost, &rescuer, n)
				.map_err(|_| BenchmarkError::Stop("cannot recover"))?;
		}

		assert_eq!(OwnerVehicles::<T>::get(&rescuer).len() as u32, max);
		Ok(())
	}

	#[benchmark]
	fn rotate_device_key() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let vehicle = registered::<T>(&owner, 0, 1, false)?[0];
		let new_key = p256_key();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, vehicle, new_key.clone());

		assert_eq!(DeviceKeys::<T>::get(new_key.index_hash()), Some(vehicle));
		Ok(())
	}

	#[benchmark]
	fn deregister() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let vehicle = registered::<T>(&owner, 0, T::MaxVehiclesPerOwner::get(), true)?[0];
		Pallet::<T>::do_grant_consent(&owner, vehicle, None)
			.map_err(|_| BenchmarkError::Stop("cannot grant consent"))?;
		// The most the registry can hold about a vehicle: angel mileage in every counted year
		// and both entitlements.
		for year in 0..MAX_ANGEL_YEARS {
			AngelMileage::<T>::insert(vehicle, year, 1);
		}
		for kind in [EntitlementKind::LidarUpgrade, EntitlementKind::BatteryUpgrade] {
			let entitlement = Entitlement {
				earned_in_year: 0,
				earned_at_ms: 0,
				status: EntitlementStatus::Available,
			};
			VehicleEntitlements::<T>::insert(vehicle, kind, entitlement);
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, vehicle);

		assert!(!Vehicles::<T>::contains_key(vehicle));
		assert!(Tombstones::<T>::contains_key(vehicle));
		assert_eq!(AngelMileage::<T>::iter_prefix(vehicle).count(), 0);
		assert_eq!(VehicleEntitlements::<T>::iter_prefix(vehicle).count(), 0);
		Ok(())
	}

	#[benchmark]
	fn grant_consent() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let vehicle = registered::<T>(&owner, 0, 1, false)?[0];
		let expiry = Pallet::<T>::now_ms().saturating_add(1_000_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), vehicle, Some(expiry));

		assert_eq!(
			Vehicles::<T>::get(vehicle)
				.and_then(|v| v.consent)
				.and_then(|c| c.expires_at_ms),
			Some(expiry)
		);
		Ok(())
	}

	#[benchmark]
	fn revoke_consent() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let vehicle = registered::<T>(&owner, 0, 1, false)?[0];
		Pallet::<T>::do_grant_consent(&owner, vehicle, None)
			.map_err(|_| BenchmarkError::Stop("cannot grant consent"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), vehicle);

		assert_eq!(Vehicles::<T>::get(vehicle).map(|v| v.consent), Some(None));
		Ok(())
	}

	/// An angel vehicle's report across an angel-year boundary that takes both years past the
	/// threshold and earns two entitlements (the most expensive path of
	/// [`OnMileageVerified::on_mileage_verified`]).
	#[benchmark]
	fn on_mileage_verified() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let vehicle = registered::<T>(&owner, 0, 1, true)?[0];
		let threshold = T::AngelYearlyThreshold::get();
		let year = T::BatteryAfterYears::get().max(1);
		AngelMileage::<T>::insert(vehicle, year - 1, threshold);
		AngelMileage::<T>::insert(vehicle, year, threshold);
		let start = (year as u64).saturating_mul(MILLIS_PER_ANGEL_YEAR);

		#[block]
		{
			<Pallet<T> as OnMileageVerified>::on_mileage_verified(
				&vehicle,
				4,
				start - 1_000,
				start + 1_000,
			);
		}

		assert_eq!(VehicleEntitlements::<T>::iter_prefix(vehicle).count(), 2);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
