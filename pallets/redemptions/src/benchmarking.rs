//! Benchmarks for `pallet-redemptions` (frame-benchmarking v2).

use super::*;
use csop_primitives::{EntitlementKind, VehicleId};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_support::BoundedVec;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::One;

fn item<T: Config>(price: BalanceOf<T>) -> ItemOf<T> {
	Item {
		name: alloc::vec![b'x'; T::MaxNameLen::get() as usize]
			.try_into()
			.expect("fits MaxNameLen"),
		category: Category::BoutiqueItem,
		price,
		cash_part: Some(1),
		stock: Some(1_000),
		per_account_limit: Some(1_000),
		eligibility: Eligibility::default(),
		open: true,
	}
}

/// An item for a vehicle of model 7 with a lidar entitlement: redeeming it reads the vehicle
/// and uses the entitlement; rejecting, cancelling or expiring it gives the entitlement back.
fn vehicle_item<T: Config>(price: BalanceOf<T>) -> ItemOf<T> {
	Item {
		category: Category::HardwareUpgrade,
		eligibility: Eligibility {
			owners_only: true,
			min_days_since_activation: 0,
			model: Some(7),
			entitlement: Some(EntitlementKind::LidarUpgrade),
		},
		..item::<T>(price)
	}
}

/// A vehicle of `who`'s that `vehicle_item` admits.
fn entitled_vehicle<T: Config>(who: &T::AccountId) -> VehicleId {
	T::BenchmarkHelper::entitled_vehicle(who, 7, EntitlementKind::LidarUpgrade)
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
	Pallet::<T>::do_list_item(vehicle_item::<T>(price)).expect("listing works");
	let who = holder::<T>(price);
	let vehicle = entitled_vehicle::<T>(&who);
	let id = Pallet::<T>::do_redeem(&who, 0, Some(vehicle)).expect("redeem works");
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

	/// The worst case: an item for a vehicle of a model that needs an entitlement, so the
	/// vehicle's record and entitlement are read and the entitlement used; the account's list
	/// is full and only its newest redemption is settled, so every listed redemption is read
	/// before that one is pushed out; and every block the expiry may go to but the last is
	/// full.
	#[benchmark]
	fn redeem() {
		let price: BalanceOf<T> = 1_000u32.into();
		Pallet::<T>::do_list_item(item::<T>(price)).expect("listing works");
		let who: T::AccountId = account("holder", 0, 0);
		let max = T::MaxRedemptionsPerAccount::get();
		T::Currency::set_balance(&who, T::Currency::minimum_balance() + price * (max + 1).into());
		for _ in 0..max {
			Pallet::<T>::do_redeem(&who, 0, None).expect("redeem works");
		}
		Pallet::<T>::do_reject(RedemptionId::from(max - 1)).expect("reject works");
		let vehicle = entitled_vehicle::<T>(&who);
		Pallet::<T>::do_list_item(vehicle_item::<T>(price)).expect("listing works");
		let first = frame_system::Pallet::<T>::block_number() + FulfilmentPeriod::<T>::get();
		let full: BoundedVec<RedemptionId, T::MaxExpiringPerBlock> =
			BoundedVec::truncate_from((0..T::MaxExpiringPerBlock::get() as u64).collect());
		let mut at = first;
		for _ in 1..EXPIRY_PROBES {
			Expiring::<T>::insert(at, full.clone());
			at += One::one();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1, Some(vehicle));
		assert_eq!(AccountRedemptions::<T>::get(&who).len() as u32, max);
		assert!(!Redemptions::<T>::contains_key(RedemptionId::from(max - 1)));
		let new = Redemptions::<T>::get(RedemptionId::from(max)).expect("redeemed");
		assert_eq!((new.expires_at, new.vehicle), (at, Some(vehicle)));
		assert_eq!(new.entitlement, Some(EntitlementKind::LidarUpgrade));
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

	#[benchmark]
	fn cancel() {
		let (who, id) = redeemed::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		assert_eq!(Redemptions::<T>::get(id).map(|r| r.status), Some(Status::Cancelled));
	}

	#[benchmark]
	fn set_fulfilment_period() -> Result<(), BenchmarkError> {
		let origin =
			T::ParamsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let period: BlockNumberFor<T> = 1_000u32.into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, period);
		assert_eq!(FulfilmentPeriod::<T>::get(), period);
		Ok(())
	}

	/// `n` redemptions (of `n` holders) expire at one block, all still pending.
	#[benchmark]
	fn expire(n: Linear<0, { T::MaxExpiringPerBlock::get() }>) {
		let price: BalanceOf<T> = 1_000u32.into();
		Pallet::<T>::do_list_item(vehicle_item::<T>(price)).expect("listing works");
		for i in 0..n {
			let who: T::AccountId = account("holder", i, 0);
			T::Currency::set_balance(&who, T::Currency::minimum_balance() + price * 10u32.into());
			let vehicle = entitled_vehicle::<T>(&who);
			Pallet::<T>::do_redeem(&who, 0, Some(vehicle)).expect("redeem works");
		}
		let at = frame_system::Pallet::<T>::block_number() + FulfilmentPeriod::<T>::get();
		assert_eq!(Expiring::<T>::get(at).len() as u32, n);
		#[block]
		{
			Pallet::<T>::expire_due(at);
		}
		assert!((0..n as u64)
			.all(|id| { Redemptions::<T>::get(id).map(|r| r.status) == Some(Status::Expired) }));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
