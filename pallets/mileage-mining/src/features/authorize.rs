//! Checking and authorizing reports: every check of a report against the chain, the registry,
//! the clock and the vehicle's last report, its signature, and the `#[pallet::authorize]`
//! functions of [`Call::report`] and [`Call::report_bundle`].

use super::report::ReportContext;
use crate::*;
use alloc::vec::Vec;
use csop_primitives::{Meters, VehicleRegistry};
use frame_support::pallet_prelude::*;
use sp_runtime::{traits::Verify, MultiSignature, MultiSigner};

/// A report that passed every check but the signature.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CheckedReport {
	/// The key that must have signed it.
	pub device_key: MultiSigner,
	/// The vehicle's state before the report (`None` for its first report).
	pub state: Option<VehicleMining>,
	/// Metres driven since the last accepted report (zero for the first one).
	pub meters: Meters,
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
	fn check_report_in(
		ctx: &ReportContext<T>,
		report: &MileageReport,
	) -> Result<CheckedReport, RejectReason> {
		ensure!(ctx.genesis.as_ref() == report.genesis.as_bytes(), RejectReason::WrongChain);
		let vehicle = T::Registry::mining_vehicle(&report.vehicle, report.time_ms)?;
		ensure!(
			report.time_ms <= ctx.now_ms.saturating_add(ctx.params.max_clock_drift_ms),
			RejectReason::FromTheFuture
		);
		let (state, meters) = Self::check_progress(ctx, report)?;
		Ok(CheckedReport { device_key: vehicle.device_key, state, meters })
	}

	/// The checks of `report` against the vehicle's last accepted report (the last five of
	/// [`Self::check_report`]). Returns the vehicle's state and the metres driven since (both
	/// `None`/zero for its first report).
	pub(crate) fn check_progress(
		ctx: &ReportContext<T>,
		report: &MileageReport,
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
				ensure!(ctx.params.plausible(meters, elapsed), RejectReason::ImplausibleDistance);
				meters
			},
		};
		Ok((state, meters))
	}

	/// Whether `signature` is `key`'s signature of `report`'s
	/// [signing payload](MileageReport::signing_payload). A signature of another key type
	/// than the key never verifies.
	pub fn verify_signature(
		report: &MileageReport,
		signature: &MultiSignature,
		key: &MultiSigner,
	) -> bool {
		let payload = report.signing_payload();
		match (signature, key) {
			(MultiSignature::Sr25519(s), MultiSigner::Sr25519(k)) => s.verify(&payload[..], k),
			(MultiSignature::Ed25519(s), MultiSigner::Ed25519(k)) => s.verify(&payload[..], k),
			(MultiSignature::Ecdsa(s), MultiSigner::Ecdsa(k)) => s.verify(&payload[..], k),
			_ => false,
		}
	}

	/// Every check of `report`, its signature last.
	///
	/// # Errors
	/// See [`Self::check_report`]; then `BadSignature`.
	pub fn validate_report(
		report: &MileageReport,
		signature: &MultiSignature,
	) -> Result<CheckedReport, RejectReason> {
		Self::validate_report_in(&ReportContext::load(), report, signature)
	}

	/// [`Self::validate_report`] against `ctx`.
	pub(crate) fn validate_report_in(
		ctx: &ReportContext<T>,
		report: &MileageReport,
		signature: &MultiSignature,
	) -> Result<CheckedReport, RejectReason> {
		let checked = Self::check_report_in(ctx, report)?;
		ensure!(
			Self::verify_signature(report, signature, &checked.device_key),
			RejectReason::BadSignature
		);
		Ok(checked)
	}

	/// The pool validity of a valid report: provides `(b"csop/mileage", vehicle, seq)`.
	fn valid_transaction(report: &MileageReport) -> ValidTransaction {
		ValidTransaction {
			priority: T::ReportPriority::get(),
			requires: Vec::new(),
			provides: alloc::vec![report.tag()],
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
		signature: &MultiSignature,
	) -> TransactionValidityWithRefund {
		Self::validate_report(report, signature)?;
		Ok((Self::valid_transaction(report), Self::signature_refund(signature)))
	}

	/// Authorizes [`Call::report_bundle`]: the bundle is not empty and at least one report is
	/// fully valid (signatures are verified only until the first valid report). The validity
	/// provides that report's tag; the authorization weight of the reports after it is
	/// refunded, and what the valid report's signature weighs less than the costliest key
	/// type's ([`Self::signature_refund`]).
	///
	/// # Errors
	/// `InvalidTransaction::Call` for an empty bundle; otherwise
	/// `InvalidTransaction::Custom(code)` of the first report's reason.
	pub fn authorize_report_bundle(
		_source: TransactionSource,
		reports: &ReportBundleOf<T>,
	) -> TransactionValidityWithRefund {
		ensure!(!reports.is_empty(), InvalidTransaction::Call);
		let ctx = ReportContext::load();
		let mut first_reason = None;
		for (i, (report, signature)) in reports.iter().enumerate() {
			match Self::validate_report_in(&ctx, report, signature) {
				Ok(_) => {
					let n = reports.len() as u32;
					let used = (i as u32).saturating_add(1);
					let refund = Self::authorize_report_bundle_weight(n)
						.saturating_sub(Self::authorize_report_bundle_weight(used))
						.saturating_add(Self::signature_refund(signature));
					return Ok((Self::valid_transaction(report), refund));
				},
				Err(reason) => {
					first_reason.get_or_insert(reason);
				},
			}
		}
		Err(first_reason.unwrap_or(RejectReason::BadSignature).into())
	}
}
