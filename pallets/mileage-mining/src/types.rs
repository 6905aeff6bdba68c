//! Domain types of mileage mining: reports, rejection reasons, parameters, per-vehicle state.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use csop_primitives::{Meters, MiningRefusal, Moment, VehicleId};
use scale_info::TypeInfo;
use sp_core::{H256, U256};
use sp_runtime::transaction_validity::{
	InvalidTransaction, TransactionLongevity, TransactionValidityError,
};

/// The fixed-point scale of the reward-per-metre accumulator: `10^18`.
pub const SCALE: u128 = 1_000_000_000_000_000_000;

/// [`SCALE`] as a [`U256`].
pub fn scale() -> U256 {
	U256::from(SCALE)
}

/// The context bytes a device signs before the SCALE-encoded report.
pub const REPORT_SIGNING_CONTEXT: &[u8; 22] = b"csop/mileage-report/v1";

/// The prefix of the transaction-pool tag a report provides.
pub const REPORT_TAG_PREFIX: &[u8; 12] = b"csop/mileage";

/// How many blocks a valid report stays in the transaction pool before it is re-validated
/// or dropped (64 blocks = 3.2 minutes at 3 s).
pub const REPORT_LONGEVITY: TransactionLongevity = 64;

/// A device-signed mileage report. Detailed trip data stays off chain; only its hash is here.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct MileageReport {
	/// The chain's genesis hash (the report is valid on this chain only).
	pub genesis: H256,
	/// The reporting vehicle.
	pub vehicle: VehicleId,
	/// The device's sequence number; strictly increasing per vehicle (gaps allowed).
	pub seq: u64,
	/// The odometer reading, in metres.
	pub odometer_m: Meters,
	/// When the reading was taken, in milliseconds since the unix epoch.
	pub time_ms: Moment,
	/// Hash of the detailed trip data kept off chain.
	pub trip_hash: H256,
}

impl MileageReport {
	/// The exact bytes the device signs: [`REPORT_SIGNING_CONTEXT`] (22 raw ASCII bytes, no
	/// length prefix) followed by the SCALE encoding of the report, i.e.
	/// `(b"csop/mileage-report/v1", report).encode()`.
	pub fn signing_payload(&self) -> Vec<u8> {
		signing_payload(self)
	}

	/// The transaction-pool tag the report provides: `(b"csop/mileage", vehicle, seq)`,
	/// SCALE encoded.
	pub fn tag(&self) -> Vec<u8> {
		(REPORT_TAG_PREFIX, self.vehicle, self.seq).encode()
	}
}

/// The exact bytes a device signs for `report`; see [`MileageReport::signing_payload`].
pub fn signing_payload(report: &MileageReport) -> Vec<u8> {
	(REPORT_SIGNING_CONTEXT, report).encode()
}

/// Why a report is refused. The codes are stable: they are the
/// `InvalidTransaction::Custom(code)` codes of refused transactions and appear in
/// [`crate::Event::ReportRejected`].
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
#[repr(u8)]
pub enum RejectReason {
	/// The report's genesis hash is not this chain's.
	WrongChain = 1,
	/// No vehicle with this id was ever registered.
	UnknownVehicle = 2,
	/// The vehicle was deregistered.
	Deregistered = 3,
	/// The signature does not verify against the vehicle's device key (or is of another key
	/// type).
	BadSignature = 4,
	/// The sequence number is not above the last accepted one (replayed or out of order).
	StaleSequence = 5,
	/// The odometer reading is below the last accepted one.
	OdometerBackwards = 6,
	/// The distance since the last report is more than top speed x elapsed time.
	ImplausibleDistance = 7,
	/// Less than the minimum interval since the last accepted report.
	TooFrequent = 8,
	/// The report's time is not after the last accepted report's time.
	TimeNotIncreasing = 9,
	/// The report's time is beyond the chain's time plus the allowed clock drift.
	FromTheFuture = 10,
	/// The owner has not granted consent to mine the vehicle's data (or revoked it).
	NoConsent = 11,
	/// The owner's consent expired before the report's time.
	ConsentExpired = 12,
}

impl RejectReason {
	/// Every reason, in code order.
	pub const ALL: [RejectReason; 12] = [
		Self::WrongChain,
		Self::UnknownVehicle,
		Self::Deregistered,
		Self::BadSignature,
		Self::StaleSequence,
		Self::OdometerBackwards,
		Self::ImplausibleDistance,
		Self::TooFrequent,
		Self::TimeNotIncreasing,
		Self::FromTheFuture,
		Self::NoConsent,
		Self::ConsentExpired,
	];

	/// The stable code (`InvalidTransaction::Custom(code)`).
	pub fn code(self) -> u8 {
		self as u8
	}

	/// The reason with this code, if any.
	pub fn from_code(code: u8) -> Option<Self> {
		Self::ALL.into_iter().find(|r| r.code() == code)
	}
}

impl From<MiningRefusal> for RejectReason {
	fn from(refusal: MiningRefusal) -> Self {
		match refusal {
			MiningRefusal::UnknownVehicle => Self::UnknownVehicle,
			MiningRefusal::Deregistered => Self::Deregistered,
			MiningRefusal::NoConsent => Self::NoConsent,
			MiningRefusal::ConsentExpired => Self::ConsentExpired,
		}
	}
}

impl From<RejectReason> for TransactionValidityError {
	fn from(reason: RejectReason) -> Self {
		InvalidTransaction::Custom(reason.code()).into()
	}
}

/// Plausibility parameters of reports, set by [`crate::Config::ParamsOrigin`].
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
	serde::Serialize,
	serde::Deserialize,
)]
pub struct MiningParams {
	/// Highest plausible average speed between two reports, in km/h (non-zero).
	pub top_speed_kmh: u32,
	/// Least time between two accepted reports of a vehicle, in milliseconds (non-zero).
	pub min_report_interval_ms: u64,
	/// How far a report's time may be ahead of the chain's time, in milliseconds.
	pub max_clock_drift_ms: u64,
}

impl Default for MiningParams {
	/// 250 km/h, one report a minute at most, 5 minutes of clock drift.
	fn default() -> Self {
		Self { top_speed_kmh: 250, min_report_interval_ms: 60_000, max_clock_drift_ms: 300_000 }
	}
}

impl MiningParams {
	/// Whether the parameters are usable: non-zero top speed and minimum interval.
	pub fn is_valid(&self) -> bool {
		self.top_speed_kmh > 0 && self.min_report_interval_ms > 0
	}

	/// Whether `meters` in `elapsed_ms` is at most the top speed:
	/// `meters x 3_600 <= top_speed_kmh x elapsed_ms` (km/h x ms / 3600 = m).
	pub fn plausible(&self, meters: Meters, elapsed_ms: u64) -> bool {
		(meters as u128).saturating_mul(3_600)
			<= (self.top_speed_kmh as u128).saturating_mul(elapsed_ms as u128)
	}
}

/// A vehicle's mining state.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct VehicleMining {
	/// The last accepted report's sequence number.
	pub last_seq: u64,
	/// The last accepted report's odometer reading, in metres.
	pub last_odometer_m: Meters,
	/// The last accepted report's time, in milliseconds.
	pub last_time_ms: Moment,
	/// Rewards earned but not yet paid, scaled by [`SCALE`].
	pub unclaimed: U256,
	/// The slot of the bucket of the vehicle's last report with metres; its older slots are
	/// in [`crate::Slots`].
	pub current: Option<Slot>,
}

/// One slot of a vehicle's ring of `WindowBuckets` slots: the metres it drove in one bucket.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Slot {
	/// The bucket the metres were accepted in.
	pub bucket: u32,
	/// Metres accepted in that bucket.
	pub meters: u128,
	/// Sum over those reports of `metres x Acc` at acceptance (or at the last settlement).
	pub entry: U256,
}

impl Slot {
	/// What the slot earned (scaled) up to accumulator value `acc`:
	/// `meters x acc - entry` (never negative: the accumulator only grows).
	pub fn earned(&self, acc: U256) -> U256 {
		U256::from(self.meters).saturating_mul(acc).saturating_sub(self.entry)
	}
}

/// Sets up what benchmarks need outside this pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers `vehicle` owned by `owner` with device key `device_key`, consent granted
	/// without expiry, so that [`crate::Config::Registry`] admits its reports and
	/// `VehicleRegistry::owner_of` returns `owner`. The vehicle must take
	/// [`crate::Config::OnMileageVerified`]'s cheapest path (e.g. not an angel vehicle): the
	/// report benchmarks include that path, and the calls add the hook's bound on top.
	fn register_vehicle(
		vehicle: &VehicleId,
		owner: &AccountId,
		device_key: sp_runtime::MultiSigner,
	);
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn codes_are_stable_and_round_trip() {
		for (i, r) in RejectReason::ALL.into_iter().enumerate() {
			assert_eq!(r.code() as usize, i + 1);
			assert_eq!(RejectReason::from_code(r.code()), Some(r));
			// The SCALE encoding is the code too.
			assert_eq!(r.encode(), vec![r.code()]);
		}
		assert_eq!(RejectReason::from_code(0), None);
		assert_eq!(RejectReason::from_code(13), None);
	}

	#[test]
	fn payload_is_context_then_report() {
		let report = MileageReport {
			genesis: H256::repeat_byte(1),
			vehicle: H256::repeat_byte(2),
			seq: 3,
			odometer_m: 4,
			time_ms: 5,
			trip_hash: H256::repeat_byte(6),
		};
		let mut expected = b"csop/mileage-report/v1".to_vec();
		expected.extend(report.encode());
		assert_eq!(report.signing_payload(), expected);
		assert_eq!(report.encode().len(), 32 + 32 + 8 + 8 + 8 + 32);
	}

	#[test]
	fn plausibility_is_top_speed_times_time() {
		let p = MiningParams::default();
		// 250 km/h for one minute = 4166.67 m.
		assert!(p.plausible(4_166, 60_000));
		assert!(!p.plausible(4_167, 60_000));
		assert!(p.plausible(0, 0));
		assert!(!p.plausible(1, 0));
		assert!(p.is_valid());
		assert!(!MiningParams { top_speed_kmh: 0, ..p }.is_valid());
		assert!(!MiningParams { min_report_interval_ms: 0, ..p }.is_valid());
	}

	#[test]
	fn refusals_map_to_reasons() {
		assert_eq!(RejectReason::from(MiningRefusal::UnknownVehicle), RejectReason::UnknownVehicle);
		assert_eq!(RejectReason::from(MiningRefusal::Deregistered), RejectReason::Deregistered);
		assert_eq!(RejectReason::from(MiningRefusal::NoConsent), RejectReason::NoConsent);
		assert_eq!(RejectReason::from(MiningRefusal::ConsentExpired), RejectReason::ConsentExpired);
	}
}
