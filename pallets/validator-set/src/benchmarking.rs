//! Benchmarks for `pallet-validator-set` (frame-benchmarking v2).

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use sp_runtime::traits::StaticLookup;

/// `n` distinct validator accounts.
fn validators<T: Config>(n: u32) -> Vec<T::AccountId> {
	(0..n).map(|i| account("validator", i, 0)).collect()
}

/// Makes `list` the governed set.
fn set_validators<T: Config>(list: Vec<T::AccountId>) -> Result<(), BenchmarkError> {
	let set = ValidatorsOf::<T>::try_from(list)
		.map_err(|_| BenchmarkError::Stop("more validators than MaxValidators"))?;
	Validators::<T>::put(set);
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The heaviest addition: `MaxValidators - 1` validators to scan for a duplicate, then the
	/// set is full.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxValidators::get();
		set_validators::<T>(validators::<T>(max.saturating_sub(1)))?;
		let who: T::AccountId = account("validator", max, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()));
		assert!(Pallet::<T>::is_validator(&who));
		assert_eq!(Validators::<T>::get().len(), max as usize);
		Ok(())
	}

	/// The heaviest removal: a full set, the last validator removed (the longest scan).
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxValidators::get();
		if max <= T::MinValidators::get() {
			return Err(BenchmarkError::Stop("MaxValidators must exceed MinValidators"));
		}
		let list = validators::<T>(max);
		let who = list.last().cloned().ok_or(BenchmarkError::Stop("no validator"))?;
		set_validators::<T>(list)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()));
		assert!(!Pallet::<T>::is_validator(&who));
		Ok(())
	}

	/// `SessionManager::new_session` with `n` validators: one key lookup per validator (the
	/// part that scales). A benchmark cannot give accounts session keys, so the planned set is
	/// found too small and nothing is written: the figure leaves out one write of `Planned` (at
	/// most `MaxValidators` accounts). Informational only: the session pallet charges a full
	/// block for the block that rotates the session.
	#[benchmark]
	fn plan_session(n: Linear<1, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		set_validators::<T>(validators::<T>(n))?;
		#[block]
		{
			let _ = Pallet::<T>::plan_session(1);
		}
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
