//! Weights for `pallet-stones`.
//!
//! PROVISIONAL: these are upper-bound estimates from the storage accesses of each call (reads
//! and writes weighed with the runtime's database weights) plus a fixed compute allowance.
//! They are to be replaced by the output of `frame-benchmarking` (`benchmarking.rs` holds the
//! benchmarks; the node's `benchmark pallet` subcommand is not built yet). Do not hand-tune.

#![allow(unused_parens)]
#![allow(unused_imports)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet-stones`.
pub trait WeightInfo {
	fn transfer() -> Weight;
	fn burn() -> Weight;
	fn set_transfer_policy() -> Weight;
}

/// Weights for `pallet-stones` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Stones::Policy` (r:1), `System::Account` (r:2 w:2), owner lookups (r:2).
	fn transfer() -> Weight {
		Weight::from_parts(60_000_000, 3_593).saturating_add(T::DbWeight::get().reads_writes(5, 2))
	}
	/// Storage: `Stones::Burned` (r:1 w:1), `System::Account` (r:1 w:1).
	fn burn() -> Weight {
		Weight::from_parts(40_000_000, 3_593).saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	/// Storage: `Stones::Policy` (w:1).
	fn set_transfer_policy() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
}

/// For tests: the same figures with the RocksDB reference database weights.
impl WeightInfo for () {
	fn transfer() -> Weight {
		Weight::from_parts(60_000_000, 3_593).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(5, 2),
		)
	}
	fn burn() -> Weight {
		Weight::from_parts(40_000_000, 3_593).saturating_add(
			frame_support::weights::constants::RocksDbWeight::get().reads_writes(2, 2),
		)
	}
	fn set_transfer_policy() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(frame_support::weights::constants::RocksDbWeight::get().writes(1))
	}
}
