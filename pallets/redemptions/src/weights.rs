//! Weights for `pallet-redemptions`.
//!
//! PROVISIONAL: upper-bound estimates from each call's storage accesses (weighed with the
//! runtime's database weights) plus a fixed compute allowance, to be replaced by the output of
//! `frame-benchmarking` (`benchmarking.rs`) once the node has the `benchmark pallet`
//! subcommand. Do not hand-tune.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet-redemptions`.
pub trait WeightInfo {
	fn list_item() -> Weight;
	fn update_item() -> Weight;
	fn set_item_open() -> Weight;
	fn redeem() -> Weight;
	fn fulfil() -> Weight;
	fn reject() -> Weight;
}

/// Weights using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: reads 1, writes 2.
	fn list_item() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 2))
	}
	/// Storage: reads 1, writes 1.
	fn update_item() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: reads 1, writes 1.
	fn set_item_open() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	/// Storage: reads 7, writes 6.
	fn redeem() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(7, 6))
	}
	/// Storage: reads 4, writes 3.
	fn fulfil() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(4, 3))
	}
	/// Storage: reads 5, writes 4.
	fn reject() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(5, 4))
	}
}

/// For tests.
impl WeightInfo for () {
	fn list_item() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
	fn update_item() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
	fn set_item_open() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
	fn redeem() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
	fn fulfil() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
	fn reject() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
	}
}
