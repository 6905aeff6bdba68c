//! The runtime API wallets and the car maker's back office read vehicles through.

use crate::{AngelNumber, AngelYear, Consent, EntitlementStatus};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use csop_primitives::{EntitlementKind, Meters, ModelId, Moment, VehicleId};
use scale_info::TypeInfo;

/// Verified metres an angel vehicle drove in one angel year.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AngelYearMileage {
	/// The angel year (0 = the first 365 days after activation).
	pub year: AngelYear,
	/// Verified metres driven in it.
	pub meters: Meters,
}

/// An entitlement a vehicle earned.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct EntitlementDetails {
	/// Lidar or battery upgrade.
	pub kind: EntitlementKind,
	/// The angel year it was earned in.
	pub earned_in_year: AngelYear,
	/// The time of the report that earned it.
	pub earned_at_ms: Moment,
	/// Available or used.
	pub status: EntitlementStatus,
}

/// Everything the chain knows about a vehicle in service (never its VIN).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct VehicleDetails<AccountId> {
	/// The certified owner.
	pub owner: AccountId,
	/// The device key its reports must be signed with.
	pub device_key: crate::DeviceKey,
	/// Its model.
	pub model: ModelId,
	/// Its activation time, in milliseconds since the unix epoch.
	pub activated_at_ms: Moment,
	/// The current owner's data consent, if any.
	pub consent: Option<Consent>,
	/// Its angel number, if it is an angel vehicle.
	pub angel_number: Option<AngelNumber>,
	/// When the angel buyer's rights ended (the vehicle's sale), if they did.
	pub angel_ended_at_ms: Option<Moment>,
	/// Angel programme progress: verified metres per angel year, oldest first (angel vehicles
	/// only, years without verified mileage left out).
	pub angel_mileage: Vec<AngelYearMileage>,
	/// The entitlements it earned, lidar first.
	pub entitlements: Vec<EntitlementDetails>,
}

sp_api::decl_runtime_apis! {
	/// The vehicle registry.
	pub trait VehiclesApi<AccountId> where
		AccountId: codec::Codec,
	{
		/// The vehicle with id `id`, if it is in service (`None` for an unknown id and for a
		/// deregistered vehicle, of which only the id's tombstone is kept).
		fn vehicle(id: VehicleId) -> Option<VehicleDetails<AccountId>>;

		/// The ids of `who`'s active vehicles, in the order they were acquired.
		fn vehicles_of(who: AccountId) -> Vec<VehicleId>;
	}
}
