//! Trait implementations other pallets use.

use crate::*;
use csop_primitives::{OnVehicleChange, VehicleId};
use frame_support::{pallet_prelude::Weight, traits::Get};

/// The vehicle registry tells mileage mining before a vehicle changes hands or is
/// deregistered, so that what it earned so far goes to the owner who earned it.
impl<T: Config> OnVehicleChange<T::AccountId> for Pallet<T> {
	/// Pays the vehicle's earned rewards to `old_owner` (like [`Call::claim`], without an error
	/// when there is nothing to pay) and retires its live metres: the seller's driving earns
	/// nothing after the sale, for anyone.
	fn on_owner_change(vehicle: &VehicleId, old_owner: &T::AccountId) {
		Self::do_owner_change(vehicle, old_owner);
	}

	/// Pays the vehicle's earned rewards to `owner`, takes its live metres out of the effective
	/// metres and removes its state.
	fn on_deregistered(vehicle: &VehicleId, owner: &T::AccountId) {
		Self::do_vehicle_deregistered(vehicle, owner);
	}

	fn on_change_weight() -> Weight {
		let slots = T::WindowBuckets::get();
		T::WeightInfo::claim(slots).max(T::WeightInfo::on_deregistered(slots))
	}
}
