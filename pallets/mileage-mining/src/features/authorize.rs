//! Checking and authorizing reports: every check of a report against the chain, the registry,
//! the clock and the vehicle's last report, its signature, and the `#[pallet::authorize]`
//! functions of [`Call::report`] and [`Call::report_bundle`].

use super::report::ReportContext;
use crate::*;
use alloc::vec::Vec;
use csop_device_crypto::{device_crypto, KeyType, SignatureCheck};
use csop_primitives::{DeviceKey, DeviceSignature};
use csop_primitives::{Meters, Moment, VehicleId, VehicleRegistry};
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Verify;

/// A report that passed every check but the signature.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CheckedReport {
	/// The key that must have signed it.
	pub device_key: DeviceKey,
	/// The vehicle's state before the report (`None` for its first report).
	pub state: Option<VehicleMining>,
	/// Metres driven since the last accepted report: zero for a baseline (the vehicle's first
	/// report, or its first under a new consent).
	pub meters: Meters,
	/// When the consent that covers the report began.
	pub consent_since_ms: Moment,
}

impl<T: Config> Pallet<T> {
	/// Every check of `report` except its signature, against the current state.
	///
	/// # Errors
	/// The [`RejectReason`] of the first failing check, in this order: `WrongChain`; the
	/// registry's refusal (`UnknownVehicle`, `Deregistered`, `NoConsent`, `ConsentExpired`);
	/// `FromTheFuture`; then against the last accepted report `StaleSequence`,
	/// `TimeNotIncreasing`, `TooFrequent`, `OdometerBackwards`, `ImplausibleDistance`.
	pub fn check_report(report: &MileageReport) -> Result<CheckedReport, RejectReason> {
		Self::check_report_in(&ReportContext::load(), report)
	}

	/// [`Self::check_report`] against `ctx`.
	pub(crate) fn check_report_in(
		ctx: &ReportContext<T>,
		report: &MileageReport,
	) -> Result<CheckedReport, RejectReason> {
		ensure!(ctx.genesis.as_ref() == report.genesis.as_bytes(), RejectReason::WrongChain);
		let vehicle = T::Registry::mining_vehicle(&report.vehicle, report.time_ms)?;
		ensure!(
			report.time_ms <= ctx.now_ms.saturating_add(ctx.params.max_clock_drift_ms),
			RejectReason::FromTheFuture
		);
		let (state, meters) = Self::check_progress(ctx, report, vehicle.consent_since_ms)?;
		Ok(CheckedReport {
			device_key: vehicle.device_key,
			state,
			meters,
			consent_since_ms: vehicle.consent_since_ms,
		})
	}

	/// The checks of `report` against the vehicle's last accepted report (the last five of
	/// [`Self::check_report`]), for a report covered by the consent that began at
	/// `consent_since_ms`. Returns the vehicle's state and the metres driven since.
	///
	/// A report is a baseline, crediting no metres, when it is the vehicle's first or the
	/// first under a new consent (the last accepted report was under another one: the owner
	/// revoked or let the consent expire and granted it again, or the vehicle was sold). Its
	/// odometer still may not go backwards and its sequence and time must still increase,
	/// but the distance since the last report, driven outside consent, is neither credited
	/// nor checked for plausibility.
	pub(crate) fn check_progress(
		ctx: &ReportContext<T>,
		report: &MileageReport,
		consent_since_ms: Moment,
	) -> Result<(Option<VehicleMining>, Meters), RejectReason> {
		let state = VehicleStates::<T>::get(report.vehicle);
		let meters = match &state {
			None => 0,
			Some(last) => {
				ensure!(report.seq > last.last_seq, RejectReason::StaleSequence);
				ensure!(report.time_ms > last.last_time_ms, RejectReason::TimeNotIncreasing);
				let elapsed = report.time_ms - last.last_time_ms;
				ensure!(elapsed >= ctx.params.min_report_interval_ms, RejectReason::TooFrequent);
				let meters = report
					.odometer_m
					.checked_sub(last.last_odometer_m)
					.ok_or(RejectReason::OdometerBackwards)?;
				if last.consent_since_ms != consent_since_ms {
					0
				} else {
					ensure!(
						ctx.params.plausible(meters, elapsed),
						RejectReason::ImplausibleDistance
					);
					meters
				}
			},
		};
		Ok((state, meters))
	}

	/// Whether `signature` is `key`'s signature of `report`'s
	/// [signing payload](MileageReport::signing_payload). A signature of another key type
	/// than the key never verifies.
	pub fn verify_signature(
		report: &MileageReport,
		signature: &DeviceSignature,
		key: &DeviceKey,
	) -> bool {
		let payload = report.signing_payload();
		match (signature, key) {
			(DeviceSignature::Sr25519(s), DeviceKey::Sr25519(k)) => s.verify(&payload[..], k),
			(DeviceSignature::Ed25519(s), DeviceKey::Ed25519(k)) => s.verify(&payload[..], k),
			(DeviceSignature::Ecdsa(s), DeviceKey::Ecdsa(k)) => s.verify(&payload[..], k),
			(DeviceSignature::P256(s), DeviceKey::P256(k)) => {
				device_crypto::verify_p256(&s.0, &payload, &k.0)
			},
			_ => false,
		}
	}

	/// `signature` and `key` as a check for the node's batch verification
	/// (`csop_device_crypto::device_crypto::verify_batch`): the same verdict as
	/// [`Self::verify_signature`] (a signature of another key type than the key never
	/// verifies).
	pub fn signature_check(
		report: &MileageReport,
		signature: &DeviceSignature,
		key: &DeviceKey,
	) -> SignatureCheck {
		let (key_type, public_key, signature) = match (signature, key) {
			(DeviceSignature::Sr25519(s), DeviceKey::Sr25519(k)) => {
				(KeyType::Sr25519, k.0.to_vec(), s.0.to_vec())
			},
			(DeviceSignature::Ed25519(s), DeviceKey::Ed25519(k)) => {
				(KeyType::Ed25519, k.0.to_vec(), s.0.to_vec())
			},
			(DeviceSignature::Ecdsa(s), DeviceKey::Ecdsa(k)) => {
				(KeyType::Ecdsa, k.0.to_vec(), s.0.to_vec())
			},
			(DeviceSignature::P256(s), DeviceKey::P256(k)) => {
				(KeyType::P256, k.0.to_vec(), s.0.to_vec())
			},
			// Mismatched: an empty signature, which never verifies.
			_ => (KeyType::Sr25519, Vec::new(), Vec::new()),
		};
		SignatureCheck { key_type, public_key, message: report.signing_payload(), signature }
	}

	/// Every check of `report`, its signature last.
	///
	/// # Errors
	/// See [`Self::check_report`]; then `BadSignature`.
	pub fn validate_report(
		report: &MileageReport,
		signature: &DeviceSignature,
	) -> Result<CheckedReport, RejectReason> {
		Self::validate_report_in(&ReportContext::load(), report, signature)
	}

	/// [`Self::validate_report`] against `ctx`.
	pub(crate) fn validate_report_in(
		ctx: &ReportContext<T>,
		report: &MileageReport,
		signature: &DeviceSignature,
	) -> Result<CheckedReport, RejectReason> {
		let checked = Self::check_report_in(ctx, report)?;
		ensure!(
			Self::verify_signature(report, signature, &checked.device_key),
			RejectReason::BadSignature
		);
		Ok(checked)
	}

	/// The tag every pending report of `vehicle` provides while `last_seq` is its last
	/// accepted sequence number (`None` before its first): `(b"csop/mileage/pending", vehicle,
	/// last_seq)`, SCALE encoded. Two reports of one vehicle valid against the same state
	/// provide it both, so the pool keeps one of them (the first; the other is refused as
	/// "Priority is too low") until a block takes it: at most one report per vehicle pending.
	pub fn pending_tag(vehicle: &VehicleId, last_seq: Option<u64>) -> Vec<u8> {
		(REPORT_PENDING_TAG_PREFIX, vehicle, last_seq).encode()
	}

	/// Each report's verdict against the current state, as the pool would give it alone:
	/// `None` if valid, else its [`RejectReason`] (runtime API: what a gateway asks before it
	/// bundles reports).
	pub fn check_reports(
		reports: &[(MileageReport, DeviceSignature)],
	) -> Vec<Option<RejectReason>> {
		let ctx = ReportContext::load();
		reports
			.iter()
			.map(|(report, signature)| Self::validate_report_in(&ctx, report, signature).err())
			.collect()
	}

	/// The pool validity of valid reports: each provides its own tag
	/// (`(b"csop/mileage", vehicle, seq)`) and its vehicle's [`Self::pending_tag`]; none
	/// requires anything.
	fn valid_transaction<'a>(
		reports: impl IntoIterator<Item = (&'a MileageReport, &'a CheckedReport)>,
	) -> ValidTransaction {
		let provides = reports
			.into_iter()
			.flat_map(|(report, checked)| {
				let last_seq = checked.state.as_ref().map(|s| s.last_seq);
				[report.tag(), Self::pending_tag(&report.vehicle, last_seq)]
			})
			.collect();
		ValidTransaction {
			priority: T::ReportPriority::get(),
			requires: Vec::new(),
			provides,
			longevity: REPORT_LONGEVITY,
			propagate: true,
		}
	}

	/// Authorizes [`Call::report`]: every check, the signature included.
	///
	/// # Errors
	/// `InvalidTransaction::Custom(reason.code())` for the first failing [`RejectReason`].
	pub fn authorize_report(
		_source: TransactionSource,
		report: &MileageReport,
		signature: &DeviceSignature,
	) -> TransactionValidityWithRefund {
		let checked = Self::validate_report(report, signature)?;
		Ok((Self::valid_transaction([(report, &checked)]), Self::signature_refund(signature)))
	}

	/// Authorizes [`Call::report_bundle`].
	///
	/// - In the transaction pool (any source but a block) every report must be fully valid,
	///   so that no one can wrap a valid report in junk whose checks the block author pays
	///   for (every report's other checks run before any signature is verified); the validity
	///   provides every report's tags, and each report is refunded what its signature costs
	///   less than the costliest key type's ([`Self::signature_refund`]). A bundle in the pool
	///   is dropped when a block takes one of its reports in another transaction: the gateway
	///   resubmits the others.
	/// - In a block (`TransactionSource::InBlock`) one valid report is enough: an earlier
	///   transaction of the block may have made others stale, and the dispatch skips them
	///   (signatures are verified only until the first valid report, and the authorization
	///   weight of the reports after it is refunded).
	///
	/// # Errors
	/// `InvalidTransaction::Call` for an empty bundle; otherwise
	/// `InvalidTransaction::Custom(code)`: in the pool, the first report's failing check other
	/// than the signature, else the first bad signature's `BadSignature`; in a block, the
	/// first report's reason when none is valid. [`Self::check_reports`] tells which are bad.
	pub fn authorize_report_bundle(
		source: TransactionSource,
		reports: &ReportBundleOf<T>,
	) -> TransactionValidityWithRefund {
		ensure!(!reports.is_empty(), InvalidTransaction::Call);
		let ctx = ReportContext::load();
		if source != TransactionSource::InBlock {
			// Every check but the signature first, for all reports, so that a bundle with a
			// bad report is refused before any signature is verified unless only a signature
			// is bad.
			let checked = reports
				.iter()
				.map(|(report, _)| Self::check_report_in(&ctx, report))
				.collect::<Result<Vec<_>, _>>()?;
			// Then every signature at once, on the node's threads (the pool validates bundles
			// outside any block: the speed-up is the pool's; the weight is not reduced).
			let batch = reports
				.iter()
				.zip(&checked)
				.map(|((report, signature), checked)| {
					Self::signature_check(report, signature, &checked.device_key)
				})
				.collect::<Vec<_>>();
			let verified = device_crypto::verify_batch(batch);
			ensure!(
				verified.len() == reports.len() && verified.iter().all(|ok| *ok),
				RejectReason::BadSignature
			);
			let refund = reports.iter().fold(Weight::zero(), |refund, (_, signature)| {
				refund.saturating_add(Self::signature_refund(signature))
			});
			let valid = Self::valid_transaction(reports.iter().map(|(r, _)| r).zip(&checked));
			return Ok((valid, refund));
		}
		let mut first_reason = None;
		for (i, (report, signature)) in reports.iter().enumerate() {
			match Self::validate_report_in(&ctx, report, signature) {
				Ok(checked) => {
					let n = reports.len() as u32;
					let used = (i as u32).saturating_add(1);
					let refund = Self::authorize_report_bundle_weight(n)
						.saturating_sub(Self::authorize_report_bundle_weight(used))
						.saturating_add(Self::signature_refund(signature));
					return Ok((Self::valid_transaction([(report, &checked)]), refund));
				},
				Err(reason) => {
					first_reason.get_or_insert(reason);
				},
			}
		}
		Err(first_reason.unwrap_or(RejectReason::BadSignature).into())
	}
}
