//! What mileage reports cost in a block, from the weights the runtime charges: the call's
//! dispatch weight, its authorisation (`AuthorizeCall`), the other transaction extensions and
//! the per-extrinsic base weight. Prints the figures (for docs/mileage-benchmark.md) and guards
//! that a block holds hundreds of reports and that a gateway bundle is cheaper per report than
//! single reports.

use csop_primitives::DeviceSignature;
use csop_runtime::{configs::RuntimeBlockWeights, Runtime, RuntimeCall};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	weights::Weight,
};
use pallet_mileage_mining::MileageReport;
use sp_runtime::traits::TransactionExtension;

fn signed_report(seq: u64) -> (MileageReport, DeviceSignature) {
	let report = MileageReport {
		genesis: Default::default(),
		vehicle: Default::default(),
		seq,
		odometer_m: 1,
		time_ms: 1,
		trip_hash: Default::default(),
	};
	(report, DeviceSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])))
}

/// Everything a general transaction carrying `call` is charged before dispatch.
fn charged(call: &RuntimeCall) -> Weight {
	let info = call.get_dispatch_info();
	let ext = csop_runtime::tx_extension(0, sp_runtime::generic::Era::Immortal);
	let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
	info.total_weight().saturating_add(ext.weight(call)).saturating_add(base)
}

/// What a general (unsigned, authorised) transaction carrying `call` leaves in the block after
/// dispatch in the worst case: the pre-dispatch charge minus what `CheckKnownSigner` and
/// `CheckNonce` refund for transactions that are not signed (they read nothing for them; their
/// tests check the refunds). `WeightReclaim` returns refunds to the block, so this is what
/// fills blocks.
fn kept(call: &RuntimeCall) -> Weight {
	charged(call)
		.saturating_sub(pallet_consortium::CheckKnownSigner::<Runtime>::new().weight(call))
		.saturating_sub(frame_system::CheckNonce::<Runtime>::from(0).weight(call))
}

/// What a report usually leaves after its own refund: the vehicle's slot of the bucket is in
/// its record, and the vehicle is not an angel (all but the first 3,000).
fn usual_refund() -> Weight {
	pallet_mileage_mining::Pallet::<Runtime>::new_slot_weight().saturating_add(
		<csop_runtime::Vehicles as csop_primitives::OnMileageVerified>::on_mileage_verified_weight(
		),
	)
}

#[test]
fn reports_fit_blocks_and_gateway_bundles_are_cheaper_per_report() {
	let (report, signature) = signed_report(1);
	let single_call =
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::report { report, signature });
	let single_charged = charged(&single_call);
	let single = kept(&single_call);
	let single_usual = single.saturating_sub(usual_refund());
	let n = csop_runtime::configs::MaxReportBundle::get();
	let reports = (0..n as u64).map(signed_report).collect::<Vec<_>>().try_into().unwrap();
	let bundle_call =
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::report_bundle { reports });
	let bundle_charged = charged(&bundle_call);
	let bundle = kept(&bundle_call);
	// Usually the bundle's first report is valid: authorization verifies one signature and
	// refunds the rest of its charge (`authorize_report_bundle`).
	type Mining = pallet_mileage_mining::Pallet<Runtime>;
	let authorize_refund = Mining::authorize_report_bundle_weight(n)
		.saturating_sub(Mining::authorize_report_bundle_weight(1));
	let bundle_usual = bundle
		.saturating_sub(usual_refund().saturating_mul(n as u64))
		.saturating_sub(authorize_refund);
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let block = normal.max_total.unwrap_or(Weight::MAX).ref_time();
	let per_bundle_report = bundle.ref_time() / n as u64;
	let per_bundle_report_usual = bundle_usual.ref_time() / n as u64;
	println!(
		"single report: {} us charged before dispatch, {} us kept at worst, {} us usually; a \
		 block fits {} (usual: {}); gateway bundle of {n}: {} us per report kept at worst, {} us \
		 usually; a block fits {} reports (usual: {}) (usually: devices of the costliest key \
		 type)",
		single_charged.ref_time() / 1_000_000,
		single.ref_time() / 1_000_000,
		single_usual.ref_time() / 1_000_000,
		block / single.ref_time(),
		block / single_usual.ref_time(),
		per_bundle_report / 1_000_000,
		per_bundle_report_usual / 1_000_000,
		block / bundle.ref_time() * n as u64,
		block / bundle_usual.ref_time() * n as u64,
	);
	// The usual figures above are for devices of the costliest key type (what every report is
	// charged for); the others are refunded what their signature weighs less, once for a
	// single report (its authorization) and once per report for a bundle (its dispatch; the
	// bundle's authorization verifies the first report's).
	let key_types = [
		("ecdsa", DeviceSignature::Ecdsa(sp_core::ecdsa::Signature::from_raw([0; 65]))),
		("sr25519", DeviceSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64]))),
		("ed25519", DeviceSignature::Ed25519(sp_core::ed25519::Signature::from_raw([0; 64]))),
		("p256", DeviceSignature::P256(csop_primitives::P256Signature([0; 64]))),
	];
	let mut mixed = (0, 0);
	for (name, signature) in &key_types {
		let refund = Mining::signature_refund(signature);
		let single = single_usual.saturating_sub(refund).ref_time();
		// A whole bundle of `n` such reports.
		let bundle = bundle_usual.saturating_sub(refund.saturating_mul(n as u64 + 1)).ref_time();
		mixed = (mixed.0 + single / 4, mixed.1 + bundle / 4);
		println!(
			"usual {name} device: single report {} us (a block fits {}), gateway report {} us \
			 (a block fits {})",
			single / 1_000_000,
			block / single,
			bundle / n as u64 / 1_000_000,
			block / bundle * n as u64,
		);
	}
	println!(
		"usual, a quarter of each key type: single report {} us (a block fits {}), gateway report \
		 {} us (a block fits {})",
		mixed.0 / 1_000_000,
		block / mixed.0,
		mixed.1 / n as u64 / 1_000_000,
		block / mixed.1 * n as u64,
	);
	assert!(mixed.1 <= bundle_usual.ref_time(), "no key type costs more than the costliest");
	assert!(single_charged.all_lte(normal.max_extrinsic.unwrap_or(Weight::MAX)));
	assert!(
		bundle_charged.all_lte(normal.max_extrinsic.unwrap_or(Weight::MAX)),
		"a full bundle fits a block"
	);
	assert!(single_usual.all_lt(single), "a usual report is refunded part of its charge");
	assert!(block / single.ref_time() >= 500, "a block must hold at least 500 single reports");
	assert!(per_bundle_report < single.ref_time(), "bundling must amortise per-extrinsic costs");
}
