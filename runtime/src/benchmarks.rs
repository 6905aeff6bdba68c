//! The pallets whose benchmarks `csop-node benchmark pallet` can run (only with the
//! `runtime-benchmarks` feature). `scripts/bench/benchmark.sh` runs our own pallets' benchmarks and
//! writes their `weights.rs`, and frame-system's transaction extensions'
//! (`runtime/src/weights/frame_system_extensions.rs`), a session rotation's
//! (`runtime/src/weights/session_rotation.rs`) and a signature check's
//! (`runtime/src/weights/signature_check.rs`).

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[session_rotation, SessionRotationBench::<Runtime>]
	[signature_check, SignatureCheckBench::<Runtime>]
	[pallet_stones, Stones]
	[pallet_redemptions, Redemptions]
	[pallet_vehicles, Vehicles]
	[pallet_mileage_mining, MileageMining]
	[pallet_crystals, Crystals]
	[pallet_mine_boxes, MineBoxes]
	[pallet_consortium, Consortium]
	[pallet_account_recovery, AccountRecovery]
	[pallet_validator_set, ValidatorSet]
	[pallet_collective, ConsortiumCollective]
	[pallet_membership, ConsortiumMembership]
);

/// frame-system's benchmarks (`SystemBench`) need nothing more from this runtime.
impl frame_system_benchmarking::Config for crate::Runtime {}
