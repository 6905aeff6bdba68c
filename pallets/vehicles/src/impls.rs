//! Trait implementations other pallets use: ownership for the stones transfer policy and the
//! redemption catalog, the registry for mileage mining, the angel programme's mileage hook and
//! the entitlements for the redemption catalog.

use crate::*;
use csop_primitives::{MoveStep, RecoverHoldings};
use frame_support::{traits::Get, weights::Weight};
use sp_runtime::DispatchError;

/// Who owns which vehicles (active vehicles only).
impl<T: Config> VehicleOwnership<T::AccountId> for Pallet<T> {
	fn owned_vehicles(who: &T::AccountId) -> alloc::vec::Vec<OwnedVehicle> {
		OwnerVehicles::<T>::get(who)
			.into_iter()
			.filter_map(|id| Vehicles::<T>::get(id).map(|vehicle| (id, vehicle)))
			.map(|(id, vehicle)| OwnedVehicle {
				id,
				model: vehicle.model,
				activated_at_ms: vehicle.activated_at_ms,
			})
			.collect()
	}

	fn owned_vehicle(who: &T::AccountId, id: &VehicleId) -> Option<OwnedVehicle> {
		// One read of the registry record.
		Self::active_vehicle(*id)
			.ok()
			.filter(|vehicle| &vehicle.owner == who)
			.map(|vehicle| OwnedVehicle {
				id: *id,
				model: vehicle.model,
				activated_at_ms: vehicle.activated_at_ms,
			})
	}

	fn is_certified_owner(who: &T::AccountId) -> bool {
		// One read: owner lists hold active vehicles only (invariant 1).
		!OwnerVehicles::<T>::get(who).is_empty()
	}
}

/// Whether mileage mining may mine a vehicle's report (one read; two for an id without a
/// record).
impl<T: Config> VehicleRegistry<T::AccountId> for Pallet<T> {
	fn mining_vehicle(
		vehicle: &VehicleId,
		at_ms: Moment,
	) -> Result<MiningVehicle<T::AccountId>, MiningRefusal> {
		let Some(record) = Vehicles::<T>::get(vehicle) else {
			return Err(if Tombstones::<T>::contains_key(vehicle) {
				MiningRefusal::Deregistered
			} else {
				MiningRefusal::UnknownVehicle
			});
		};
		let consent_since_ms = record.ensure_minable_at(at_ms)?;
		Ok(MiningVehicle { owner: record.owner, device_key: record.device_key, consent_since_ms })
	}

	fn owner_of(vehicle: &VehicleId) -> Option<T::AccountId> {
		Vehicles::<T>::get(vehicle).map(|v| v.owner)
	}
}

/// The angel programme's mileage counter.
impl<T: Config> OnMileageVerified for Pallet<T> {
	/// The angel path weighs [`Self::on_mileage_verified_weight`]; any other path nothing
	/// more than the report already paid: its one read is of the registry record that the
	/// report's checks (`VehicleRegistry::mining_vehicle`) read in the same transaction.
	fn on_mileage_verified(
		vehicle: &VehicleId,
		meters: Meters,
		from_ms: Moment,
		at_ms: Moment,
	) -> Weight {
		if Self::note_verified_mileage(*vehicle, meters, from_ms, at_ms) {
			T::WeightInfo::on_mileage_verified()
		} else {
			Weight::zero()
		}
	}

	fn on_mileage_verified_weight() -> Weight {
		T::WeightInfo::on_mileage_verified()
	}
}

/// Entitlements earned by angel vehicles, redeemed by their current owner.
impl<T: Config> Entitlements<T::AccountId> for Pallet<T> {
	fn is_available(vehicle: &VehicleId, kind: EntitlementKind) -> bool {
		Self::has_available_entitlement(vehicle, kind)
	}

	fn use_entitlement(
		who: &T::AccountId,
		vehicle: &VehicleId,
		kind: EntitlementKind,
	) -> Result<(), DispatchError> {
		Self::do_use_entitlement(who, *vehicle, kind)
	}

	fn restore_entitlement(vehicle: &VehicleId, kind: EntitlementKind) {
		Self::do_restore_entitlement(*vehicle, kind)
	}
}

/// Account recovery: the lost account's vehicles pass to its owner's new account, one unit of
/// the budget per vehicle (see [`Pallet::do_recover_vehicles`]).
impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	fn move_holdings(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		_cursor: u32,
		budget: u32,
	) -> Result<MoveStep, DispatchError> {
		let (moved, more) = Self::do_recover_vehicles(lost, rescuer, budget)?;
		Ok(MoveStep {
			used: moved,
			next: more.then_some(0),
			waiting: false,
			weight: T::WeightInfo::recover_vehicles(moved),
		})
	}

	fn move_weight(budget: u32) -> Weight {
		T::WeightInfo::recover_vehicles(budget.min(T::MaxVehiclesPerOwner::get()))
	}

	fn holds_any(who: &T::AccountId) -> bool {
		OwnerVehicles::<T>::contains_key(who)
	}
}
