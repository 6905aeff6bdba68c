//! Domain types of the vehicle registry, with their own rules.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use csop_primitives::{EntitlementKind, Meters, MiningRefusal, ModelId, Moment, VehicleId};
use scale_info::TypeInfo;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// Milliseconds in an angel year (365 days; leap days are not counted).
pub const MILLIS_PER_ANGEL_YEAR: u64 = 365 * 86_400_000;

/// An angel vehicle's number: its buyer's place in the angel round, `1..=AngelVehicles`, from
/// the maker's order book (the registrar gives it at registration).
pub type AngelNumber = u32;

/// The index of an angel year: 0 is the first 365 days after activation.
pub type AngelYear = u32;

/// Angel years counted for the angel programme: `0..MAX_ANGEL_YEARS` (30 years after
/// activation; mileage after that counts for none), which bounds a vehicle's angel mileage
/// entries and so its deregistration.
pub const MAX_ANGEL_YEARS: AngelYear = 30;

/// How many kinds of entitlement a vehicle can hold (one of each).
pub const ENTITLEMENT_KINDS: u32 = 2;

/// The `blake2_256` hash of a device key's SCALE encoding: the key of the device-key index.
pub type DeviceKeyHash = [u8; 32];

/// A vehicle's id from its VIN and the registrar's secret salt: `blake2_256(salt ++ vin)`.
///
/// For clients and tests: the chain never sees the VIN or the salt, only this hash. Without the
/// salt, nobody can test candidate VINs against the ids on chain.
pub fn vehicle_id(salt: &[u8], vin: &[u8]) -> VehicleId {
	let mut preimage = alloc::vec::Vec::with_capacity(salt.len().saturating_add(vin.len()));
	preimage.extend_from_slice(salt);
	preimage.extend_from_slice(vin);
	BlakeTwo256::hash(&preimage)
}

/// A vehicle's device public key, as stored (sr25519, ed25519, secp256k1 ECDSA or P-256).
pub use csop_primitives::DeviceKey;

/// An owner's consent to the use of their vehicle's driving data.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct Consent {
	/// When the owner's unbroken consent began, in milliseconds since the unix epoch: the
	/// grant that found no live consent (a grant while one is live only changes the expiry).
	/// Mining credits no distance across a change of this value.
	pub granted_at_ms: Moment,
	/// When it expires (exclusive), if ever.
	pub expires_at_ms: Option<Moment>,
}

impl Consent {
	/// Whether the consent covers data of time `at_ms`: no expiry, or `at_ms` before it.
	pub fn is_valid_at(&self, at_ms: Moment) -> bool {
		match self.expires_at_ms {
			None => true,
			Some(expiry) => at_ms < expiry,
		}
	}
}

/// A registered vehicle in service (a deregistered one leaves only its id's tombstone).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Vehicle<AccountId> {
	/// The certified owner.
	pub owner: AccountId,
	/// The key the vehicle's device signs its reports with.
	pub device_key: DeviceKey,
	/// The vehicle's model.
	pub model: ModelId,
	/// When the vehicle was activated, in milliseconds since the unix epoch.
	pub activated_at_ms: Moment,
	/// The current owner's data consent, if granted (reset when the owner changes).
	pub consent: Option<Consent>,
	/// The vehicle's angel number, if its buyer had a place in the angel round.
	pub angel_number: Option<AngelNumber>,
	/// When the angel buyer's rights in the vehicle ended: its sale (the rights are the angel
	/// buyer's, not the car's). Entitlements already earned stay with the vehicle.
	pub angel_ended_at_ms: Option<Moment>,
}

impl<AccountId> Vehicle<AccountId> {
	/// Whether the vehicle's data of time `at_ms` may be mined: if so, when the consent that
	/// covers it began (`granted_at_ms`); why not otherwise. Data from before the current
	/// owner's consent began is not covered (after a sale, the seller's driving is never mined
	/// for the buyer).
	pub fn ensure_minable_at(&self, at_ms: Moment) -> Result<Moment, MiningRefusal> {
		match self.consent {
			None => Err(MiningRefusal::NoConsent),
			Some(consent) if at_ms < consent.granted_at_ms => Err(MiningRefusal::NoConsent),
			Some(consent) if !consent.is_valid_at(at_ms) => Err(MiningRefusal::ConsentExpired),
			Some(consent) => Ok(consent.granted_at_ms),
		}
	}

	/// Whether the vehicle is in service with an angel buyer's rights: its verified mileage
	/// counts for the angel programme.
	pub fn is_angel_now(&self) -> bool {
		self.angel_number.is_some() && self.angel_ended_at_ms.is_none()
	}

	/// When angel year `year` begins (saturating).
	pub fn angel_year_start(&self, year: AngelYear) -> Moment {
		self.activated_at_ms
			.saturating_add((year as u64).saturating_mul(MILLIS_PER_ANGEL_YEAR))
	}

	/// How `meters` driven between `from_ms` (the previous report) and `to_ms` (this report)
	/// count for angel years, in proportion to the time in each: `(year of to_ms, metres)` and,
	/// when the drive began in an earlier year, `(that year - 1, metres)` for the part in the
	/// year before; the part in any earlier year counts for none (a report spanning more than
	/// a whole year counts only in its last two). So driving cannot be banked into another
	/// year by reporting it late. Empty before activation.
	pub fn angel_shares(
		&self,
		meters: Meters,
		from_ms: Moment,
		to_ms: Moment,
	) -> alloc::vec::Vec<(AngelYear, Meters)> {
		let Some(year) = self.angel_year(to_ms) else { return alloc::vec::Vec::new() };
		let start = self.angel_year_start(year);
		if year == 0 || from_ms >= start || to_ms <= from_ms {
			return alloc::vec![(year, meters)];
		}
		let elapsed = (to_ms - from_ms) as u128;
		let part = |ms: u64| -> Meters {
			// `ms <= elapsed`: the share is at most `meters`.
			((meters as u128).saturating_mul(ms as u128) / elapsed) as Meters
		};
		let this_year = part(to_ms - start);
		let year_before = part(start.saturating_sub(from_ms).min(MILLIS_PER_ANGEL_YEAR));
		alloc::vec![(year, this_year), (year - 1, year_before)]
	}

	/// The angel year a report of time `at_ms` falls in; `None` before activation.
	pub fn angel_year(&self, at_ms: Moment) -> Option<AngelYear> {
		let since_activation = at_ms.checked_sub(self.activated_at_ms)?;
		AngelYear::try_from(since_activation / MILLIS_PER_ANGEL_YEAR).ok()
	}
}

/// The entitlement an angel vehicle earns by driving more than the threshold in angel year
/// `year`: a lidar upgrade before year `battery_after_years`, a battery upgrade from then on.
pub fn entitlement_for_year(year: AngelYear, battery_after_years: AngelYear) -> EntitlementKind {
	if year < battery_after_years {
		EntitlementKind::LidarUpgrade
	} else {
		EntitlementKind::BatteryUpgrade
	}
}

/// Whether an earned entitlement can still be redeemed.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum EntitlementStatus {
	/// Earned and not redeemed: the vehicle's current owner may redeem it.
	Available,
	/// Redeemed (a redemption is pending or fulfilled).
	Used,
}

/// An entitlement a vehicle earned.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Entitlement {
	/// The angel year in which the vehicle drove past the threshold.
	pub earned_in_year: AngelYear,
	/// The time of the report that took it past the threshold.
	pub earned_at_ms: Moment,
	/// Available or used.
	pub status: EntitlementStatus,
}

/// A vehicle to register at genesis (for dev and test chains' demo cars).
#[derive(Clone, PartialEq, Eq, Debug, frame_support::Serialize, frame_support::Deserialize)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct GenesisVehicle<AccountId> {
	/// The salted VIN hash (see [`vehicle_id`]).
	pub id: VehicleId,
	/// The device key (in JSON as a `MultiSigner` is, or `{"P256": "0x…"}`).
	pub device_key: DeviceKey,
	/// The model.
	pub model: ModelId,
	/// Activation time, in milliseconds since the unix epoch.
	pub activated_at_ms: Moment,
	/// The certified owner.
	pub owner: AccountId,
	/// The owner's data consent, if granted at genesis.
	pub consent: Option<Consent>,
	/// The buyer's place in the angel round, if any.
	#[serde(default)]
	pub angel_number: Option<AngelNumber>,
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::sr25519;
	use sp_runtime::MultiSigner;

	fn vehicle(activated_at_ms: Moment, consent: Option<Consent>) -> Vehicle<u64> {
		Vehicle {
			owner: 1,
			device_key: DeviceKey::Sr25519(sr25519::Public::from_raw([1; 32])),
			model: 7,
			activated_at_ms,
			consent,
			angel_number: None,
			angel_ended_at_ms: None,
		}
	}

	#[test]
	fn a_drive_across_a_year_boundary_counts_for_each_year_by_time() {
		const YEAR: u64 = MILLIS_PER_ANGEL_YEAR;
		let v = vehicle(1_000, None);
		// Within one year: all of it.
		assert_eq!(v.angel_shares(900, 2_000, 3_000), vec![(0, 900)]);
		assert_eq!(v.angel_shares(900, 1_000 + YEAR, 1_000 + 2 * YEAR - 1), vec![(1, 900)]);
		// A quarter of the time in year 1, three quarters in year 0.
		let (from, to) = (1_000 + YEAR - 3_000, 1_000 + YEAR + 1_000);
		assert_eq!(v.angel_shares(8_000, from, to), vec![(1, 2_000), (0, 6_000)]);
		// Two years unreported from mid-year 0: a quarter of the drive in year 2, half in year 1,
		// and the quarter in year 0 counts for none.
		let (from, to) = (1_000 + YEAR / 2, 1_000 + 2 * YEAR + YEAR / 2);
		assert_eq!(v.angel_shares(5_000, from, to), vec![(2, 1_250), (1, 2_500)]);
		// Before activation: nothing.
		assert_eq!(v.angel_shares(5_000, 0, 999), vec![]);
	}

	#[test]
	fn data_from_before_the_consent_was_granted_is_not_minable() {
		let v = vehicle(0, Some(Consent { granted_at_ms: 1_000, expires_at_ms: Some(5_000) }));
		assert_eq!(v.ensure_minable_at(999), Err(MiningRefusal::NoConsent));
		assert_eq!(v.ensure_minable_at(1_000), Ok(1_000));
		assert_eq!(v.ensure_minable_at(4_999), Ok(1_000));
		assert_eq!(v.ensure_minable_at(5_000), Err(MiningRefusal::ConsentExpired));
	}

	#[test]
	fn vehicle_id_is_the_salted_blake2_hash() {
		let id = vehicle_id(b"salt", b"LSJA0000000000001");
		assert_eq!(id.0, BlakeTwo256::hash(b"saltLSJA0000000000001").0);
		assert_ne!(id, vehicle_id(b"other salt", b"LSJA0000000000001"));
		assert_ne!(id, vehicle_id(b"salt", b"LSJA0000000000002"));
	}

	#[test]
	fn device_keys_index_like_multi_signers() {
		let signer = MultiSigner::Sr25519(sr25519::Public::from_raw([3; 32]));
		let key = DeviceKey::try_from(signer.clone()).unwrap();
		assert_eq!(key.index_hash(), BlakeTwo256::hash_of(&signer).0);
	}

	#[test]
	fn consent_is_valid_before_its_expiry_only() {
		let forever = Consent { granted_at_ms: 10, expires_at_ms: None };
		assert!(forever.is_valid_at(u64::MAX));
		let until = Consent { granted_at_ms: 10, expires_at_ms: Some(100) };
		assert!(until.is_valid_at(99));
		assert!(!until.is_valid_at(100));
	}

	#[test]
	fn minable_needs_valid_consent() {
		let consent = Consent { granted_at_ms: 0, expires_at_ms: Some(50) };
		assert_eq!(vehicle(0, None).ensure_minable_at(1), Err(MiningRefusal::NoConsent));
		assert_eq!(vehicle(0, Some(consent)).ensure_minable_at(49), Ok(0));
		assert_eq!(
			vehicle(0, Some(consent)).ensure_minable_at(50),
			Err(MiningRefusal::ConsentExpired)
		);
	}

	#[test]
	fn angel_years_count_365_days_from_activation() {
		let v = vehicle(1_000, None);
		assert_eq!(v.angel_year(999), None);
		assert_eq!(v.angel_year(1_000), Some(0));
		assert_eq!(v.angel_year(1_000 + MILLIS_PER_ANGEL_YEAR - 1), Some(0));
		assert_eq!(v.angel_year(1_000 + MILLIS_PER_ANGEL_YEAR), Some(1));
		assert_eq!(v.angel_year(1_000 + 3 * MILLIS_PER_ANGEL_YEAR), Some(3));
		assert_eq!(
			v.angel_year(u64::MAX),
			Some(((u64::MAX - 1_000) / MILLIS_PER_ANGEL_YEAR) as u32)
		);
	}

	#[test]
	fn lidar_before_the_battery_years() {
		assert_eq!(entitlement_for_year(0, 3), EntitlementKind::LidarUpgrade);
		assert_eq!(entitlement_for_year(2, 3), EntitlementKind::LidarUpgrade);
		assert_eq!(entitlement_for_year(3, 3), EntitlementKind::BatteryUpgrade);
		assert_eq!(entitlement_for_year(10, 3), EntitlementKind::BatteryUpgrade);
	}
}
