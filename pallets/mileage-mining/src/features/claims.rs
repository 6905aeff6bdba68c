//! Rewards and claims: a vehicle's pending reward, settling it to its owner (a claim, an owner
//! change, a deregistration) and removing a deregistered vehicle's metres.

use super::{to_balance, to_u256};
use crate::*;
use alloc::vec::Vec;
use csop_primitives::{IssuePrecision, Pool, StoneIssuer, VehicleId, VehicleRegistry};
use frame_support::{defensive, pallet_prelude::*};
use sp_core::U256;
use sp_runtime::traits::Saturating;

/// What to do when paying a vehicle's rewards fails.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OnPayFailure {
	/// Fail, changing nothing (a claim).
	Fail,
	/// Give the amount back to the pool (a vehicle changing hands must not pass its previous
	/// owner's rewards on to the next owner).
	Forfeit,
}

impl<T: Config> Pallet<T> {
	/// `vehicle`'s earned and unpaid rewards, scaled by [`REWARD_PER_METER_SCALE`]:
	/// `unclaimed + sum over slots of (meters x end_acc - entry)`.
	pub fn pending_scaled(vehicle: &VehicleId) -> U256 {
		let Some(state) = VehicleStates::<T>::get(vehicle) else { return U256::zero() };
		let acc = RewardPerMeter::<T>::get();
		Self::slots_of(vehicle, &state).fold(state.unclaimed, |sum, slot| {
			sum.saturating_add(slot.earned(Self::matured_acc(slot.bucket).unwrap_or(acc)))
		})
	}

	/// `vehicle`'s claimable rewards: `floor(pending_scaled / REWARD_PER_METER_SCALE)`.
	pub fn pending(vehicle: &VehicleId) -> T::Balance {
		to_balance::<T>(Self::pending_scaled(vehicle) / scale())
	}

	/// `vehicle`'s metres that count in the current period.
	pub fn live_meters(vehicle: &VehicleId) -> u128 {
		let Some(state) = VehicleStates::<T>::get(vehicle) else { return 0 };
		Self::slots_of(vehicle, &state)
			.filter(|slot| Self::matured_acc(slot.bucket).is_none())
			.fold(0u128, |sum, slot| sum.saturating_add(slot.meters))
	}

	/// A vehicle's slots: those in the ring ([`Slots`]) and its `current` one.
	fn slots_of(vehicle: &VehicleId, state: &VehicleMining) -> impl Iterator<Item = Slot> {
		Slots::<T>::iter_prefix_values(vehicle).chain(state.current.clone())
	}

	/// Pays `vehicle`'s earned rewards to `owner`: folds every slot (matured slots are
	/// removed, live ones re-based to the current accumulator), issues
	/// `floor(unclaimed / REWARD_PER_METER_SCALE)` from the mileage mining pool and keeps the remainder.
	/// Returns the amount paid (or forfeited). O(WindowBuckets).
	///
	/// # Errors
	/// With [`OnPayFailure::Fail`], the issuer's error (e.g. below the existential deposit of
	/// a new account); nothing changes then.
	pub(crate) fn settle(
		vehicle: &VehicleId,
		owner: &T::AccountId,
		on_failure: OnPayFailure,
	) -> Result<T::Balance, DispatchError> {
		let Some(mut state) = VehicleStates::<T>::get(vehicle) else { return Ok(Zero::zero()) };
		let acc = RewardPerMeter::<T>::get();
		// Folds what `slot` earned into `unclaimed`: a matured slot goes (`None`), a live one
		// is re-based to the current accumulator.
		let mut fold = |mut slot: Slot| match Self::matured_acc(slot.bucket) {
			Some(end) => {
				state.unclaimed = state.unclaimed.saturating_add(slot.earned(end));
				None
			},
			None => {
				state.unclaimed = state.unclaimed.saturating_add(slot.earned(acc));
				slot.entry = U256::from(slot.meters).saturating_mul(acc);
				Some(slot)
			},
		};
		let updates: Vec<(u32, Option<Slot>)> = Slots::<T>::iter_prefix(vehicle)
			.map(|(index, slot)| (index, fold(slot)))
			.collect();
		let current = state.current.take().and_then(&mut fold);
		state.current = current;
		let amount = to_balance::<T>(state.unclaimed / scale());
		if !amount.is_zero() {
			match T::Issuer::issue(Pool::MileageMining, owner, amount, IssuePrecision::Exact) {
				Ok(_) => {
					Claimed::<T>::mutate(|c| *c = c.saturating_add(amount));
					Self::deposit_event(Event::RewardsClaimed {
						vehicle: *vehicle,
						owner: owner.clone(),
						amount,
					});
				},
				Err(e) if on_failure == OnPayFailure::Fail => return Err(e),
				Err(_) => {
					Self::unpromise(to_u256(amount).saturating_mul(scale()));
					Self::deposit_event(Event::RewardsForfeited {
						vehicle: *vehicle,
						owner: owner.clone(),
						amount,
					});
				},
			}
			state.unclaimed =
				state.unclaimed.saturating_sub(to_u256(amount).saturating_mul(scale()));
		}
		for (index, update) in updates {
			match update {
				Some(slot) => Slots::<T>::insert(vehicle, index, slot),
				None => Slots::<T>::remove(vehicle, index),
			}
		}
		VehicleStates::<T>::insert(vehicle, state);
		Ok(amount)
	}

	/// `who` claims `vehicle`'s rewards; returns the amount paid.
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::NotOwner`], [`Error::NothingToClaim`], or the
	/// issuer's error (e.g. an amount below the existential deposit of a new account).
	pub fn do_claim(who: &T::AccountId, vehicle: &VehicleId) -> Result<T::Balance, DispatchError> {
		let owner = T::Registry::owner_of(vehicle).ok_or(Error::<T>::UnknownVehicle)?;
		ensure!(owner == *who, Error::<T>::NotOwner);
		ensure!(Self::pending_scaled(vehicle) >= scale(), Error::<T>::NothingToClaim);
		Self::settle(vehicle, &owner, OnPayFailure::Fail)
	}

	/// Settles `vehicle`'s rewards to `old_owner` before it changes hands, then retires its
	/// live slots: the metres the seller drove stop counting at the sale, so that the buyer is
	/// never paid for the seller's driving (the seller was paid what they earned through the
	/// last closed period; their share of the open period goes to the other vehicles). The
	/// last report stays: the buyer's first report is a baseline (a new consent). Emits
	/// [`Event::SaleSettled`].
	pub(crate) fn do_owner_change(vehicle: &VehicleId, old_owner: &T::AccountId) {
		let Some((mut state, live)) = Self::settle_and_retire(vehicle, old_owner) else { return };
		state.unclaimed = U256::zero();
		VehicleStates::<T>::insert(vehicle, state);
		Self::deposit_event(Event::SaleSettled {
			vehicle: *vehicle,
			seller: old_owner.clone(),
			live_meters: live,
		});
	}

	/// Settles `vehicle`'s rewards to `owner`, takes its live metres out of the totals and
	/// removes its state.
	pub(crate) fn do_vehicle_deregistered(vehicle: &VehicleId, owner: &T::AccountId) {
		let Some((_, live)) = Self::settle_and_retire(vehicle, owner) else { return };
		VehicleStates::<T>::remove(vehicle);
		Self::deposit_event(Event::VehicleRemoved { vehicle: *vehicle, live_meters: live });
	}

	/// What a sale and a deregistration share: settles `vehicle`'s rewards to `owner` (a
	/// failed payment is forfeited), retires its slots ([`Self::retire_slots`]) and gives the
	/// fraction of a grain left in its record back to the pool. Returns the vehicle's state,
	/// whose `unclaimed` the caller drops, and the live metres retired; `None` (changing
	/// nothing) for a vehicle that never reported.
	fn settle_and_retire(
		vehicle: &VehicleId,
		owner: &T::AccountId,
	) -> Option<(VehicleMining, u128)> {
		if !VehicleStates::<T>::contains_key(vehicle) {
			return None;
		}
		if Self::settle(vehicle, owner, OnPayFailure::Forfeit).is_err() {
			defensive!("settling with forfeit never fails");
		}
		let mut state = VehicleStates::<T>::get(vehicle)?;
		let live = Self::retire_slots(vehicle, &mut state);
		// Below one grain: back to the pool.
		Self::unpromise(state.unclaimed);
		Some((state, live))
	}

	/// Removes every slot of `vehicle` (its ring in [`Slots`] and `state.current`) and takes
	/// the live ones' metres out of the totals; returns those metres. Called after a
	/// settlement, which folded what every slot earned. O(WindowBuckets).
	fn retire_slots(vehicle: &VehicleId, state: &mut VehicleMining) -> u128 {
		let current = state.current.take();
		let mut live = 0u128;
		for slot in Slots::<T>::drain_prefix(vehicle).map(|(_, slot)| slot).chain(current) {
			if Self::matured_acc(slot.bucket).is_none() {
				Self::remove_live_meters(&slot);
				live = live.saturating_add(slot.meters);
			}
		}
		live
	}
}
