//! PLACEHOLDER until `./scripts/bench/benchmark.sh signature-check` regenerates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::Weight};
use core::marker::PhantomData;

pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> crate::signature_check::WeightInfo for WeightInfo<T> {
	fn verify_sr25519() -> Weight {
		Weight::from_parts(56_474_000, 0)
	}
	fn verify_ed25519() -> Weight {
		Weight::from_parts(53_840_000, 0)
	}
	fn verify_ecdsa() -> Weight {
		Weight::from_parts(60_000_000, 0)
	}
}
