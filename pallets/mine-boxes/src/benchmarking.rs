//! Benchmarks for `pallet-mine-boxes` (frame-benchmarking v2).

use super::*;
use csop_primitives::{CrystalLedger, StoneIssuer};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{One, Saturating, StaticLookup},
	SaturatedConversion,
};

/// The largest box type: the longest name and the most drop entries, the last one stones.
fn details<T: Config>(stones: BalanceOf<T>) -> BoxTypeDetails<BalanceOf<T>> {
	let entries = T::MaxDrops::get().max(1);
	let mut drops: alloc::vec::Vec<Drop<BalanceOf<T>>> = (1..entries)
		.map(|i| Drop { treasure: Treasure::Crystals(1), ppm: 1, rare: i % 2 == 0 })
		.collect();
	let used: u32 = drops.iter().map(|d| d.ppm).sum();
	drops.push(Drop { treasure: Treasure::Stones(stones), ppm: PPM - used, rare: true });
	BoxType {
		name: alloc::vec![b'x'; T::MaxNameLen::get() as usize],
		price: 10,
		drops,
		fallback: Some(Treasure::Right { right: 1, quantity: 1 }),
		daily_supply: Some(1_000_000),
		per_account_daily: Some(1_000_000),
		pity: Some(1_000),
		open: true,
	}
}

/// A box type whose draws almost surely give stones.
fn box_type<T: Config>() -> BoxTypeId {
	// A stone (above any existential deposit), or what the pool has left if less.
	let stones: BalanceOf<T> = 1_000_000_000_000u128.saturated_into();
	let stones = stones.min(T::Stones::remaining(csop_primitives::Pool::Cultivation));
	let box_type = Pallet::<T>::new_box_type(details::<T>(stones)).expect("valid table");
	Pallet::<T>::do_create_box_type(box_type).expect("id fits")
}

fn buyer<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("buyer", 0, 0);
	T::Crystals::grant(&who, 1_000).expect("crystals granted");
	T::BenchmarkHelper::make_certified_owner(&who);
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_box_type() -> Result<(), BenchmarkError> {
		let origin =
			T::BoxOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let details = details::<T>(1_000u128.saturated_into());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, details);
		assert!(BoxTypes::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn set_box_type_open() -> Result<(), BenchmarkError> {
		let origin =
			T::BoxOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let t = box_type::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, t, false);
		assert!(!BoxTypes::<T>::get(t).expect("exists").open);
		Ok(())
	}

	#[benchmark]
	fn buy_box() {
		let t = box_type::<T>();
		let who = buyer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), t);
		assert_eq!(PendingBoxes::<T>::get(&who).len(), 1);
	}

	/// The heaviest reveal: a certified owner is paid stones from the pool.
	#[benchmark]
	fn reveal() {
		let t = box_type::<T>();
		let who = buyer::<T>();
		let id = Pallet::<T>::do_buy_box(&who, t).expect("bought");
		let draw_at =
			frame_system::Pallet::<T>::block_number().saturating_add(RevealDelay::<T>::get());
		frame_system::Pallet::<T>::set_block_number(draw_at);
		Pallet::<T>::advance_seed(draw_at);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id);
		let outcome = Boxes::<T>::get(id).expect("exists").outcome.expect("revealed");
		assert!(outcome.treasure.is_stones() && outcome.fallback.is_none(), "stones were paid");
	}

	#[benchmark]
	fn use_right() -> Result<(), BenchmarkError> {
		let origin =
			T::OperatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("winner", 0, 0);
		Rights::<T>::insert(&who, 1, 2);
		let lookup = T::Lookup::unlookup(who.clone());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lookup, 1, 1);
		assert_eq!(Rights::<T>::get(&who, 1), 1);
		Ok(())
	}

	/// A block that boxes wait for: the running seed advances and the slot is filled.
	#[benchmark]
	fn on_initialize_seed() {
		let n: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number() + One::one();
		SeedSlots::<T>::insert(n, SeedSlot { seed: None, waiting: 1 });
		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}
		assert!(SeedSlots::<T>::get(n).expect("kept").seed.is_some());
	}

	#[benchmark]
	fn set_reveal_delay() -> Result<(), BenchmarkError> {
		let origin =
			T::BoxOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let delay: BlockNumberFor<T> = 5u32.into();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, delay);
		assert_eq!(RevealDelay::<T>::get(), delay);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
