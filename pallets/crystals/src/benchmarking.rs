//! Benchmarks for `pallet-crystals` (frame-benchmarking v2).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
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

	/// `on_idle` pruning `n` references of a day older than the retention and finishing it
	/// (each reference removed from both indexes, the cursor moved, `ReferencesPruned`
	/// emitted): the costliest entry-limited step (a day's daily counters cost one removal
	/// each). The day is chosen directly (`prune_references` is what `on_idle` calls once the
	/// day is old enough), so the benchmark does not depend on the runtime's clock.
	#[benchmark]
	fn on_idle_prune(n: Linear<0, { T::MaxPrunePerBlock::get() }>) {
		let day: Day = 0;
		for i in 0..n {
			// `H256::from_low_u64_be` needs `std`: the wasm runtime benchmarks without it.
			let mut reference = [0u8; 32];
			reference[..4].copy_from_slice(&i.to_le_bytes());
			UsedReferences::<T>::insert(day, sp_core::H256(reference), ());
			ReferenceDays::<T>::insert(sp_core::H256(reference), day);
		}
		ReferencesPruneFrom::<T>::put(day);
		let touched;
		#[block]
		{
			touched = Pallet::<T>::prune_references(day, n.saturating_add(1));
		}
		assert_eq!(touched, n);
		assert_eq!(UsedReferences::<T>::iter_prefix(day).count(), 0);
		assert_eq!(ReferenceDays::<T>::iter().count(), 0);
		assert_eq!(ReferencesPruneFrom::<T>::get(), Some(day + 1));
	}

	#[benchmark]
	fn set_reference_retention() -> Result<(), BenchmarkError> {
		let origin =
			T::RuleOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let days = T::AwardWindowDays::get().saturating_add(1);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, days);
		assert_eq!(ReferenceRetentionDays::<T>::get(), days);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
