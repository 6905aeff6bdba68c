//! Benchmarks for `pallet-crystals` (frame-benchmarking v2).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use sp_runtime::traits::StaticLookup;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_activity_rule() -> Result<(), BenchmarkError> {
		let origin =
			T::RuleOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let rule = ActivityRule { crystals: 10, daily_cap: 3, lifetime_cap: Some(100) };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Activity::Referral, Some(rule));
		assert_eq!(ActivityRules::<T>::get(Activity::Referral), Some(rule));
		Ok(())
	}

	/// The heaviest award: a new account (provider reference), a lifetime cap to check.
	#[benchmark]
	fn award() -> Result<(), BenchmarkError> {
		let origin =
			T::OracleOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let rule = ActivityRule { crystals: 10, daily_cap: 3, lifetime_cap: Some(100) };
		ActivityRules::<T>::insert(Activity::Referral, rule);
		let who: T::AccountId = account("user", 0, 0);
		let now = Pallet::<T>::now_ms();
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			T::Lookup::unlookup(who.clone()),
			Activity::Referral,
			now,
			sp_core::H256::repeat_byte(1),
		);
		assert_eq!(Pallet::<T>::crystals(&who), 10);
		Ok(())
	}

	#[benchmark]
	fn grant() {
		let who: T::AccountId = account("user", 0, 0);
		#[block]
		{
			Pallet::<T>::do_grant(&who, 10).expect("granted");
		}
		assert_eq!(Pallet::<T>::crystals(&who), 10);
	}

	#[benchmark]
	fn spend() {
		let who: T::AccountId = account("user", 0, 0);
		Pallet::<T>::do_grant(&who, 10).expect("granted");
		#[block]
		{
			Pallet::<T>::do_spend(&who, 10).expect("spent");
		}
		assert_eq!(Pallet::<T>::crystals(&who), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
