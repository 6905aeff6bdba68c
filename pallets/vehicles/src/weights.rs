//! Weights for `pallet-vehicles`.
//!
//! PROVISIONAL: these are upper-bound estimates from the storage accesses of each call (reads
//! and writes weighed with the runtime's database weights) plus a fixed compute allowance.
//! They are to be replaced by the output of `frame-benchmarking` (`benchmarking.rs` holds the
//! benchmarks; the node's `benchmark pallet` subcommand is not built yet). Do not hand-tune.
//!
//! `transfer_ownership` and `deregister` exclude `Config::OnVehicleChange`, whose weight the
//! calls add themselves.

#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet-vehicles`.
pub trait WeightInfo {
	fn register() -> Weight;
	fn transfer_ownership() -> Weight;
	fn rotate_device_key() -> Weight;
	fn deregister() -> Weight;
	fn grant_consent() -> Weight;
	fn revoke_consent() -> Weight;
	fn on_mileage_verified() -> Weight;
}

/// Weights for `pallet-vehicles` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Vehicles::Vehicles` (r:1 w:1), `Vehicles::DeviceKeys` (r:1 w:1),
	/// `Vehicles::OwnerVehicles` (r:1 w:1), `Vehicles::RegisteredCount` (r:1 w:1),
	/// `Vehicles::AngelCount` (r:1 w:1).
	fn register() -> Weight {
		Weight::from_parts(40_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(5, 5))
	}
	/// Storage: `Vehicles::Vehicles` (r:1 w:1), `Vehicles::OwnerVehicles` (r:2 w:2).
	fn transfer_ownership() -> Weight {
		Weight::from_parts(40_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	/// Storage: `Vehicles::Vehicles` (r:1 w:1), `Vehicles::DeviceKeys` (r:1 w:2).
	fn rotate_device_key() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	/// Storage: `Vehicles::Vehicles` (r:1 w:1), `Vehicles::OwnerVehicles` (r:1 w:1),
	/// `Vehicles::DeviceKeys` (w:1).
	fn deregister() -> Weight {
		Weight::from_parts(35_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(2, 3))
	}
	/// Storage: `Vehicles::Vehicles` (r:1 w:1).
	fn grant_consent() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Vehicles::Vehicles` (r:1 w:1).
	fn revoke_consent() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: `Vehicles::Vehicles` (r:1), `Vehicles::AngelMileage` (r:1 w:1),
	/// `Vehicles::VehicleEntitlements` (r:1 w:1).
	fn on_mileage_verified() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}
}

/// For tests: the same figures with the RocksDB reference database weights.
impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(40_000_000, 4_000).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(5, 5),
		)
	}
	fn transfer_ownership() -> Weight {
		Weight::from_parts(40_000_000, 8_000).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(3, 3),
		)
	}
	fn rotate_device_key() -> Weight {
		Weight::from_parts(30_000_000, 3_600).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(2, 3),
		)
	}
	fn deregister() -> Weight {
		Weight::from_parts(35_000_000, 4_000).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(2, 3),
		)
	}
	fn grant_consent() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(1, 1),
		)
	}
	fn revoke_consent() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(1, 1),
		)
	}
	fn on_mileage_verified() -> Weight {
		Weight::from_parts(20_000_000, 3_600).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(3, 2),
		)
	}
}
