//! Benchmarks for `pallet-consortium` (frame-benchmarking v2), including the transaction
//! extension [`CheckKnownSigner`].

use super::*;
use alloc::{boxed::Box, vec};
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	traits::EnsureOrigin,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{
	AsSystemOriginSigner, AsTransactionAuthorizedOrigin, DispatchTransaction, Dispatchable,
	StaticLookup,
};

#[benchmarks(where
	T: Send + Sync,
	<T as Config>::RuntimeCall: From<frame_system::Call<T>>,
	<T as frame_system::Config>::RuntimeCall:
		Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	<T as frame_system::Config>::RuntimeOrigin:
		AsSystemOriginSigner<T::AccountId> + AsTransactionAuthorizedOrigin + Clone,
)]
mod benchmarks {
	use super::*;

	fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
		T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
	}

	#[benchmark]
	fn appoint() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let who: T::AccountId = account("holder", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Role::CatalogManager, T::Lookup::unlookup(who.clone()));
		assert!(Pallet::<T>::has_role(Role::CatalogManager, &who));
		Ok(())
	}

	#[benchmark]
	fn dismiss() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let who: T::AccountId = account("holder", 0, 0);
		Pallet::<T>::do_appoint(Role::CatalogManager, &who)
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Role::CatalogManager, T::Lookup::unlookup(who.clone()));
		assert!(!Pallet::<T>::has_role(Role::CatalogManager, &who));
		Ok(())
	}

	#[benchmark]
	fn register_user() -> Result<(), BenchmarkError> {
		let origin = T::UserRegistrarOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("user", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()));
		assert!(RegisteredUsers::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn deregister_user() -> Result<(), BenchmarkError> {
		let origin = T::UserRegistrarOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("user", 0, 0);
		Pallet::<T>::do_register_user(&who).map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(who.clone()));
		assert!(!RegisteredUsers::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn set_rate_limit() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let limit = RateLimit { max_transactions: 10, period: 20 };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, AccountClass::User, Some(limit));
		assert_eq!(RateLimits::<T>::get(AccountClass::User), Some(limit));
		Ok(())
	}

	/// The overhead of dispatching as root (the inner call's weight is added to it).
	#[benchmark]
	fn dispatch_as_root() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));
		Ok(())
	}

	/// The heaviest admission: a registered user (every class before it is looked up), limited,
	/// counted in a window it already used.
	#[benchmark]
	fn check_known_signer() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("user", 0, 0);
		Pallet::<T>::do_register_user(&who).map_err(|_| BenchmarkError::Weightless)?;
		let limit = RateLimit { max_transactions: 1_000, period: 1_000 };
		RateLimits::<T>::insert(AccountClass::User, limit);
		Pallet::<T>::note_transaction(&who, &limit);
		let call: <T as frame_system::Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();
		let info = DispatchInfo::default();
		let ext = CheckKnownSigner::<T>::new();
		#[block]
		{
			ext.test_run(RawOrigin::Signed(who.clone()).into(), &call, &info, 0, 0, |_| {
				Ok(().into())
			})
			.map_err(|_| BenchmarkError::Weightless)?
			.map_err(|_| BenchmarkError::Weightless)?;
		}
		assert_eq!(UsageOf::<T>::get(&who).map(|u| u.count), Some(2));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
