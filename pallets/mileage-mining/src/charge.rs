//! Every weight the pallet computes: what reports and their authorization are charged before
//! dispatch and refunded after it (per device key type), and what every block pays once for
//! the values reports share.

use crate::*;
use csop_primitives::DeviceSignature;
use csop_primitives::{OnMileageVerified, SignatureWeights};
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// What every signature verification a report weight includes is charged on top of the
	/// ecdsa signature the report benchmarks verify: the costliest key type's check less the
	/// ecdsa one ([`Config::SignatureWeights`]; zero where ecdsa is the costliest). With it, a
	/// report is charged for the costliest key type.
	pub fn signature_surcharge() -> Weight {
		T::SignatureWeights::costliest_device().saturating_sub(T::SignatureWeights::verify_ecdsa())
	}

	/// What verifying `signature` weighs less than the costliest key type: refunded for each
	/// verified report, so that a device's key type decides what its reports cost (each pays
	/// its own key type's check).
	pub fn signature_refund(signature: &DeviceSignature) -> Weight {
		T::SignatureWeights::costliest_device()
			.saturating_sub(T::SignatureWeights::verify_device(signature))
	}

	/// What authorizing [`Call::report`] is charged: the `authorize_report` benchmark and
	/// [`Self::signature_surcharge`].
	pub fn authorize_report_weight() -> Weight {
		T::WeightInfo::authorize_report().saturating_add(Self::signature_surcharge())
	}

	/// What authorizing [`Call::report_bundle`] of `n` reports is charged: the
	/// `authorize_report_bundle` benchmark and [`Self::signature_surcharge`] per report.
	pub fn authorize_report_bundle_weight(n: u32) -> Weight {
		T::WeightInfo::authorize_report_bundle(n)
			.saturating_add(Self::signature_surcharge().saturating_mul(n as u64))
	}

	/// What [`Call::report`] is charged before dispatch: its benchmark (a report's worst case:
	/// a new bucket for the vehicle, see [`Self::new_slot_weight`]) and the bound of
	/// [`Config::OnMileageVerified`], whose cheapest path the benchmark includes.
	pub fn report_weight() -> Weight {
		T::WeightInfo::report().saturating_add(T::OnMileageVerified::on_mileage_verified_weight())
	}

	/// What [`Call::report_bundle`] of `n` reports is charged before dispatch, as
	/// [`Self::report_weight`] for each report, and [`Self::signature_surcharge`] for each
	/// report's signature check.
	pub fn report_bundle_weight(n: u32) -> Weight {
		let per_report = T::OnMileageVerified::on_mileage_verified_weight()
			.saturating_add(Self::signature_surcharge());
		T::WeightInfo::report_bundle(n).saturating_add(per_report.saturating_mul(n as u64))
	}

	/// The database access of a report's worst case that a report in the same bucket as the
	/// vehicle's last credited one (nearly all of a car's reports: a bucket is an hour) does
	/// not do: reading and removing the ring's slot at the new bucket's index, reading its
	/// closing accumulator ([`BucketRewardPerMeter`]), and writing the previous slot into the ring.
	pub fn new_slot_weight() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}

	/// The database access, once per block, to the values every report shares: reading
	/// [`RewardPeriodOverride`], [`Params`], [`RewardPerMeter`], [`EffectiveMeters`], [`OpenBucket`] and
	/// the genesis hash (`System::BlockHash(0)`), and writing [`EffectiveMeters`] and
	/// [`OpenBucket`]. They are whitelisted in the benchmarks (the genesis hash by the
	/// runtime), so the report weights leave them out: after the first access in a block they
	/// are in the block's overlay or cache.
	pub fn hot_values_weight() -> Weight {
		T::DbWeight::get().reads_writes(6, 2)
	}
}
