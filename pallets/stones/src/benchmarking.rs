//! Benchmarks for `pallet-stones` (frame-benchmarking v2).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Inspect, EnsureOrigin};
use frame_system::RawOrigin;
use sp_runtime::traits::StaticLookup;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = Pallet::<T>::cap(Pool::Cultivation) / 4u32.into();
	Pallet::<T>::do_issue(Pool::Cultivation, &who, amount, IssuePrecision::Exact)
		.expect("the cultivation pool has stones in a fresh benchmark state");
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn transfer() {
		Policy::<T>::put(TransferPolicy::Free);
		let from = funded::<T>("from", 0);
		let to = funded::<T>("to", 1);
		let amount = T::Currency::balance(&from) / 2u32.into();
		let dest = T::Lookup::unlookup(to.clone());
		let before = T::Currency::balance(&to);

		#[extrinsic_call]
		_(RawOrigin::Signed(from), dest, amount);

		assert_eq!(T::Currency::balance(&to), before + amount);
	}

	#[benchmark]
	fn burn() {
		let who = funded::<T>("holder", 0);
		let amount = T::Currency::balance(&who) / 2u32.into();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), amount);

		assert_eq!(Burned::<T>::get(), amount);
	}

	#[benchmark]
	fn set_transfer_policy() -> Result<(), BenchmarkError> {
		let origin =
			T::PolicyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, TransferPolicy::Free);

		assert_eq!(Policy::<T>::get(), TransferPolicy::Free);
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
