#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod functions;
mod recovery;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// How many blocks after its expiry a redemption may be queued when that block's
/// [`Expiring`] list is full.
pub const EXPIRY_PROBES: u32 = 16;

/// The balance type of the stones currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;
/// A catalog item of this runtime.
pub type ItemOf<T> = Item<BalanceOf<T>, frame_support::BoundedVec<u8, <T as Config>::MaxNameLen>>;
/// A redemption of this runtime.
pub type RedemptionOf<T> = Redemption<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use csop_primitives::{Entitlements, OnStonesBurned, VehicleId, VehicleOwnership};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Zero;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds stones.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Stones held for a pending redemption.
		Redemption,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The stones ledger, with holds.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Told about stones burned by fulfilled redemptions (the stones pallet).
		type OnBurned: OnStonesBurned<Self::AccountId, BalanceOf<Self>>;

		/// Vehicle ownership, for eligibility.
		type Owners: VehicleOwnership<Self::AccountId>;

		/// The current time, for "days since activation".
		type Time: UnixTime;

		/// Vehicle entitlements (angel programme) that items may require.
		type Entitlements: Entitlements<Self::AccountId>;

		/// Who lists, changes, opens and closes catalog items (catalog managers).
		type CatalogOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who fulfils or rejects redemptions (the operator).
		type OperatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who sets the fulfilment period (governance).
		type ParamsOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The fulfilment period until governance sets another ([`FulfilmentPeriod`]).
		#[pallet::constant]
		type DefaultFulfilmentPeriod: Get<BlockNumberFor<Self>>;

		/// Most redemptions that may expire at one block. A redemption whose block is full
		/// expires at the next block with room (at most [`EXPIRY_PROBES`] blocks later).
		#[pallet::constant]
		type MaxExpiringPerBlock: Get<u32>;

		/// Longest item name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Most redemptions kept in one account's list: all of its pending ones, and its most
		/// recent settled ones while there is room (a new redemption pushes out the oldest
		/// settled one).
		#[pallet::constant]
		type MaxRedemptionsPerAccount: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up vehicles and entitlements for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The catalog.
	#[pallet::storage]
	pub type Items<T: Config> = StorageMap<_, Twox64Concat, ItemId, ItemOf<T>>;

	/// The id the next listed item gets.
	#[pallet::storage]
	pub type NextItemId<T> = StorageValue<_, ItemId, ValueQuery>;

	/// Every redemption.
	#[pallet::storage]
	pub type Redemptions<T: Config> = StorageMap<_, Twox64Concat, RedemptionId, RedemptionOf<T>>;

	/// The id the next redemption gets.
	#[pallet::storage]
	pub type NextRedemptionId<T> = StorageValue<_, RedemptionId, ValueQuery>;

	/// An account's pending redemptions and its most recent settled ones, oldest first. A
	/// settled redemption pushed out of the list is removed from [`Redemptions`] too (its
	/// events remain).
	#[pallet::storage]
	pub type AccountRedemptions<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<RedemptionId, T::MaxRedemptionsPerAccount>,
		ValueQuery,
	>;

	/// Blocks a pending redemption waits for the operator before it is released, for new
	/// redemptions (governance sets it).
	#[pallet::storage]
	pub type FulfilmentPeriod<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultFulfilmentPeriod>;

	/// The redemptions that expire at the start of a block, if still pending then.
	#[pallet::storage]
	pub type Expiring<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<RedemptionId, T::MaxExpiringPerBlock>,
		ValueQuery,
	>;

	/// Pending and fulfilled redemptions of an item by an account (for the per-account limit).
	#[pallet::storage]
	pub type RedeemedCount<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ItemId, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Catalog items at genesis (ids 0, 1, ...): the programme's own, such as the angel
		/// round's upgrades.
		pub items: alloc::vec::Vec<ItemDetails<BalanceOf<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for details in &self.items {
				// Genesis may fail loudly: a chain spec with a bad item must not start.
				let item = Pallet::<T>::new_item(details.clone())
					.expect("genesis catalog items must have a price or an entitlement");
				Pallet::<T>::do_list_item(item).expect("item ids do not overflow");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A catalog manager listed item `item`.
		ItemListed { item: ItemId, price: BalanceOf<T> },
		/// A catalog manager replaced item `item`'s details.
		ItemUpdated { item: ItemId, price: BalanceOf<T> },
		/// Item `item` is now open (`true`) or closed.
		ItemOpenSet { item: ItemId, open: bool },
		/// `who` redeemed `item` for its vehicle `vehicle` (if the item is for a vehicle);
		/// `price` stones are held until the operator acts.
		Redeemed {
			redemption: RedemptionId,
			who: T::AccountId,
			item: ItemId,
			vehicle: Option<VehicleId>,
			price: BalanceOf<T>,
		},
		/// The operator delivered the redemption: the held stones were burned.
		Fulfilled { redemption: RedemptionId, who: T::AccountId, price: BalanceOf<T> },
		/// The operator refused the redemption: the held stones were released.
		Rejected { redemption: RedemptionId, who: T::AccountId, price: BalanceOf<T> },
		/// The holder withdrew the redemption: the held stones were released.
		Cancelled { redemption: RedemptionId, who: T::AccountId, price: BalanceOf<T> },
		/// The redemption was not fulfilled within the fulfilment period: the held stones
		/// were released.
		Expired { redemption: RedemptionId, who: T::AccountId, price: BalanceOf<T> },
		/// Governance set the fulfilment period of new redemptions.
		FulfilmentPeriodSet { period: BlockNumberFor<T> },
		/// An account recovery gave `redemption` (and its held stones, if pending) of `from` to
		/// `to`, the same person's new account.
		Recovered { redemption: RedemptionId, from: T::AccountId, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No item with this id.
		UnknownItem,
		/// The item is closed.
		ItemClosed,
		/// The item has no stock left.
		OutOfStock,
		/// The account has redeemed this item as often as allowed.
		OverAccountLimit,
		/// The named vehicle does not meet the item's eligibility (days since activation,
		/// vehicle model), or the item is for owners only and no vehicle was named.
		NotEligible,
		/// The account has fewer free stones than the price.
		InsufficientStones,
		/// The name is longer than `MaxNameLen`.
		NameTooLong,
		/// No redemption with this id.
		UnknownRedemption,
		/// The redemption was already settled (fulfilled, rejected, cancelled or expired).
		NotPending,
		/// The account has `MaxRedemptionsPerAccount` pending redemptions.
		TooManyRedemptions,
		/// Only the holder may cancel its redemption.
		NotYours,
		/// A fulfilment period of zero blocks.
		ZeroPeriod,
		/// No block within [`EXPIRY_PROBES`] of the redemption's expiry has room in
		/// [`Expiring`].
		ExpiryQueueFull,
		/// A price of zero stones (only items that require an entitlement may be free).
		ZeroPrice,
		/// An id counter would overflow.
		Overflow,
		/// The item requires a vehicle entitlement (angel programme) that the named vehicle has
		/// not earned or has used.
		NoEntitlement,
		/// The item is for a vehicle (a hardware or OTA item, or one whose eligibility reads a
		/// vehicle): the redemption must name one of the account's vehicles.
		VehicleRequired,
		/// The named vehicle is not a registered vehicle the account is the certified owner of.
		NotYourVehicle,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Releases the redemptions that expire at `n` and are still pending (at most
		/// `MaxExpiringPerBlock`).
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::expire_due(n)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// List a new catalog item.
		///
		/// Privileged: [`Config::CatalogOrigin`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::list_item())]
		pub fn list_item(
			origin: OriginFor<T>,
			details: ItemDetails<BalanceOf<T>>,
		) -> DispatchResult {
			T::CatalogOrigin::ensure_origin(origin)?;
			Self::do_list_item(Self::new_item(details)?)
		}

		/// Replace an item's details (name, price, stock, limits, eligibility, open).
		/// Pending redemptions keep the price they were redeemed at.
		///
		/// Privileged: [`Config::CatalogOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_item())]
		pub fn update_item(
			origin: OriginFor<T>,
			item: ItemId,
			details: ItemDetails<BalanceOf<T>>,
		) -> DispatchResult {
			T::CatalogOrigin::ensure_origin(origin)?;
			Self::do_update_item(item, Self::new_item(details)?)
		}

		/// Open or close an item.
		///
		/// Privileged: [`Config::CatalogOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_item_open())]
		pub fn set_item_open(origin: OriginFor<T>, item: ItemId, open: bool) -> DispatchResult {
			T::CatalogOrigin::ensure_origin(origin)?;
			Self::do_set_item_open(item, open)
		}

		/// Redeem an item for `vehicle`, one of the caller's vehicles: its price in stones is
		/// put on hold and a pending redemption is recorded. `vehicle` is required for hardware
		/// and OTA items and for items with a model, age, owners-only or entitlement rule, each
		/// of which is checked on that one vehicle; it may be `None` for other items.
		///
		/// Permissionless (any signed holder who meets the item's eligibility).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(
			origin: OriginFor<T>,
			item: ItemId,
			vehicle: Option<VehicleId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_redeem(&who, item, vehicle).map(|_| ())
		}

		/// Fulfil a pending redemption: the held stones are burned.
		///
		/// Privileged: [`Config::OperatorOrigin`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::fulfil())]
		pub fn fulfil(origin: OriginFor<T>, redemption: RedemptionId) -> DispatchResult {
			T::OperatorOrigin::ensure_origin(origin)?;
			Self::do_fulfil(redemption)
		}

		/// Reject a pending redemption: the held stones are released, the stock and the
		/// account's count restored.
		///
		/// Privileged: [`Config::OperatorOrigin`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, redemption: RedemptionId) -> DispatchResult {
			T::OperatorOrigin::ensure_origin(origin)?;
			Self::do_reject(redemption)
		}

		/// Withdraw one's own pending redemption: the held stones are released, the stock, the
		/// account's count and a used entitlement restored.
		///
		/// Signed by the holder.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, redemption: RedemptionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(&who, redemption)
		}

		/// Set how many blocks a new redemption waits for the operator before it is released.
		///
		/// Privileged: [`Config::ParamsOrigin`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_fulfilment_period())]
		pub fn set_fulfilment_period(
			origin: OriginFor<T>,
			period: BlockNumberFor<T>,
		) -> DispatchResult {
			T::ParamsOrigin::ensure_origin(origin)?;
			ensure!(!period.is_zero(), Error::<T>::ZeroPeriod);
			FulfilmentPeriod::<T>::put(period);
			Self::deposit_event(Event::FulfilmentPeriodSet { period });
			Ok(())
		}
	}
}
