//! The catalog's logic.

use crate::*;
use csop_primitives::{Entitlements, OnStonesBurned, VehicleId, VehicleOwnership};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		UnixTime,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, One, Zero},
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// Checks submitted item details and makes them a storable item.
	///
	/// # Errors
	/// [`Error::NameTooLong`], [`Error::ZeroPrice`] (only items that require an entitlement may
	/// be free).
	pub(crate) fn new_item(details: ItemDetails<BalanceOf<T>>) -> Result<ItemOf<T>, DispatchError> {
		ensure!(
			!details.price.is_zero() || details.eligibility.entitlement.is_some(),
			Error::<T>::ZeroPrice
		);
		details.try_map_name(|name| name.try_into().map_err(|_| Error::<T>::NameTooLong.into()))
	}

	/// Adds `item` to the catalog under the next id and emits [`Event::ItemListed`].
	///
	/// # Errors
	/// [`Error::Overflow`] when item ids are exhausted.
	pub fn do_list_item(item: ItemOf<T>) -> DispatchResult {
		let id = NextItemId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let price = item.price;
		Items::<T>::insert(id, item);
		NextItemId::<T>::put(next);
		Self::deposit_event(Event::ItemListed { item: id, price });
		Ok(())
	}

	/// Replaces item `id`'s details.
	///
	/// # Errors
	/// [`Error::UnknownItem`].
	pub fn do_update_item(id: ItemId, details: ItemOf<T>) -> DispatchResult {
		Items::<T>::try_mutate(id, |item| {
			let item = item.as_mut().ok_or(Error::<T>::UnknownItem)?;
			*item = details;
			Self::deposit_event(Event::ItemUpdated { item: id, price: item.price });
			Ok(())
		})
	}

	/// Opens or closes item `id`.
	///
	/// # Errors
	/// [`Error::UnknownItem`].
	pub fn do_set_item_open(id: ItemId, open: bool) -> DispatchResult {
		Items::<T>::try_mutate(id, |item| {
			let item = item.as_mut().ok_or(Error::<T>::UnknownItem)?;
			item.open = open;
			Self::deposit_event(Event::ItemOpenSet { item: id, open });
			Ok(())
		})
	}

	/// `who` redeems item `id` for `vehicle` (one of `who`'s vehicles; required when the item
	/// [needs one](Item::needs_vehicle)): checks the item's model, age and entitlement rules on
	/// that one vehicle, holds the price, takes a unit of stock, uses the vehicle's entitlement
	/// the item requires (if any), records a pending redemption. Returns its id.
	///
	/// # Errors
	/// [`Error::UnknownItem`], [`Error::ItemClosed`], [`Error::OutOfStock`],
	/// [`Error::OverAccountLimit`], [`Error::VehicleRequired`], [`Error::NotYourVehicle`],
	/// [`Error::NotEligible`], [`Error::NoEntitlement`], [`Error::InsufficientStones`],
	/// [`Error::TooManyRedemptions`], [`Error::ExpiryQueueFull`], [`Error::Overflow`].
	pub fn do_redeem(
		who: &T::AccountId,
		id: ItemId,
		vehicle: Option<VehicleId>,
	) -> Result<RedemptionId, DispatchError> {
		let mut item = Items::<T>::get(id).ok_or(Error::<T>::UnknownItem)?;
		ensure!(item.open, Error::<T>::ItemClosed);
		if let Some(stock) = item.stock {
			item.stock = Some(stock.checked_sub(1).ok_or(Error::<T>::OutOfStock)?);
		}
		let count = RedeemedCount::<T>::get(id, who);
		if let Some(limit) = item.per_account_limit {
			ensure!(count < limit, Error::<T>::OverAccountLimit);
		}
		ensure!(vehicle.is_some() || !item.needs_vehicle(), Error::<T>::VehicleRequired);
		let owned = match &vehicle {
			Some(v) => Some(T::Owners::owned_vehicle(who, v).ok_or(Error::<T>::NotYourVehicle)?),
			None => None,
		};
		let now_ms: u64 = T::Time::now().as_millis().saturated_into();
		ensure!(item.eligibility.admits(owned.as_ref(), now_ms), Error::<T>::NotEligible);
		if let (Some(kind), Some(v)) = (item.eligibility.entitlement, &vehicle) {
			ensure!(T::Entitlements::is_available(v, kind), Error::<T>::NoEntitlement);
		}
		let free = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
		ensure!(free >= item.price, Error::<T>::InsufficientStones);

		let redemption = NextRedemptionId::<T>::get();
		let next = redemption.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let count = count.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Self::list_for(who, redemption)?;
		let expires_at = Self::queue_expiry(redemption)?;
		if !item.price.is_zero() {
			T::Currency::hold(&HoldReason::Redemption.into(), who, item.price)?;
		}
		let entitlement = item.eligibility.entitlement;
		if let (Some(kind), Some(v)) = (entitlement, &vehicle) {
			T::Entitlements::use_entitlement(who, v, kind)?;
		}

		let price = item.price;
		Items::<T>::insert(id, item);
		RedeemedCount::<T>::insert(id, who, count);
		NextRedemptionId::<T>::put(next);
		Redemptions::<T>::insert(
			redemption,
			Redemption {
				who: who.clone(),
				item: id,
				price,
				status: Status::Pending,
				vehicle,
				entitlement,
				expires_at,
			},
		);
		Self::deposit_event(Event::Redeemed {
			redemption,
			who: who.clone(),
			item: id,
			vehicle,
			price,
		});
		Ok(redemption)
	}

	/// Adds `redemption` to `who`'s list, pushing out (and deleting) the oldest settled
	/// redemption if the list is full.
	///
	/// # Errors
	/// [`Error::TooManyRedemptions`] when every listed redemption is pending.
	pub(crate) fn list_for(who: &T::AccountId, redemption: RedemptionId) -> DispatchResult {
		AccountRedemptions::<T>::try_mutate(who, |list| {
			if list.is_full() {
				let settled = list
					.iter()
					.position(|id| {
						Redemptions::<T>::get(id).is_none_or(|r| r.status != Status::Pending)
					})
					.ok_or(Error::<T>::TooManyRedemptions)?;
				let old = list.remove(settled);
				Redemptions::<T>::remove(old);
			}
			list.try_push(redemption).map_err(|_| Error::<T>::TooManyRedemptions.into())
		})
	}

	/// Queues `redemption` to expire [`FulfilmentPeriod`] blocks from now (or at the first
	/// later block with room, within [`EXPIRY_PROBES`]); returns that block.
	///
	/// # Errors
	/// [`Error::ExpiryQueueFull`], [`Error::Overflow`].
	fn queue_expiry(redemption: RedemptionId) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut at = frame_system::Pallet::<T>::block_number()
			.checked_add(&FulfilmentPeriod::<T>::get())
			.ok_or(Error::<T>::Overflow)?;
		for _ in 0..EXPIRY_PROBES {
			if Expiring::<T>::try_mutate(at, |ids| ids.try_push(redemption)).is_ok() {
				return Ok(at);
			}
			at = at.checked_add(&One::one()).ok_or(Error::<T>::Overflow)?;
		}
		Err(Error::<T>::ExpiryQueueFull.into())
	}

	/// Takes settled redemption `id` out of the expiry queue of block `at` (it is there unless
	/// it expired: that block's queue was taken whole), so that settled redemptions leave no
	/// slot taken.
	fn unqueue(id: RedemptionId, at: BlockNumberFor<T>) {
		Expiring::<T>::mutate_exists(at, |ids| {
			if let Some(list) = ids {
				list.retain(|queued| *queued != id);
				if list.is_empty() {
					*ids = None;
				}
			}
		});
	}

	/// Releases the redemptions queued to expire at `n` that are still pending; the weight
	/// used.
	pub(crate) fn expire_due(n: BlockNumberFor<T>) -> Weight {
		let due = Expiring::<T>::take(n);
		for id in &due {
			if Self::pending(*id).is_ok_and(|r| r.expires_at <= n) {
				// Cannot fail for a pending redemption: its price is on hold.
				let _ = Self::release(*id, Status::Expired);
			}
		}
		// Charged as if every queued redemption expired (the benchmark's worst case).
		T::WeightInfo::expire(due.len() as u32)
	}

	/// `who` withdraws its pending redemption `id`.
	///
	/// # Errors
	/// [`Error::UnknownRedemption`], [`Error::NotPending`], [`Error::NotYours`].
	pub fn do_cancel(who: &T::AccountId, id: RedemptionId) -> DispatchResult {
		ensure!(&Self::pending(id)?.who == who, Error::<T>::NotYours);
		Self::release(id, Status::Cancelled)
	}

	/// Takes pending redemption `id` for the operator to settle.
	fn pending(id: RedemptionId) -> Result<RedemptionOf<T>, DispatchError> {
		let r = Redemptions::<T>::get(id).ok_or(Error::<T>::UnknownRedemption)?;
		ensure!(r.status == Status::Pending, Error::<T>::NotPending);
		Ok(r)
	}

	/// Fulfils pending redemption `id`: burns the held stones (counted as burned by the stones
	/// pallet).
	///
	/// # Errors
	/// [`Error::UnknownRedemption`], [`Error::NotPending`].
	pub fn do_fulfil(id: RedemptionId) -> DispatchResult {
		let mut r = Self::pending(id)?;
		if !r.price.is_zero() {
			T::Currency::burn_held(
				&HoldReason::Redemption.into(),
				&r.who,
				r.price,
				Precision::Exact,
				Fortitude::Force,
			)?;
			T::OnBurned::on_stones_burned(&r.who, r.price);
		}
		r.status = Status::Fulfilled;
		Self::unqueue(id, r.expires_at);
		Redemptions::<T>::insert(id, r.clone());
		Self::deposit_event(Event::Fulfilled { redemption: id, who: r.who, price: r.price });
		Ok(())
	}

	/// Rejects pending redemption `id`.
	///
	/// # Errors
	/// [`Error::UnknownRedemption`], [`Error::NotPending`].
	pub fn do_reject(id: RedemptionId) -> DispatchResult {
		Self::release(id, Status::Rejected)
	}

	/// Settles pending redemption `id` with `status` (rejected, cancelled or expired):
	/// releases the held stones, returns the unit to stock, the redemption to the account's
	/// limit and the used entitlement (if any) to its vehicle, and emits the status's event.
	fn release(id: RedemptionId, status: Status) -> DispatchResult {
		let mut r = Self::pending(id)?;
		if !r.price.is_zero() {
			T::Currency::release(
				&HoldReason::Redemption.into(),
				&r.who,
				r.price,
				Precision::Exact,
			)?;
		}
		if let (Some(kind), Some(vehicle)) = (r.entitlement, r.vehicle) {
			T::Entitlements::restore_entitlement(&vehicle, kind);
		}
		Items::<T>::mutate(r.item, |item| {
			if let Some(Item { stock: Some(stock), .. }) = item {
				*stock = stock.saturating_add(1);
			}
		});
		RedeemedCount::<T>::mutate(r.item, &r.who, |count| *count = count.saturating_sub(1));
		Self::unqueue(id, r.expires_at);
		r.status = status;
		Redemptions::<T>::insert(id, r.clone());
		let (redemption, who, price) = (id, r.who, r.price);
		Self::deposit_event(match status {
			Status::Cancelled => Event::Cancelled { redemption, who, price },
			Status::Expired => Event::Expired { redemption, who, price },
			_ => Event::Rejected { redemption, who, price },
		});
		Ok(())
	}

	/// The whole catalog, by id (for the runtime API).
	pub fn catalog() -> alloc::vec::Vec<(ItemId, ItemDetails<BalanceOf<T>>)> {
		let mut items: alloc::vec::Vec<_> =
			Items::<T>::iter().map(|(id, item)| (id, item.details())).collect();
		items.sort_by_key(|(id, _)| *id);
		items
	}

	/// An account's redemptions with their ids, oldest first (for the runtime API).
	pub fn redemptions_of(who: &T::AccountId) -> alloc::vec::Vec<(RedemptionId, RedemptionOf<T>)> {
		AccountRedemptions::<T>::get(who)
			.into_iter()
			.filter_map(|id| Redemptions::<T>::get(id).map(|r| (id, r)))
			.collect()
	}

	/// `who`'s redemptions counted by status, and the stones its pending ones hold (for the
	/// runtime's account summary).
	pub fn redemption_counts(who: &T::AccountId) -> RedemptionCounts<BalanceOf<T>> {
		use sp_runtime::traits::Saturating;
		let mut counts = RedemptionCounts::<BalanceOf<T>>::default();
		for id in AccountRedemptions::<T>::get(who) {
			let Some(r) = Redemptions::<T>::get(id) else { continue };
			let count = match r.status {
				Status::Pending => {
					counts.on_hold = counts.on_hold.saturating_add(r.price);
					&mut counts.pending
				},
				Status::Fulfilled => &mut counts.fulfilled,
				Status::Rejected => &mut counts.rejected,
				Status::Cancelled => &mut counts.cancelled,
				Status::Expired => &mut counts.expired,
			};
			*count = count.saturating_add(1);
		}
		counts
	}

	/// The invariants:
	/// 1. each account's stones held for redemptions equal the prices of its pending redemptions;
	/// 2. every redemption id is below `NextRedemptionId`, every item id below `NextItemId`;
	/// 3. every pending redemption is in its account's list and queued in [`Expiring`] at its
	///    `expires_at`, which is after the current block (nothing overdue stays pending), and
	///    every queued id is such a redemption (settled ones leave the queue);
	/// 4. a redemption that used an entitlement names the vehicle it used it of.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut pending: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, r) in Redemptions::<T>::iter() {
			ensure!(id < NextRedemptionId::<T>::get(), "invariant 2: redemption id not issued");
			ensure!(r.item < NextItemId::<T>::get(), "invariant 2: item id not issued");
			ensure!(
				r.entitlement.is_none() || r.vehicle.is_some(),
				"invariant 4: an entitlement used of no vehicle"
			);
			if r.status == Status::Pending {
				ensure!(
					AccountRedemptions::<T>::get(&r.who).contains(&id),
					"invariant 3: a pending redemption is not in its account's list"
				);
				ensure!(
					Expiring::<T>::get(r.expires_at).contains(&id)
						&& r.expires_at > frame_system::Pallet::<T>::block_number(),
					"invariant 3: a pending redemption is not queued to expire later"
				);
				let sum = pending.entry(r.who.clone()).or_insert_with(Zero::zero);
				*sum = sum.checked_add(&r.price).ok_or("invariant 1: pending sum overflows")?;
			}
		}
		for (at, ids) in Expiring::<T>::iter() {
			for id in ids {
				ensure!(
					Redemptions::<T>::get(id)
						.is_some_and(|r| r.status == Status::Pending && r.expires_at == at),
					"invariant 3: a queued redemption is not pending at that block"
				);
			}
		}
		for id in Items::<T>::iter_keys() {
			ensure!(id < NextItemId::<T>::get(), "invariant 2: item id not issued");
		}
		for (who, sum) in pending {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Redemption.into(), &who) == sum,
				"invariant 1: held stones != pending redemption prices"
			);
		}
		Ok(())
	}
}
