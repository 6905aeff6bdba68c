//! What mileage reports cost in a block, from the weights the runtime charges: the call's
//! dispatch weight, its authorisation (`AuthorizeCall`), the other transaction extensions and
//! the per-extrinsic base weight. Prints the figures (for docs/mileage-benchmark.md) and guards
//! that a block holds hundreds of reports and that a gateway batch is cheaper per report than
//! single reports.

use csop_runtime::{configs::RuntimeBlockWeights, Runtime, RuntimeCall};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	weights::Weight,
};
use pallet_mileage_mining::MileageReport;
use sp_runtime::{traits::TransactionExtension, MultiSignature};

fn signed_report(seq: u64) -> (MileageReport, MultiSignature) {
	let report = MileageReport {
		genesis: Default::default(),
		vehicle: Default::default(),
		seq,
		odometer_m: 1,
		time_ms: 1,
		trip_hash: Default::default(),
	};
	(report, MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])))
}

/// Everything a general transaction carrying `call` is charged before dispatch.
fn charged(call: &RuntimeCall) -> Weight {
	let info = call.get_dispatch_info();
	let ext = csop_runtime::tx_extension(0, sp_runtime::generic::Era::Immortal);
	let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
	info.total_weight().saturating_add(ext.weight(call)).saturating_add(base)
}

/// What a general (unsigned, authorised) transaction carrying `call` leaves in the block after
/// dispatch: the pre-dispatch charge minus what `CheckKnownSigner` refunds for transactions
/// that are not signed (it reads nothing for them; its pallet tests check the refund).
/// `WeightReclaim` returns the refund to the block, so this is what fills blocks.
fn kept(call: &RuntimeCall) -> Weight {
	charged(call).saturating_sub(pallet_consortium::CheckKnownSigner::<Runtime>::new().weight(call))
}

#[test]
fn reports_fit_blocks_and_gateway_batches_are_cheaper_per_report() {
	let (report, signature) = signed_report(1);
	let single_call =
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::report { report, signature });
	let single_charged = charged(&single_call);
	let single = kept(&single_call);
	let n = csop_runtime::configs::MaxReportBatch::get();
	let reports = (0..n as u64).map(signed_report).collect::<Vec<_>>().try_into().unwrap();
	let batch_call =
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::report_batch { reports });
	let batch_charged = charged(&batch_call);
	let batch = kept(&batch_call);
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let block = normal.max_total.unwrap_or(Weight::MAX).ref_time();
	let per_batch_report = batch.ref_time() / n as u64;
	println!(
		"single report: {} us charged before dispatch, {} us kept, a block fits {}; gateway batch \
		 of {n}: {} us per report kept, a block fits {} reports",
		single_charged.ref_time() / 1_000_000,
		single.ref_time() / 1_000_000,
		block / single.ref_time(),
		per_batch_report / 1_000_000,
		block / batch.ref_time() * n as u64,
	);
	assert!(single_charged.all_lte(normal.max_extrinsic.unwrap_or(Weight::MAX)));
	assert!(
		batch_charged.all_lte(normal.max_extrinsic.unwrap_or(Weight::MAX)),
		"a full batch fits a block"
	);
	assert!(block / single.ref_time() >= 500, "a block must hold at least 500 single reports");
	assert!(per_batch_report < single.ref_time(), "batching must amortise per-extrinsic costs");
}
