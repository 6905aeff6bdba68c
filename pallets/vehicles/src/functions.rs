//! The pallet's logic: registering, transferring, re-keying and deregistering vehicles, consent,
//! the angel programme, entitlements, the runtime API's views and the invariants.
//!
//! Every `do_*` function checks everything before it writes anything, so a failed call leaves
//! storage untouched even when called directly (not through a dispatch).

use crate::*;
use frame_support::{defensive, ensure, pallet_prelude::*, traits::UnixTime};
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// The current time in milliseconds since the unix epoch.
	pub fn now_ms() -> Moment {
		T::Time::now().as_millis().saturated_into()
	}

	/// The active vehicle with this id (the registry holds records of active vehicles only).
	///
	/// # Errors
	/// [`Error::VehicleDeregistered`] (a tombstone), [`Error::UnknownVehicle`].
	pub(crate) fn active_vehicle(id: VehicleId) -> Result<VehicleOf<T>, DispatchError> {
		Vehicles::<T>::get(id).ok_or_else(|| {
			if Tombstones::<T>::contains_key(id) {
				Error::<T>::VehicleDeregistered.into()
			} else {
				Error::<T>::UnknownVehicle.into()
			}
		})
	}

	/// The active vehicle with this id, if `who` owns it.
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`], [`Error::NotOwner`].
	fn owned_vehicle(who: &T::AccountId, id: VehicleId) -> Result<VehicleOf<T>, DispatchError> {
		let vehicle = Self::active_vehicle(id)?;
		ensure!(&vehicle.owner == who, Error::<T>::NotOwner);
		Ok(vehicle)
	}

	/// A device key that may be given to a vehicle: supported and not in the index.
	///
	/// # Errors
	/// [`Error::InvalidDeviceKey`], [`Error::DeviceKeyInUse`].
	fn free_device_key(key: DeviceKey) -> Result<(DeviceKey, DeviceKeyHash), DispatchError> {
		if let DeviceKey::P256(p256) = &key {
			ensure!(
				csop_device_crypto::device_crypto::is_valid_p256_key(&p256.0),
				Error::<T>::InvalidDeviceKey
			);
		}
		let hash = key.index_hash();
		ensure!(!DeviceKeys::<T>::contains_key(hash), Error::<T>::DeviceKeyInUse);
		Ok((key, hash))
	}

	/// `owner`'s vehicle list with `id` appended.
	///
	/// # Errors
	/// [`Error::TooManyVehicles`].
	fn list_with(
		owner: &T::AccountId,
		id: VehicleId,
	) -> Result<BoundedVec<VehicleId, T::MaxVehiclesPerOwner>, DispatchError> {
		let mut list = OwnerVehicles::<T>::get(owner);
		list.try_push(id).map_err(|_| Error::<T>::TooManyVehicles)?;
		Ok(list)
	}

	/// Stores `owner`'s vehicle list. A certified owner's account exists on chain: their first
	/// vehicle gives it a provider reference, so that an owner who holds no stones can still
	/// sign (grant consent, claim rewards).
	fn put_owner_list(owner: &T::AccountId, list: BoundedVec<VehicleId, T::MaxVehiclesPerOwner>) {
		if !OwnerVehicles::<T>::contains_key(owner) {
			frame_system::Pallet::<T>::inc_providers(owner);
		}
		OwnerVehicles::<T>::insert(owner, list);
	}

	/// Removes `id` from `owner`'s vehicle list (and the list when it becomes empty, with the
	/// provider reference of [`Self::put_owner_list`]).
	fn remove_from_owner(owner: &T::AccountId, id: VehicleId) {
		OwnerVehicles::<T>::mutate_exists(owner, |maybe_list| {
			let Some(list) = maybe_list else {
				defensive!("an active vehicle's owner has a vehicle list");
				return;
			};
			let before = list.len();
			list.retain(|v| *v != id);
			if list.len() == before {
				defensive!("an active vehicle is in its owner's list");
			}
			if list.is_empty() {
				*maybe_list = None;
				if frame_system::Pallet::<T>::dec_providers(owner).is_err() {
					defensive!("an owner without vehicles keeps no other consumer on the registry's provider");
				}
			}
		});
	}

	/// Registers `id` to `owner`, with angel number `angel_number` if any; see
	/// [`Call::register`]. Emits [`Event::VehicleRegistered`].
	///
	/// # Errors
	/// - [`Error::AlreadyRegistered`]: the id is or was registered.
	/// - [`Error::InvalidDeviceKey`], [`Error::DeviceKeyInUse`].
	/// - [`Error::TooManyVehicles`]: `owner` has `MaxVehiclesPerOwner` vehicles.
	/// - [`Error::NotAnAngelPlace`]: the number is not in `1..=AngelVehicles`.
	/// - [`Error::AngelNumberTaken`]: the number was given to another vehicle.
	/// - [`Error::Overflow`]: the registered-vehicle counter is full.
	pub fn do_register(
		id: VehicleId,
		device_key: DeviceKey,
		model: ModelId,
		activated_at_ms: Moment,
		owner: T::AccountId,
		angel_number: Option<AngelNumber>,
	) -> DispatchResult {
		ensure!(
			!Vehicles::<T>::contains_key(id) && !Tombstones::<T>::contains_key(id),
			Error::<T>::AlreadyRegistered
		);
		let (device_key, key_hash) = Self::free_device_key(device_key)?;
		let list = Self::list_with(&owner, id)?;
		let registered = RegisteredCount::<T>::get().checked_add(1).ok_or(Error::<T>::Overflow)?;
		if let Some(number) = angel_number {
			ensure!((1..=T::AngelVehicles::get()).contains(&number), Error::<T>::NotAnAngelPlace);
			ensure!(!AngelNumbers::<T>::contains_key(number), Error::<T>::AngelNumberTaken);
			// At most `AngelVehicles` distinct numbers: the count cannot overflow.
			AngelCount::<T>::mutate(|count| *count = count.saturating_add(1));
			AngelNumbers::<T>::insert(number, id);
		}
		Vehicles::<T>::insert(
			id,
			Vehicle {
				owner: owner.clone(),
				device_key,
				model,
				activated_at_ms,
				consent: None,
				angel_number,
				angel_ended_at_ms: None,
			},
		);
		Self::put_owner_list(&owner, list);
		DeviceKeys::<T>::insert(key_hash, id);
		RegisteredCount::<T>::put(registered);
		Self::deposit_event(Event::VehicleRegistered { vehicle: id, owner, model, angel_number });
		Ok(())
	}

	/// Moves `id` to `new_owner`; see [`Call::transfer_ownership`]. Tells
	/// [`Config::OnVehicleChange`] first, resets the consent, and emits
	/// [`Event::OwnershipTransferred`].
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`], [`Error::SameOwner`],
	/// [`Error::TooManyVehicles`] (`new_owner` has `MaxVehiclesPerOwner` vehicles).
	pub fn do_transfer_ownership(id: VehicleId, new_owner: T::AccountId) -> DispatchResult {
		let mut vehicle = Self::active_vehicle(id)?;
		let old_owner = vehicle.owner.clone();
		ensure!(old_owner != new_owner, Error::<T>::SameOwner);
		let new_list = Self::list_with(&new_owner, id)?;

		// Settle first: whatever the vehicle earned so far goes to the seller.
		T::OnVehicleChange::on_owner_change(&id, &old_owner);

		Self::put_owner_list(&new_owner, new_list);
		Self::remove_from_owner(&old_owner, id);
		vehicle.owner = new_owner.clone();
		vehicle.consent = None;
		// The angel rights are the angel buyer's: they end with the sale.
		let ended_angel = vehicle.angel_number.filter(|_| vehicle.angel_ended_at_ms.is_none());
		if ended_angel.is_some() {
			vehicle.angel_ended_at_ms = Some(Self::now_ms());
		}
		Vehicles::<T>::insert(id, vehicle);
		Self::deposit_event(Event::OwnershipTransferred {
			vehicle: id,
			from: old_owner,
			to: new_owner,
		});
		if let Some(angel_number) = ended_angel {
			Self::deposit_event(Event::AngelRightsEnded { vehicle: id, angel_number });
		}
		Ok(())
	}

	/// Account recovery: moves up to `max` of `lost`'s vehicles, oldest first, to `rescuer`,
	/// the same person's new account. Nothing else changes: the consent (the person's), the
	/// rewards not yet claimed (the vehicle's, claimed by its owner), the angel rights and the
	/// entitlements. Emits [`Event::OwnerRecovered`] for each; returns how many moved and
	/// whether `lost` still has vehicles.
	///
	/// # Errors
	/// [`Error::TooManyVehicles`]: `rescuer` would have more than `MaxVehiclesPerOwner`.
	pub fn do_recover_vehicles(
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		max: u32,
	) -> Result<(u32, bool), DispatchError> {
		let mut from = OwnerVehicles::<T>::get(lost);
		let count = from.len().min(max as usize);
		if count == 0 {
			return Ok((0, false));
		}
		let mut to = OwnerVehicles::<T>::get(rescuer);
		let moving: alloc::vec::Vec<VehicleId> = from.drain(..count).collect();
		for id in &moving {
			to.try_push(*id).map_err(|_| Error::<T>::TooManyVehicles)?;
			Vehicles::<T>::mutate(id, |maybe| match maybe {
				Some(vehicle) => vehicle.owner = rescuer.clone(),
				None => {
					defensive!("an owner's list holds active vehicles only");
				},
			});
		}
		Self::put_owner_list(rescuer, to);
		if from.is_empty() {
			OwnerVehicles::<T>::remove(lost);
			if frame_system::Pallet::<T>::dec_providers(lost).is_err() {
				defensive!(
					"an owner without vehicles keeps no other consumer on the registry's provider"
				);
			}
		} else {
			OwnerVehicles::<T>::insert(lost, &from);
		}
		for id in moving {
			Self::deposit_event(Event::OwnerRecovered {
				vehicle: id,
				from: lost.clone(),
				to: rescuer.clone(),
			});
		}
		Ok((count as u32, !from.is_empty()))
	}

	/// Gives `id` a new device key; see [`Call::rotate_device_key`]. Emits
	/// [`Event::DeviceKeyRotated`].
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`],
	/// [`Error::InvalidDeviceKey`], [`Error::DeviceKeyInUse`] (also for the vehicle's own
	/// current key).
	pub fn do_rotate_device_key(id: VehicleId, new_key: DeviceKey) -> DispatchResult {
		let mut vehicle = Self::active_vehicle(id)?;
		let (new_key, new_hash) = Self::free_device_key(new_key)?;
		DeviceKeys::<T>::remove(vehicle.device_key.index_hash());
		DeviceKeys::<T>::insert(new_hash, id);
		vehicle.device_key = new_key.clone();
		Vehicles::<T>::insert(id, vehicle);
		Self::deposit_event(Event::DeviceKeyRotated { vehicle: id, device_key: new_key });
		Ok(())
	}

	/// Deregisters `id`; see [`Call::deregister`]. Tells [`Config::OnVehicleChange`] first,
	/// then removes everything the registry holds about the vehicle (its record with owner,
	/// device key, model, activation and consent; the owner-list and device-key entries; its
	/// angel mileage and entitlements) and keeps only a tombstone of its id, so that the id is
	/// never registered again. Its angel number stays taken. Emits
	/// [`Event::VehicleDeregistered`].
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`].
	pub fn do_deregister(id: VehicleId) -> DispatchResult {
		let vehicle = Self::active_vehicle(id)?;

		// Settle first: whatever the vehicle earned so far goes to its owner.
		T::OnVehicleChange::on_deregistered(&id, &vehicle.owner);

		Self::remove_from_owner(&vehicle.owner, id);
		DeviceKeys::<T>::remove(vehicle.device_key.index_hash());
		Vehicles::<T>::remove(id);
		// At most `MAX_ANGEL_YEARS` years and one entitlement per kind.
		let _ = AngelMileage::<T>::clear_prefix(id, MAX_ANGEL_YEARS, None);
		let _ = VehicleEntitlements::<T>::clear_prefix(id, ENTITLEMENT_KINDS, None);
		Tombstones::<T>::insert(id, ());
		Self::deposit_event(Event::VehicleDeregistered { vehicle: id, owner: vehicle.owner });
		Ok(())
	}

	/// `who` consents to the use of `id`'s data until `expires_at_ms`; see
	/// [`Call::grant_consent`]. A grant while a consent is live (granted, not expired now)
	/// continues it: its `granted_at_ms` stays and only the expiry changes. Any other grant
	/// begins a new consent at now, and mining takes the vehicle's next report as a new
	/// baseline. Emits [`Event::ConsentGranted`].
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`], [`Error::NotOwner`],
	/// [`Error::ExpiryInPast`] (the expiry is not after now).
	pub fn do_grant_consent(
		who: &T::AccountId,
		id: VehicleId,
		expires_at_ms: Option<Moment>,
	) -> DispatchResult {
		let mut vehicle = Self::owned_vehicle(who, id)?;
		let now = Self::now_ms();
		if let Some(expiry) = expires_at_ms {
			ensure!(expiry > now, Error::<T>::ExpiryInPast);
		}
		let granted_at_ms = vehicle
			.consent
			.filter(|live| live.is_valid_at(now))
			.map_or(now, |live| live.granted_at_ms);
		vehicle.consent = Some(Consent { granted_at_ms, expires_at_ms });
		Vehicles::<T>::insert(id, vehicle);
		Self::deposit_event(Event::ConsentGranted {
			vehicle: id,
			owner: who.clone(),
			expires_at_ms,
		});
		Ok(())
	}

	/// `who` revokes the consent for `id`; see [`Call::revoke_consent`]. Emits
	/// [`Event::ConsentRevoked`].
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`], [`Error::NotOwner`],
	/// [`Error::NoConsent`] (none granted, or already revoked or reset).
	pub fn do_revoke_consent(who: &T::AccountId, id: VehicleId) -> DispatchResult {
		let mut vehicle = Self::owned_vehicle(who, id)?;
		ensure!(vehicle.consent.take().is_some(), Error::<T>::NoConsent);
		Vehicles::<T>::insert(id, vehicle);
		Self::deposit_event(Event::ConsentRevoked { vehicle: id, owner: who.clone() });
		Ok(())
	}

	/// Counts `meters` verified by a report at `at_ms`, driven since the vehicle's previous
	/// report at `from_ms`, towards angel vehicle `id`'s angel years: each year gets the part
	/// of the drive in it, by time ([`Vehicle::angel_shares`]: at most the report's year and
	/// the year before). Awards a year's entitlement when the year's total goes past the
	/// threshold (once per kind per vehicle); emits [`Event::EntitlementEarned`] then.
	///
	/// Vehicles without angel rights now (not angels, sold by their angel buyer, deregistered,
	/// unknown) cost one read; reports before activation are ignored. At most two years' mileage
	/// and two entitlements are read and written. Returns whether it counted the metres (the
	/// angel path, weighed by the `on_mileage_verified` benchmark); `false` after the one read.
	pub fn note_verified_mileage(
		id: VehicleId,
		meters: Meters,
		from_ms: Moment,
		at_ms: Moment,
	) -> bool {
		let Some(vehicle) = Vehicles::<T>::get(id) else { return false };
		if !vehicle.is_angel_now() || meters == 0 {
			return false;
		}
		let shares = vehicle.angel_shares(meters, from_ms, at_ms);
		let counted = |(year, meters): &(AngelYear, Meters)| *meters > 0 && *year < MAX_ANGEL_YEARS;
		for (year, meters) in shares.iter().copied().filter(counted) {
			Self::count_angel_year(id, year, meters, at_ms);
		}
		!shares.is_empty()
	}

	/// Adds `meters` to angel vehicle `id`'s year `year` and awards the year's entitlement
	/// if the total goes past the threshold and the vehicle has none of its kind yet.
	fn count_angel_year(id: VehicleId, year: AngelYear, meters: Meters, at_ms: Moment) {
		let total = AngelMileage::<T>::mutate(id, year, |total| {
			*total = total.saturating_add(meters);
			*total
		});
		if total <= T::AngelYearlyThreshold::get() {
			return;
		}
		let kind = entitlement_for_year(year, T::BatteryAfterYears::get());
		if VehicleEntitlements::<T>::contains_key(id, kind) {
			return;
		}
		VehicleEntitlements::<T>::insert(
			id,
			kind,
			Entitlement {
				earned_in_year: year,
				earned_at_ms: at_ms,
				status: EntitlementStatus::Available,
			},
		);
		Self::deposit_event(Event::EntitlementEarned { vehicle: id, kind, year });
	}

	/// Whether vehicle `id` earned an entitlement of `kind` and has not used it (one read).
	pub fn has_available_entitlement(id: &VehicleId, kind: EntitlementKind) -> bool {
		VehicleEntitlements::<T>::get(id, kind)
			.is_some_and(|e| e.status == EntitlementStatus::Available)
	}

	/// Marks `id`'s entitlement of `kind` as used by `who`, its owner. Emits
	/// [`Event::EntitlementUsed`].
	///
	/// # Errors
	/// [`Error::UnknownVehicle`], [`Error::VehicleDeregistered`], [`Error::NotOwner`],
	/// [`Error::NoEntitlement`] (not earned), [`Error::EntitlementAlreadyUsed`].
	pub fn do_use_entitlement(
		who: &T::AccountId,
		id: VehicleId,
		kind: EntitlementKind,
	) -> DispatchResult {
		Self::owned_vehicle(who, id)?;
		let mut entitlement =
			VehicleEntitlements::<T>::get(id, kind).ok_or(Error::<T>::NoEntitlement)?;
		ensure!(
			entitlement.status == EntitlementStatus::Available,
			Error::<T>::EntitlementAlreadyUsed
		);
		entitlement.status = EntitlementStatus::Used;
		VehicleEntitlements::<T>::insert(id, kind, entitlement);
		Self::deposit_event(Event::EntitlementUsed { vehicle: id, kind, by: who.clone() });
		Ok(())
	}

	/// Marks `id`'s used entitlement of `kind` as available again (for whoever owns the vehicle
	/// now). Emits [`Event::EntitlementRestored`]. Restoring an entitlement that is not used is
	/// a caller's bug: it changes nothing.
	pub fn do_restore_entitlement(id: VehicleId, kind: EntitlementKind) {
		if Tombstones::<T>::contains_key(id) {
			// Deregistered since: the car and its entitlements are gone.
			return;
		}
		VehicleEntitlements::<T>::mutate(id, kind, |maybe| match maybe {
			Some(entitlement) if entitlement.status == EntitlementStatus::Used => {
				entitlement.status = EntitlementStatus::Available;
				Self::deposit_event(Event::EntitlementRestored { vehicle: id, kind });
			},
			_ => {
				defensive!("only a used entitlement is restored");
			},
		});
	}

	/// What [`runtime_api::VehiclesApi::vehicle`] returns.
	pub fn vehicle_details(id: VehicleId) -> Option<runtime_api::VehicleDetails<T::AccountId>> {
		let vehicle = Vehicles::<T>::get(id)?;
		let angel_mileage = if vehicle.angel_number.is_some() {
			let mut years: alloc::vec::Vec<_> = AngelMileage::<T>::iter_prefix(id)
				.map(|(year, meters)| runtime_api::AngelYearMileage { year, meters })
				.collect();
			years.sort_by_key(|y| y.year);
			years
		} else {
			alloc::vec::Vec::new()
		};
		let mut entitlements: alloc::vec::Vec<_> = VehicleEntitlements::<T>::iter_prefix(id)
			.map(|(kind, entitlement)| runtime_api::EntitlementDetails {
				kind,
				earned_in_year: entitlement.earned_in_year,
				earned_at_ms: entitlement.earned_at_ms,
				status: entitlement.status,
			})
			.collect();
		entitlements.sort_by_key(|e| e.kind);
		Some(runtime_api::VehicleDetails {
			owner: vehicle.owner,
			device_key: vehicle.device_key,
			model: vehicle.model,
			activated_at_ms: vehicle.activated_at_ms,
			consent: vehicle.consent,
			angel_number: vehicle.angel_number,
			angel_ended_at_ms: vehicle.angel_ended_at_ms,
			angel_mileage,
			entitlements,
		})
	}

	/// What [`runtime_api::VehiclesApi::vehicles_of`] returns: `who`'s active vehicles.
	pub fn vehicles_of(who: &T::AccountId) -> alloc::vec::Vec<VehicleId> {
		OwnerVehicles::<T>::get(who).into_inner()
	}

	/// The invariants (see the crate docs):
	/// 1. owner lists and vehicle records agree both ways: every listed vehicle has a record
	///    owned by the list's account, lists are non-empty without duplicates, and every
	///    vehicle is in its owner's list;
	/// 2. the device-key index and the vehicle records agree one to one;
	/// 3. angel numbers are unique, in `1..=AngelVehicles`, and indexed in `AngelNumbers` to
	///    their vehicle (a deregistered vehicle keeps its number there); exactly `AngelCount`
	///    numbers were given (at most `AngelVehicles` and `RegisteredCount`); only an angel
	///    vehicle's rights can have ended;
	/// 4. a deregistered vehicle leaves only its tombstone: no record, no angel mileage, no
	///    entitlements (and by 1 and 2 no owner-list or device-key entry);
	/// 5. `RegisteredCount` equals the records and tombstones together;
	/// 6. only angel vehicles have entitlements and angel mileage.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_set::BTreeSet;

		// 1. Owner lists -> vehicles.
		let mut listed = BTreeSet::new();
		for (owner, list) in OwnerVehicles::<T>::iter() {
			ensure!(!list.is_empty(), "invariant 1: an empty owner list is stored");
			ensure!(
				frame_system::Pallet::<T>::providers(&owner) > 0,
				"invariant 7: a certified owner's account does not exist"
			);
			for id in list {
				ensure!(listed.insert(id), "invariant 1: a vehicle is listed twice");
				let vehicle = Vehicles::<T>::get(id)
					.ok_or("invariant 1/4: a listed vehicle has no record")?;
				ensure!(vehicle.owner == owner, "invariant 1: listed under another owner");
			}
		}

		// 2. Device-key index -> vehicles.
		let mut indexed = 0u32;
		for (hash, id) in DeviceKeys::<T>::iter() {
			indexed = indexed.saturating_add(1);
			let vehicle =
				Vehicles::<T>::get(id).ok_or("invariant 2/4: an indexed vehicle has no record")?;
			ensure!(vehicle.device_key.index_hash() == hash, "invariant 2: index hash mismatch");
		}

		// Vehicles -> lists, index, angel numbers.
		let (mut records, mut angels) = (0u32, BTreeSet::new());
		for (id, vehicle) in Vehicles::<T>::iter() {
			records = records.saturating_add(1);
			ensure!(!Tombstones::<T>::contains_key(id), "invariant 4: a tombstone has a record");
			ensure!(listed.contains(&id), "invariant 1: a vehicle not in an owner list");
			ensure!(
				DeviceKeys::<T>::get(vehicle.device_key.index_hash()) == Some(id),
				"invariant 2: a vehicle's key not indexed to it"
			);
			if let Some(number) = vehicle.angel_number {
				ensure!(angels.insert(number), "invariant 3: angel number given twice");
				ensure!(
					AngelNumbers::<T>::get(number) == Some(id),
					"invariant 3: an angel number not indexed to its vehicle"
				);
			} else {
				ensure!(
					vehicle.angel_ended_at_ms.is_none(),
					"invariant 3: angel rights ended on a vehicle without them"
				);
			}
		}
		ensure!(indexed == records, "invariant 2: index and vehicles differ in number");
		ensure!(listed.len() == records as usize, "invariant 1: listed != vehicles");

		// 3. Angel numbers, those of deregistered vehicles included.
		let count = AngelCount::<T>::get();
		let mut numbers = 0u32;
		for (number, id) in AngelNumbers::<T>::iter() {
			numbers = numbers.saturating_add(1);
			ensure!(
				(1..=T::AngelVehicles::get()).contains(&number),
				"invariant 3: an angel number outside the angel round"
			);
			ensure!(
				Vehicles::<T>::get(id).map_or(Tombstones::<T>::contains_key(id), |v| {
					v.angel_number == Some(number)
				}),
				"invariant 3: an angel number indexed to a vehicle without it"
			);
		}
		ensure!(numbers == count, "invariant 3: the angel-number index and AngelCount differ");
		ensure!(count <= T::AngelVehicles::get(), "invariant 3: more angels than AngelVehicles");
		ensure!(count <= RegisteredCount::<T>::get(), "invariant 3: more angels than vehicles");

		// 4, 5. Tombstones and the registered count.
		let tombstones = Tombstones::<T>::iter_keys().count() as u32;
		ensure!(
			records.saturating_add(tombstones) == RegisteredCount::<T>::get(),
			"invariant 5: RegisteredCount != records + tombstones"
		);

		// 6. Entitlements and angel mileage of angel vehicles only.
		for (id, _, _) in VehicleEntitlements::<T>::iter() {
			ensure!(
				Vehicles::<T>::get(id).is_some_and(|v| v.angel_number.is_some()),
				"invariant 6: a non-angel vehicle has an entitlement"
			);
		}
		for (id, _, _) in AngelMileage::<T>::iter() {
			ensure!(
				Vehicles::<T>::get(id).is_some_and(|v| v.angel_number.is_some()),
				"invariant 6: a non-angel vehicle has angel mileage"
			);
		}
		Ok(())
	}
}
