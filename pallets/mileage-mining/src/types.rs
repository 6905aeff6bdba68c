//! Domain types of mileage mining: reports, rejection reasons, parameters, per-vehicle state.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use csop_primitives::{Meters, MiningRefusal, Moment, VehicleId};
use scale_info::TypeInfo;
use sp_core::{H256, U256};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionLongevity, TransactionValidityError},
	SaturatedConversion,
};

/// The fixed-point scale of the reward-per-metre accumulator: `10^18`.
pub const REWARD_PER_METER_SCALE: u128 = 1_000_000_000_000_000_000;

/// [`REWARD_PER_METER_SCALE`] as a [`U256`].
pub fn scale() -> U256 {
	U256::from(REWARD_PER_METER_SCALE)
}

/// The context bytes a device signs before the SCALE-encoded report.
pub const REPORT_SIGNING_CONTEXT: &[u8; 22] = b"csop/mileage-report/v1";

/// The prefix of the transaction-pool tag a report provides.
pub const REPORT_TAG_PREFIX: &[u8; 12] = b"csop/mileage";

/// Prefix of the tag every pending report of a vehicle provides
/// ([`crate::Pallet::pending_tag`]).
pub const REPORT_PENDING_TAG_PREFIX: &[u8; 20] = b"csop/mileage/pending";

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
	/// When the owner's consent that covered the last accepted report began
	/// ([`csop_primitives::MiningVehicle::consent_since_ms`]). A report under another consent
	/// is a new baseline: it credits no distance.
	pub consent_since_ms: Moment,
	/// Rewards earned but not yet paid, scaled by [`REWARD_PER_METER_SCALE`].
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
	/// Sum over those reports of `metres x RewardPerMeter` at acceptance (or at the last settlement).
	pub entry: U256,
}

impl Slot {
	/// What the slot earned (scaled) up to accumulator value `acc`:
	/// `meters x acc - entry` (never negative: the accumulator only grows).
	pub fn earned(&self, acc: U256) -> U256 {
		U256::from(self.meters).saturating_mul(acc).saturating_sub(self.entry)
	}
}

/// How periods group into buckets of `bucket_periods` periods, and buckets into the trailing
/// window of `window` buckets that mileage counts for ([`crate::Config::BucketPeriods`],
/// [`crate::Config::WindowBuckets`]). Pure arithmetic on plain integers; both values are at
/// least 1.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Buckets {
	bucket_periods: u32,
	window: u32,
}

impl Buckets {
	/// `bucket_periods` periods per bucket and a window of `window` buckets (a zero counts as 1).
	pub fn new(bucket_periods: u32, window: u32) -> Self {
		Self { bucket_periods: bucket_periods.max(1), window: window.max(1) }
	}

	/// Periods per bucket `B` (at least 1).
	pub fn bucket_periods(&self) -> u32 {
		self.bucket_periods
	}

	/// The window length `S`, in buckets (at least 1).
	pub fn window(&self) -> u32 {
		self.window
	}

	/// The bucket of period `period`: `period / B`.
	pub fn bucket_of(&self, period: u32) -> u32 {
		period / self.bucket_periods
	}

	/// The index of `bucket`'s slot in a vehicle's ring: `bucket % S`.
	pub fn slot_index(&self, bucket: u32) -> u32 {
		bucket % self.window
	}

	/// The last bucket in which metres of `bucket` count: `bucket + S - 1` (`None` if that
	/// overflows `u32`).
	pub fn last_counting_bucket(&self, bucket: u32) -> Option<u32> {
		bucket.checked_add(self.window - 1)
	}

	/// The bucket whose last period `period` is (`period / B` when `B` divides `period + 1`), or
	/// `None` if `period` is not the last of its bucket.
	pub fn ended_by(&self, period: u32) -> Option<u32> {
		(period as u64 + 1)
			.is_multiple_of(self.bucket_periods as u64)
			.then_some(period / self.bucket_periods)
	}

	/// The bucket that leaves the window when bucket `bucket` closes: `bucket + 1 - S`, or
	/// `None` while fewer than `S` buckets have closed.
	pub fn expiring_with(&self, bucket: u32) -> Option<u32> {
		(bucket as u64 + 1)
			.checked_sub(self.window as u64)
			.map(|expired| expired as u32)
	}

	/// Buckets whose last period has closed, when `closed` periods have: `closed / B`.
	pub fn closed_buckets(&self, closed: u64) -> u64 {
		closed / self.bucket_periods as u64
	}

	/// Whether `bucket` is still in the window once `closed_buckets` buckets have closed:
	/// `bucket + S > closed_buckets`.
	pub fn in_window(&self, bucket: u32, closed_buckets: u64) -> bool {
		bucket as u64 + self.window as u64 > closed_buckets
	}
}

/// How blocks group into periods of `reward_period` blocks (the reward period), and periods
/// into [`Buckets`]. Pure arithmetic on plain integers; `reward_period` is at least 1.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Periods {
	reward_period: u32,
	buckets: Buckets,
}

impl Periods {
	/// `reward_period` blocks per period (a zero counts as 1), periods grouped by `buckets`.
	pub fn new(reward_period: u32, buckets: Buckets) -> Self {
		Self { reward_period: reward_period.max(1), buckets }
	}

	/// Blocks per period `P` (at least 1).
	pub fn reward_period(&self) -> u32 {
		self.reward_period
	}

	/// How periods group into buckets and the window.
	pub fn buckets(&self) -> Buckets {
		self.buckets
	}

	/// The period block `block` belongs to: `block / P` (saturated to `u32`).
	pub fn period_of(&self, block: u64) -> u32 {
		(block / self.reward_period as u64).saturated_into()
	}

	/// The period that block `block` closes (in its `on_initialize`): `block / P - 1` when
	/// `block` is the first block of a period other than period 0 (saturated to `u32`); `None`
	/// for any other block.
	pub fn period_closed_at(&self, block: u64) -> Option<u32> {
		let period = self.reward_period as u64;
		if block == 0 || !block.is_multiple_of(period) {
			return None;
		}
		Some((block / period - 1).saturated_into())
	}

	/// The block whose `on_initialize` closes period `period`: `(period + 1) x P` (saturating).
	pub fn close_block_of(&self, period: u32) -> u64 {
		(period as u64).saturating_add(1).saturating_mul(self.reward_period as u64)
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
		device_key: csop_primitives::DeviceKey,
	);
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

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

	#[test]
	fn zero_periods_count_as_one() {
		let buckets = Buckets::new(0, 0);
		assert_eq!((buckets.bucket_periods(), buckets.window()), (1, 1));
		let periods = Periods::new(0, buckets);
		assert_eq!(periods.reward_period(), 1);
		assert_eq!(periods.period_of(7), 7);
		assert_eq!(buckets.bucket_of(7), 7);
		assert_eq!(buckets.slot_index(7), 0);
		assert_eq!(buckets.last_counting_bucket(7), Some(7));
		assert_eq!(buckets.ended_by(7), Some(7));
		assert_eq!(buckets.expiring_with(7), Some(7));
	}

	#[test]
	fn periods_buckets_and_the_window() {
		// P = 4 blocks per period, B = 2 periods per bucket, S = 3 buckets.
		let buckets = Buckets::new(2, 3);
		let periods = Periods::new(4, buckets);
		assert_eq!(periods.buckets(), buckets);
		assert_eq!(
			(0..9).map(|n| periods.period_of(n)).collect::<Vec<_>>(),
			[0, 0, 0, 0, 1, 1, 1, 1, 2]
		);
		// Block 0 closes nothing; the first block of each later period closes the one before.
		let closed: Vec<_> = (0..13).map(|n| periods.period_closed_at(n)).collect();
		assert_eq!(closed[0], None);
		assert_eq!((closed[4], closed[8], closed[12]), (Some(0), Some(1), Some(2)));
		assert!(closed.iter().enumerate().all(|(n, c)| c.is_some() == (n > 0 && n % 4 == 0)));
		assert_eq!(periods.close_block_of(0), 4);
		assert_eq!(periods.close_block_of(2), 12);
		assert_eq!((0..6).map(|b| buckets.bucket_of(b)).collect::<Vec<_>>(), [0, 0, 1, 1, 2, 2]);
		// Periods 1, 3, 5 end buckets 0, 1, 2.
		assert_eq!(
			(0..6).map(|b| buckets.ended_by(b)).collect::<Vec<_>>(),
			[None, Some(0), None, Some(1), None, Some(2)]
		);
		// Bucket 0 counts through bucket 2 and leaves the window when bucket 2 closes.
		assert_eq!(buckets.last_counting_bucket(0), Some(2));
		assert_eq!((buckets.expiring_with(1), buckets.expiring_with(2)), (None, Some(0)));
		assert_eq!((buckets.slot_index(2), buckets.slot_index(3)), (2, 0));
		assert_eq!(buckets.closed_buckets(5), 2);
		assert!(buckets.in_window(0, 2));
		assert!(!buckets.in_window(0, 3));
	}

	#[test]
	fn overflow_saturates_or_refuses() {
		let buckets = Buckets::new(u32::MAX, u32::MAX);
		assert_eq!(buckets.last_counting_bucket(0), Some(u32::MAX - 1));
		assert_eq!(buckets.last_counting_bucket(1), Some(u32::MAX));
		assert_eq!(buckets.last_counting_bucket(2), None);
		assert_eq!(buckets.ended_by(u32::MAX - 1), Some(0));
		assert_eq!(buckets.ended_by(u32::MAX), None);
		assert_eq!(buckets.expiring_with(u32::MAX), Some(1));
		assert!(!buckets.in_window(u32::MAX, u64::MAX));
		assert!(buckets.in_window(0, u32::MAX as u64 - 1));
		let periods = Periods::new(1, Buckets::new(1, 1));
		assert_eq!(periods.period_of(u64::MAX), u32::MAX);
		assert_eq!(periods.period_closed_at(u64::MAX), Some(u32::MAX));
		assert_eq!(periods.close_block_of(u32::MAX), 1 << 32);
		let long = Periods::new(u32::MAX, Buckets::new(1, 1));
		assert_eq!(long.close_block_of(u32::MAX), (1u64 << 32) * u32::MAX as u64);
	}

	proptest! {
		// The methods give what the pallet computed inline before they existed.
		#[test]
		fn periods_match_the_inline_formulas(
			period in any::<u32>(),
			per_bucket in any::<u32>(),
			window in any::<u32>(),
			block in any::<u64>(),
			index in any::<u32>(),
			bucket in any::<u32>(),
			closed in any::<u64>(),
		) {
			let buckets = Buckets::new(per_bucket, window);
			let periods = Periods::new(period, buckets);
			let (p, b, s) = (period.max(1) as u64, per_bucket.max(1), window.max(1));
			let period_of: u32 = (block / p).saturated_into();
			prop_assert_eq!(periods.period_of(block), period_of);
			let closes = if block == 0 || !block.is_multiple_of(p) {
				None
			} else {
				Some((block / p - 1).saturated_into::<u32>())
			};
			prop_assert_eq!(periods.period_closed_at(block), closes);
			prop_assert_eq!(periods.close_block_of(index), (index as u64).saturating_add(1).saturating_mul(p));
			prop_assert_eq!(buckets.bucket_of(index), index / b);
			prop_assert_eq!(buckets.slot_index(bucket), bucket % s);
			prop_assert_eq!(buckets.last_counting_bucket(bucket), bucket.checked_add(s - 1));
			let ended = (index as u64 + 1).is_multiple_of(b as u64).then_some(index / b);
			prop_assert_eq!(buckets.ended_by(index), ended);
			let expired = (bucket as u64 + 1).checked_sub(s as u64).map(|e| e as u32);
			prop_assert_eq!(buckets.expiring_with(bucket), expired);
			prop_assert_eq!(buckets.closed_buckets(closed), closed / b as u64);
			prop_assert_eq!(buckets.in_window(bucket, closed), bucket as u64 + s as u64 > closed);
		}
	}
}
