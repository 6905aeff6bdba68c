#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod functions;
mod impls;
pub mod runtime_api;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use csop_primitives::{IssuePrecision, Pool, StoneIssuer, TransferPolicy, VehicleOwnership};
pub use pallet::*;
pub use weights::WeightInfo;

/// The balance type of the stones currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// The share of the car maker's equity that the whole stone supply stands for: 4.9%, in parts
/// per billion.
pub const EQUITY_SHARE_PPB: u128 = 49_000_000;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Balanced, Mutate},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::StaticLookup;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The stones ledger: the chain's native balances. This pallet is the only minter.
		type Currency: Mutate<Self::AccountId> + Balanced<Self::AccountId>;

		/// Cumulative cap of the mileage mining pool (210,000,000 stones).
		#[pallet::constant]
		type MileageMiningCap: Get<BalanceOf<Self>>;

		/// Cumulative cap of the cultivation pool (90,000,000 stones).
		#[pallet::constant]
		type CultivationCap: Get<BalanceOf<Self>>;

		/// The fixed total supply (300,000,000 stones); the pool caps must not add up to more.
		#[pallet::constant]
		type MaxSupply: Get<BalanceOf<Self>>;

		/// Who may change the transfer policy (consortium governance).
		type PolicyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Which accounts are certified vehicle owners (for [`TransferPolicy::CertifiedOwners`]).
		type Owners: VehicleOwnership<Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Stones ever issued from each pool. Never decreases: burned stones are not re-issued.
	#[pallet::storage]
	pub type Issued<T: Config> = StorageMap<_, Twox64Concat, Pool, BalanceOf<T>, ValueQuery>;

	/// Stones ever burned (redeemed, burned by their holder, or dust of reaped accounts).
	#[pallet::storage]
	pub type Burned<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Who may transfer stones to whom. `Bound` unless governance changes it.
	#[pallet::storage]
	pub type Policy<T: Config> = StorageValue<_, TransferPolicy, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Stones issued at genesis: `(pool, account, amount)`. They count against the pool's cap
		/// like any other issue.
		pub issued: alloc::vec::Vec<(Pool, T::AccountId, BalanceOf<T>)>,
		/// The transfer policy at genesis.
		pub policy: TransferPolicy,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (pool, who, amount) in &self.issued {
				// Genesis may fail loudly: a chain spec that breaks a cap must not start.
				Pallet::<T>::do_issue(*pool, who, *amount, IssuePrecision::Exact)
					.expect("genesis issuance must fit the pool caps and the existential deposit");
			}
			Policy::<T>::put(self.policy);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `amount` new stones were issued from `pool` to `who`.
		Issued { pool: Pool, who: T::AccountId, amount: BalanceOf<T> },
		/// `who` burned `amount` of their stones.
		Burned { who: T::AccountId, amount: BalanceOf<T> },
		/// Dust below the existential deposit left a reaped account and was burned.
		DustBurned { amount: BalanceOf<T> },
		/// `amount` stones moved from `from` to `to`.
		Transferred { from: T::AccountId, to: T::AccountId, amount: BalanceOf<T> },
		/// The transfer policy is now `policy`.
		TransferPolicyChanged { policy: TransferPolicy },
		/// An account recovery moved `from`'s free stones, `amount`, to `to`, the same person's
		/// new account (whatever the transfer policy).
		Recovered { from: T::AccountId, to: T::AccountId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The pool has fewer stones left than the exact amount asked for.
		PoolCapReached,
		/// The amount is zero.
		ZeroAmount,
		/// Stones are bound to their holder's account: the policy allows no transfers.
		TransfersDisabled,
		/// The policy allows transfers only between certified vehicle owners; the sender is not.
		SenderNotCertifiedOwner,
		/// The policy allows transfers only between certified vehicle owners; the recipient is
		/// not.
		RecipientNotCertifiedOwner,
		/// The account has fewer free stones than the amount (a transfer also keeps the
		/// existential deposit on the sender's account).
		InsufficientStones,
		/// A sender cannot transfer to itself.
		SelfTransfer,
		/// An issuance counter would overflow (cannot happen while the caps hold).
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let caps = T::MileageMiningCap::get().checked_add(&T::CultivationCap::get());
			assert!(
				caps.is_some_and(|caps| caps <= T::MaxSupply::get()),
				"the pool caps must add up to at most MaxSupply"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Transfer `amount` stones to `dest`, if the transfer policy allows it. The sender's
		/// account is kept alive.
		///
		/// Permissionless (any signed holder), subject to [`Policy`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			dest: <T::Lookup as StaticLookup>::Source,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			let to = T::Lookup::lookup(dest)?;
			Self::do_transfer(&from, &to, amount)
		}

		/// Burn `amount` of the caller's own stones. They are never issued again.
		///
		/// Permissionless (any signed holder).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::burn())]
		pub fn burn(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_burn(&who, amount)
		}

		/// Set who may transfer stones to whom.
		///
		/// Privileged: [`Config::PolicyOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_transfer_policy())]
		pub fn set_transfer_policy(origin: OriginFor<T>, policy: TransferPolicy) -> DispatchResult {
			T::PolicyOrigin::ensure_origin(origin)?;
			Self::do_set_policy(policy);
			Ok(())
		}
	}
}
