//! Weights for `pallet-mileage-mining`.
//!
//! PROVISIONAL: upper-bound estimates from each call's storage accesses (weighed with the
//! runtime's database weights) plus a fixed compute allowance (one signature verification is
//! budgeted at 100 µs), to be replaced by the output of `frame-benchmarking`
//! (`benchmarking.rs`) once the node has the `benchmark pallet` subcommand. Do not hand-tune.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet-mileage-mining`.
pub trait WeightInfo {
	/// Authorizing one report: all checks and one signature verification.
	fn authorize_report() -> Weight;
	/// Applying one authorized report (worst case: a matured slot is folded).
	fn report() -> Weight;
	/// Authorizing a batch of `n` reports (worst case: only the last one is valid).
	fn authorize_report_batch(n: u32) -> Weight;
	/// Applying a batch of `n` reports, every one fully checked.
	fn report_batch(n: u32) -> Weight;
	/// Claiming with `s` slots.
	fn claim(s: u32) -> Weight;
	/// Setting the parameters.
	fn set_params() -> Weight;
	/// Closing a batch that closes a bucket (`on_initialize`).
	fn close_batch() -> Weight;
	/// Removing a deregistered vehicle with `s` live slots.
	fn on_deregistered(s: u32) -> Weight;
}

const SIGNATURE: u64 = 100_000_000;
const BASE: u64 = 30_000_000;
const PROOF: u64 = 4_000;

/// Weights using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: reads 5 (block hash, registry x2, params, vehicle).
	fn authorize_report() -> Weight {
		Weight::from_parts(BASE + SIGNATURE, PROOF).saturating_add(T::DbWeight::get().reads(5))
	}
	/// Storage: reads 10, writes 5.
	fn report() -> Weight {
		Weight::from_parts(BASE, PROOF).saturating_add(T::DbWeight::get().reads_writes(10, 5))
	}
	/// Per report: reads 5, one signature.
	fn authorize_report_batch(n: u32) -> Weight {
		Weight::from_parts(BASE, PROOF).saturating_add(
			Weight::from_parts(BASE + SIGNATURE, PROOF)
				.saturating_add(T::DbWeight::get().reads(5))
				.saturating_mul(n as u64),
		)
	}
	/// Per report: reads 10, writes 5, one signature.
	fn report_batch(n: u32) -> Weight {
		Weight::from_parts(BASE, PROOF).saturating_add(
			Weight::from_parts(BASE + SIGNATURE, PROOF)
				.saturating_add(T::DbWeight::get().reads_writes(10, 5))
				.saturating_mul(n as u64),
		)
	}
	/// Storage: reads 6 + 2 per slot, writes 4 + 1 per slot.
	fn claim(s: u32) -> Weight {
		Weight::from_parts(BASE, PROOF)
			.saturating_add(T::DbWeight::get().reads_writes(6, 4))
			.saturating_add(
				Weight::from_parts(2_000_000, 600)
					.saturating_add(T::DbWeight::get().reads_writes(2, 1))
					.saturating_mul(s as u64),
			)
	}
	/// Storage: writes 1.
	fn set_params() -> Weight {
		Weight::from_parts(BASE, PROOF).saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: reads 8, writes 7.
	fn close_batch() -> Weight {
		Weight::from_parts(BASE, PROOF).saturating_add(T::DbWeight::get().reads_writes(8, 7))
	}
	/// Storage: reads 7 + 3 per slot, writes 5 + 3 per slot.
	fn on_deregistered(s: u32) -> Weight {
		Weight::from_parts(BASE, PROOF)
			.saturating_add(T::DbWeight::get().reads_writes(7, 5))
			.saturating_add(
				Weight::from_parts(3_000_000, 600)
					.saturating_add(T::DbWeight::get().reads_writes(3, 3))
					.saturating_mul(s as u64),
			)
	}
}

/// For tests.
impl WeightInfo for () {
	fn authorize_report() -> Weight {
		Weight::from_parts(BASE + SIGNATURE, PROOF)
	}
	fn report() -> Weight {
		Weight::from_parts(BASE, PROOF)
	}
	fn authorize_report_batch(n: u32) -> Weight {
		Weight::from_parts(BASE, PROOF)
			.saturating_add(Weight::from_parts(BASE + SIGNATURE, PROOF).saturating_mul(n as u64))
	}
	fn report_batch(n: u32) -> Weight {
		Weight::from_parts(BASE, PROOF)
			.saturating_add(Weight::from_parts(BASE + SIGNATURE, PROOF).saturating_mul(n as u64))
	}
	fn claim(s: u32) -> Weight {
		Weight::from_parts(BASE, PROOF)
			.saturating_add(Weight::from_parts(2_000_000, 600).saturating_mul(s as u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(BASE, PROOF)
	}
	fn close_batch() -> Weight {
		Weight::from_parts(BASE, PROOF)
	}
	fn on_deregistered(s: u32) -> Weight {
		Weight::from_parts(BASE, PROOF)
			.saturating_add(Weight::from_parts(3_000_000, 600).saturating_mul(s as u64))
	}
}
