//! Benchmarks for `pallet-account-recovery` (frame-benchmarking v2). The moves themselves are
//! weighed by each domain; `advance` here is the call's own work: reading the recovery, one
//! empty step in every domain, the final check of every domain and the completion.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::traits::StaticLookup;

fn lookup<T: Config>(who: &T::AccountId) -> AccountIdLookupOf<T> {
	T::Lookup::unlookup(who.clone())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn open() -> Result<(), BenchmarkError> {
		let origin =
			T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let lost: T::AccountId = account("lost", 0, 0);
		let rescuer: T::AccountId = account("rescuer", 0, 0);
		T::BenchmarkHelper::give_holdings(&lost);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			lookup::<T>(&lost),
			lookup::<T>(&rescuer),
			H256::repeat_byte(1),
		);

		assert_eq!(Recoveries::<T>::get(&lost).map(|r| r.rescuer), Some(rescuer));
		Ok(())
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let lost: T::AccountId = account("lost", 0, 0);
		let rescuer: T::AccountId = account("rescuer", 0, 0);
		T::BenchmarkHelper::give_holdings(&lost);
		Pallet::<T>::do_open(lost.clone(), rescuer, H256::repeat_byte(1))
			.map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lost.clone()), lookup::<T>(&lost));

		assert!(!Recoveries::<T>::contains_key(&lost));
		Ok(())
	}

	#[benchmark]
	fn advance() -> Result<(), BenchmarkError> {
		let lost: T::AccountId = account("lost", 0, 0);
		let rescuer: T::AccountId = account("rescuer", 0, 0);
		let caller: T::AccountId = whitelisted_caller();
		let now = frame_system::Pallet::<T>::block_number();
		// A recovery whose account holds nothing more: every domain is stepped through and
		// checked, and the recovery completes.
		Recoveries::<T>::insert(
			&lost,
			Recovery {
				rescuer: rescuer.clone(),
				evidence: H256::repeat_byte(1),
				opened_at: now,
				executable_at: now,
				progress: None,
			},
		);
		Rescuers::<T>::insert(&rescuer, &lost);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), lookup::<T>(&lost), T::MaxBudget::get());

		assert!(!Recoveries::<T>::contains_key(&lost));
		Ok(())
	}

	#[benchmark]
	fn set_delay() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let delay = T::MinDelay::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, delay);

		assert_eq!(Delay::<T>::get(), delay);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
