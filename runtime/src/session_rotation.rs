//! What the block that rotates the session is charged.
//!
//! `pallet-session` charges the whole block (`max_block`) for the block in which it rotates the
//! session: on relay chains a rotation may run an election of unknown cost. On this chain a
//! rotation is bounded: the session pallet moves the queued keys of at most
//! [`MaxAuthorities`] validators, `pallet-validator-set` plans the next set (one key lookup
//! per validator), and BABE and GRANDPA enact the new authorities. Charged a whole block,
//! every session boundary (each BABE epoch, a minute) made a block that could hold no
//! transaction: one block in 20 stayed empty however full the pool was.
//!
//! [`ReclaimSessionRotation`] (frame-system's `PostInherents`, run after the inherents and
//! before the first transaction) gives back what the session pallet charged beyond the
//! rotation's measured weight ([`WeightInfo::rotate_session`] with `MaxAuthorities`
//! validators, `./scripts/bench/benchmark.sh session-rotation`), so that block takes transactions
//! like any other. It recognises a rotation by BABE's `EpochStart` (its current epoch began in
//! this block: BABE's epochs change only when the session pallet rotates, and the rotation
//! enacts them), and costs every block one read of it.

use crate::{configs::MaxAuthorities, Runtime, System};
use frame_support::{dispatch::DispatchClass, traits::PostInherents, weights::Weight};

/// Weight functions of a session rotation (`runtime/src/weights/session_rotation.rs`).
pub trait WeightInfo {
	/// `pallet_session::Pallet::rotate_session` with `n` validators queued for the next session
	/// and `n` in a newly planned set, with this runtime's session manager and handlers.
	fn rotate_session(n: u32) -> Weight;
}

/// The measured weights.
pub type RotationWeights = crate::weights::session_rotation::WeightInfo<Runtime>;

/// The weight of the worst rotation this runtime can make ([`MaxAuthorities`] validators).
pub fn rotation_weight() -> Weight {
	<RotationWeights as WeightInfo>::rotate_session(MaxAuthorities::get())
}

/// What `pallet-session` charges the block that rotates the session: the whole block.
fn session_pallet_charge() -> Weight {
	<Runtime as frame_system::Config>::BlockWeights::get().max_block
}

/// What a block is charged for a session rotation after [`ReclaimSessionRotation`]: the
/// session pallet's charge, less what is given back.
pub fn reclaimed_charge() -> Weight {
	session_pallet_charge().min(rotation_weight())
}

/// `frame_system::Config::PostInherents`: gives back what `pallet-session` charged for a session
/// rotation beyond its measured weight (see the module docs).
pub struct ReclaimSessionRotation;

impl PostInherents for ReclaimSessionRotation {
	fn post_inherents() {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let now = System::block_number();
		if pallet_babe::EpochStart::<Runtime>::get().1 == now {
			let excess = session_pallet_charge().saturating_sub(rotation_weight());
			frame_system::BlockWeight::<Runtime>::mutate(|consumed| {
				consumed.reduce(excess, DispatchClass::Mandatory)
			});
		}
		// The read of `EpochStart` above.
		System::register_extra_weight_unchecked(db.reads(1), DispatchClass::Mandatory);
	}
}

/// The benchmark of a session rotation (`csop-node benchmark pallet --pallet session_rotation`).
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking {
	use super::*;
	use alloc::vec::Vec;
	use codec::Decode;
	use frame_benchmarking::v2::*;
	use frame_support::traits::Get;
	use sp_runtime::traits::TrailingZeroInput;

	/// What the benchmark needs: a session pallet whose validators are accounts, and the
	/// governed validator set that plans them.
	pub trait Config:
		pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
		+ pallet_validator_set::Config
		+ pallet_babe::Config
	{
	}

	impl Config for Runtime {}

	/// The benchmarked "pallet": a session rotation.
	pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

	#[benchmarks]
	mod benchmarks {
		use super::*;

		/// The heaviest rotation with `n` validators: `n` queued for the session that begins
		/// (BABE's and GRANDPA's new authorities, a changed set), and a new set of `n` others,
		/// each with session keys, planned for the session after it (`n` key lookups to plan
		/// it and `n` to queue its keys). The chain was offline for an epoch, so BABE also
		/// records a skipped epoch.
		#[benchmark]
		fn rotate_session(n: Linear<1, { MaxAuthorities::get() }>) -> Result<(), BenchmarkError> {
			let epoch = <T as pallet_babe::Config>::EpochDuration::get();
			let genesis_slot = u64::from(pallet_babe::GenesisSlot::<T>::get());
			let slot = genesis_slot.saturating_add(epoch.saturating_mul(2));
			pallet_babe::CurrentSlot::<T>::put(sp_consensus_babe::Slot::from(slot));
			let keys =
				<T as pallet_session::Config>::Keys::decode(&mut TrailingZeroInput::zeroes())
					.map_err(|_| BenchmarkError::Stop("session keys decode from zeroes"))?;
			let queued: Vec<_> = (0..n)
				.map(|i| (account::<T::AccountId>("queued", i, 0), keys.clone()))
				.collect();
			pallet_session::QueuedKeys::<T>::put(queued);
			pallet_session::QueuedChanged::<T>::put(true);
			let next: Vec<T::AccountId> = (0..n).map(|i| account("next", i, 0)).collect();
			for v in &next {
				pallet_session::NextKeys::<T>::insert(v, keys.clone());
			}
			let set = pallet_validator_set::ValidatorsOf::<T>::try_from(next)
				.map_err(|_| BenchmarkError::Stop("more validators than MaxValidators"))?;
			pallet_validator_set::Validators::<T>::put(set);
			let index = pallet_session::CurrentIndex::<T>::get();

			#[block]
			{
				pallet_session::Pallet::<T>::rotate_session();
			}

			assert_eq!(pallet_session::CurrentIndex::<T>::get(), index + 1);
			assert_eq!(pallet_session::QueuedKeys::<T>::get().len(), n as usize);
			Ok(())
		}
	}
}
