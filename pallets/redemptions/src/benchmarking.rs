//! Benchmarks for `pallet-redemptions` (frame-benchmarking v2).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;

fn item<T: Config>(price: BalanceOf<T>) -> ItemOf<T> {
	Item {
		name: alloc::vec![b'x'; T::MaxNameLen::get() as usize]
			.try_into()
			.expect("fits MaxNameLen"),
		category: Category::HardwareUpgrade,
		price,
		cash_part: Some(1),
		stock: Some(1_000),
		per_account_limit: Some(1_000),
		eligibility: Eligibility::default(),
		open: true,
	}
}

fn holder<T: Config>(price: BalanceOf<T>) -> T::AccountId {
	let who: T::AccountId = account("holder", 0, 0);
	// Above the existential deposit whatever the runtime's is.
	let amount = T::Currency::minimum_balance() + price * 10u32.into();
	T::Currency::set_balance(&who, amount);
	who
}

fn redeemed<T: Config>() -> (T::AccountId, RedemptionId) {
	let price: BalanceOf<T> = 1_000u32.into();
	Pallet::<T>::do_list_item(item::<T>(price)).expect("listing works");
	let who = holder::<T>(price);
	let id = Pallet::<T>::do_redeem(&who, 0).expect("redeem works");
	(who, id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn list_item() -> Result<(), BenchmarkError> {
		let origin =
			T::CatalogOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let details = item::<T>(1_000u32.into()).details();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, details);
		assert!(Items::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn update_item() -> Result<(), BenchmarkError> {
		let origin =
			T::CatalogOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::do_list_item(item::<T>(1_000u32.into()))
			.map_err(|_| BenchmarkError::Weightless)?;
		let details = item::<T>(2_000u32.into()).details();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, details);
		assert_eq!(Items::<T>::get(0).map(|i| i.price), Some(2_000u32.into()));
		Ok(())
	}

	#[benchmark]
	fn set_item_open() -> Result<(), BenchmarkError> {
		let origin =
			T::CatalogOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::do_list_item(item::<T>(1_000u32.into()))
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, false);
		assert_eq!(Items::<T>::get(0).map(|i| i.open), Some(false));
		Ok(())
	}

	#[benchmark]
	fn redeem() {
		let price: BalanceOf<T> = 1_000u32.into();
		Pallet::<T>::do_list_item(item::<T>(price)).expect("listing works");
		let who = holder::<T>(price);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0);
		assert_eq!(AccountRedemptions::<T>::get(&who).len(), 1);
	}

	#[benchmark]
	fn fulfil() -> Result<(), BenchmarkError> {
		let origin =
			T::OperatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, id) = redeemed::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);
		assert_eq!(Redemptions::<T>::get(id).map(|r| r.status), Some(Status::Fulfilled));
		Ok(())
	}

	#[benchmark]
	fn reject() -> Result<(), BenchmarkError> {
		let origin =
			T::OperatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (_, id) = redeemed::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);
		assert_eq!(Redemptions::<T>::get(id).map(|r| r.status), Some(Status::Rejected));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
