//! The pallet's logic: box types, buying, the seed chain, the draw, rights, and the invariants.

use crate::*;
use alloc::vec::Vec;
use csop_primitives::{CrystalLedger, IssuePrecision, Pool, StoneIssuer, VehicleOwnership};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{Defensive, Randomness, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Hash, Saturating};

/// The domain tag of a box's draw hash.
pub const DRAW_TAG: &[u8] = b"csop/mine-box";
/// The subject the runtime's randomness source is asked with.
pub const RANDOMNESS_SUBJECT: &[u8] = b"csop/mine-boxes";

impl<T: Config> Pallet<T> {
	/// Today, in UTC days since the unix epoch.
	pub fn today() -> u32 {
		csop_primitives::day_of(u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX))
	}

	/// Turns call input into a stored box type, checking its name, table, fallback and pity.
	///
	/// # Errors
	/// [`Error::NameTooLong`], [`Error::TooManyDrops`], [`Error::ZeroPrice`] and the drop table
	/// errors ([`Error::EmptyDropTable`], [`Error::ZeroProbability`],
	/// [`Error::OddsNotOneMillion`], [`Error::EmptyTreasure`], [`Error::MissingFallback`],
	/// [`Error::StoneFallback`], [`Error::BadPity`]).
	pub fn new_box_type(
		details: BoxTypeDetails<BalanceOf<T>>,
	) -> Result<BoxTypeOf<T>, DispatchError> {
		ensure!(details.price > 0, Error::<T>::ZeroPrice);
		let box_type = BoxType {
			name: details.name.try_into().map_err(|_| Error::<T>::NameTooLong)?,
			price: details.price,
			drops: details.drops.try_into().map_err(|_| Error::<T>::TooManyDrops)?,
			fallback: details.fallback,
			daily_supply: details.daily_supply,
			per_account_daily: details.per_account_daily,
			pity: details.pity,
			open: details.open,
		};
		box_type.check_table().map_err(|e| match e {
			TableError::Empty => Error::<T>::EmptyDropTable,
			TableError::ZeroProbability => Error::<T>::ZeroProbability,
			TableError::OddsNotOneMillion => Error::<T>::OddsNotOneMillion,
			TableError::EmptyTreasure => Error::<T>::EmptyTreasure,
			TableError::MissingFallback => Error::<T>::MissingFallback,
			TableError::StoneFallback => Error::<T>::StoneFallback,
			TableError::BadPity => Error::<T>::BadPity,
		})?;
		Ok(box_type)
	}

	/// Stores a checked box type under the next id and emits [`Event::BoxTypeCreated`].
	///
	/// # Errors
	/// [`Error::Overflow`] if the id counter is exhausted.
	pub fn do_create_box_type(box_type: BoxTypeOf<T>) -> Result<BoxTypeId, DispatchError> {
		let id = NextBoxTypeId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let price = box_type.price;
		BoxTypes::<T>::insert(id, box_type);
		NextBoxTypeId::<T>::put(next);
		Self::deposit_event(Event::BoxTypeCreated { box_type: id, price });
		Ok(id)
	}

	/// Opens or closes a box type for buying.
	///
	/// # Errors
	/// [`Error::UnknownBoxType`].
	pub fn do_set_box_type_open(id: BoxTypeId, open: bool) -> DispatchResult {
		BoxTypes::<T>::try_mutate(id, |box_type| {
			let box_type = box_type.as_mut().ok_or(Error::<T>::UnknownBoxType)?;
			box_type.open = open;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::BoxTypeOpenSet { box_type: id, open });
		Ok(())
	}

	/// `who` buys a box of type `box_type`: pays its price in crystals and commits it to the
	/// seed of block `now + RevealDelay`. Emits [`Event::BoxBought`].
	///
	/// # Errors
	/// [`Error::UnknownBoxType`], [`Error::BoxTypeClosed`], [`Error::DailySupplyExhausted`],
	/// [`Error::AccountDailyLimitReached`], [`Error::InsufficientCrystals`],
	/// [`Error::TooManyPendingBoxes`], [`Error::Overflow`].
	pub fn do_buy_box(who: &T::AccountId, box_type_id: BoxTypeId) -> Result<BoxId, DispatchError> {
		let box_type = BoxTypes::<T>::get(box_type_id).ok_or(Error::<T>::UnknownBoxType)?;
		ensure!(box_type.open, Error::<T>::BoxTypeClosed);

		let today = Self::today();
		let opened_today = DailyOpened::<T>::get(box_type_id).on(today);
		if let Some(supply) = box_type.daily_supply {
			ensure!(opened_today < supply, Error::<T>::DailySupplyExhausted);
		}
		let account_today = AccountDailyOpened::<T>::get(box_type_id, who).on(today);
		if let Some(limit) = box_type.per_account_daily {
			ensure!(account_today < limit, Error::<T>::AccountDailyLimitReached);
		}
		ensure!(T::Crystals::balance(who) >= box_type.price, Error::<T>::InsufficientCrystals);

		let id = NextBoxId::<T>::get();
		let next_id = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let now = frame_system::Pallet::<T>::block_number();
		let draw_at = now.saturating_add(RevealDelay::<T>::get());
		let mut slot = SeedSlots::<T>::get(draw_at).unwrap_or(SeedSlot { seed: None, waiting: 0 });
		slot.waiting = slot.waiting.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let opened_today = opened_today.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let account_today = account_today.checked_add(1).ok_or(Error::<T>::Overflow)?;
		PendingBoxes::<T>::try_mutate(who, |pending| pending.try_push(id))
			.map_err(|_| Error::<T>::TooManyPendingBoxes)?;

		// Last fallible step: nothing above has to be undone if paying fails (the call is
		// transactional anyway).
		T::Crystals::spend(who, box_type.price).map_err(|_| Error::<T>::InsufficientCrystals)?;

		SeedSlots::<T>::insert(draw_at, slot);
		DailyOpened::<T>::insert(box_type_id, DayCount { day: today, count: opened_today });
		AccountDailyOpened::<T>::insert(
			box_type_id,
			who,
			DayCount { day: today, count: account_today },
		);
		Boxes::<T>::insert(
			id,
			MineBox {
				owner: who.clone(),
				box_type: box_type_id,
				price: box_type.price,
				committed_at: now,
				draw_at,
				certified_owner: T::Owners::is_certified_owner(who),
				outcome: None,
			},
		);
		NextBoxId::<T>::put(next_id);
		Self::deposit_event(Event::BoxBought {
			id,
			who: who.clone(),
			box_type: box_type_id,
			price: box_type.price,
			draw_at,
		});
		Ok(id)
	}

	/// At the start of block `n`: extends the running seed with the randomness the block
	/// begins with, and fills the seed slot of `n` if bought boxes wait for it.
	pub(crate) fn advance_seed(n: BlockNumberFor<T>) {
		let (vrf, _) = T::Randomness::random(RANDOMNESS_SUBJECT);
		let seed = T::Hashing::hash_of(&(RunningSeed::<T>::get(), n, vrf));
		RunningSeed::<T>::put(seed);
		SeedSlots::<T>::mutate_exists(n, |slot| {
			if let Some(slot) = slot {
				slot.seed = Some(seed);
				Self::deposit_event(Event::SeedDrawn { block: n, seed, vrf });
			}
		});
	}

	/// The hash a box's draw is decided by:
	/// `blake2_256(SCALE(("csop/mine-box", seed, id, owner)))` in the runtime.
	pub fn draw_hash(seed: &T::Hash, id: BoxId, owner: &T::AccountId) -> T::Hash {
		T::Hashing::hash_of(&(DRAW_TAG, seed, id, owner))
	}

	/// What revealing `boxes` boxes in one call may cost: each reveal, and reading the types of
	/// the owner's unrevealed boxes to find the earlier ones.
	pub fn reveal_weight(boxes: u32) -> Weight {
		T::WeightInfo::reveal()
			.saturating_mul(boxes.into())
			.saturating_add(T::DbWeight::get().reads(T::MaxPendingPerAccount::get().into()))
	}

	/// `caller` reveals box `id` (see [`Self::do_reveal`]): its owner from its draw block on,
	/// anyone else `RevealDeadline` blocks later. Returns how many boxes were revealed.
	///
	/// # Errors
	/// [`Error::NotYetOpenToOthers`] and those of [`Self::do_reveal`].
	pub fn do_reveal_by(caller: &T::AccountId, id: BoxId) -> Result<u32, DispatchError> {
		let mine_box = Boxes::<T>::get(id).ok_or(Error::<T>::UnknownBox)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			*caller == mine_box.owner
				|| now >= mine_box.draw_at.saturating_add(T::RevealDeadline::get()),
			Error::<T>::NotYetOpenToOthers
		);
		let earlier = Self::earlier_unrevealed(&mine_box.owner, mine_box.box_type, id);
		let revealed = (earlier.len() as u32).saturating_add(1);
		Self::do_reveal(id)?;
		Ok(revealed)
	}

	/// `owner`'s unrevealed boxes of type `box_type` bought before box `id`, oldest first.
	fn earlier_unrevealed(owner: &T::AccountId, box_type: BoxTypeId, id: BoxId) -> Vec<BoxId> {
		PendingBoxes::<T>::get(owner)
			.into_iter()
			.filter(|b| *b < id && Boxes::<T>::get(b).is_some_and(|x| x.box_type == box_type))
			.collect()
	}

	/// Reveals box `id`, and first every earlier unrevealed box of the same owner and type,
	/// in purchase order: pity then falls where the purchase order puts it, whatever order the
	/// reveals come in. Returns box `id`'s outcome.
	///
	/// # Errors
	/// [`Error::UnknownBox`], [`Error::AlreadyRevealed`], [`Error::NotYetRevealable`] (also
	/// when an earlier box's draw block has not begun), [`Error::Overflow`].
	pub fn do_reveal(id: BoxId) -> Result<OutcomeOf<T>, DispatchError> {
		let mine_box = Boxes::<T>::get(id).ok_or(Error::<T>::UnknownBox)?;
		ensure!(mine_box.outcome.is_none(), Error::<T>::AlreadyRevealed);
		for earlier in Self::earlier_unrevealed(&mine_box.owner, mine_box.box_type, id) {
			Self::reveal_one(earlier)?;
		}
		Self::reveal_one(id)
	}

	/// Reveals box `id` alone: draws its entry from its draw block's seed, gives the treasure
	/// (or the fallback) to its owner, updates pity and the observed frequencies. Emits
	/// [`Event::BoxRevealed`].
	fn reveal_one(id: BoxId) -> Result<OutcomeOf<T>, DispatchError> {
		let mut mine_box = Boxes::<T>::get(id).ok_or(Error::<T>::UnknownBox)?;
		ensure!(mine_box.outcome.is_none(), Error::<T>::AlreadyRevealed);
		let mut slot = SeedSlots::<T>::get(mine_box.draw_at).ok_or(Error::<T>::NotYetRevealable)?;
		let seed = slot.seed.ok_or(Error::<T>::NotYetRevealable)?;
		let box_type = BoxTypes::<T>::get(mine_box.box_type)
			.ok_or(Error::<T>::UnknownBoxType)
			.defensive_proof("box types are never removed")?;
		let owner = mine_box.owner.clone();

		let counter = PityCounter::<T>::get(&owner, mine_box.box_type);
		let pity_due = box_type.pity.is_some_and(|threshold| counter >= threshold);
		let random = draw_random(Self::draw_hash(&seed, id, &owner).as_ref());
		let (entry, roll) = box_type
			.pick(random, pity_due)
			.ok_or(Error::<T>::EmptyDropTable)
			.defensive_proof("stored tables passed check_table")?;
		let drop = *box_type
			.drops
			.get(usize::from(entry))
			.ok_or(Error::<T>::EmptyDropTable)
			.defensive_proof("pick returns an index of the table")?;

		let (treasure, fallback) =
			Self::give(&owner, mine_box.certified_owner, drop.treasure, box_type.fallback)?;

		let now = frame_system::Pallet::<T>::block_number();
		let outcome =
			Outcome { seed, roll, entry, pity: pity_due, treasure, fallback, revealed_at: now };
		mine_box.outcome = Some(outcome);
		Boxes::<T>::insert(id, mine_box.clone());
		PendingBoxes::<T>::mutate(&owner, |pending| pending.retain(|b| *b != id));
		slot.waiting = slot.waiting.saturating_sub(1);
		if slot.waiting == 0 {
			SeedSlots::<T>::remove(mine_box.draw_at);
		} else {
			SeedSlots::<T>::insert(mine_box.draw_at, slot);
		}
		if drop.rare {
			PityCounter::<T>::remove(&owner, mine_box.box_type);
		} else if box_type.pity.is_some() {
			PityCounter::<T>::insert(&owner, mine_box.box_type, counter.saturating_add(1));
		}
		DrawCounts::<T>::mutate(mine_box.box_type, entry, |count| {
			if pity_due {
				count.pity = count.pity.saturating_add(1);
			} else {
				count.natural = count.natural.saturating_add(1);
			}
		});
		TotalDraws::<T>::mutate(mine_box.box_type, |total| *total = total.saturating_add(1));
		Self::deposit_event(Event::BoxRevealed {
			id,
			who: owner,
			box_type: mine_box.box_type,
			outcome,
		});
		Ok(outcome)
	}

	/// Gives `treasure` to `who`; a stones treasure that `who` may not receive (it was not a
	/// certified owner when it bought the box: `certified_owner`) or the pool cannot pay is
	/// replaced by `fallback`. Returns what was given and why the fallback, if it was.
	fn give(
		who: &T::AccountId,
		certified_owner: bool,
		treasure: Treasure<BalanceOf<T>>,
		fallback: Option<Treasure<BalanceOf<T>>>,
	) -> Result<(Treasure<BalanceOf<T>>, Option<FallbackReason>), DispatchError> {
		let Treasure::Stones(amount) = treasure else {
			Self::give_plain(who, treasure)?;
			return Ok((treasure, None));
		};
		let reason = if !certified_owner {
			FallbackReason::NotCertifiedOwner
		} else {
			// A failed issue must leave no trace: run it in its own storage layer.
			let issued = frame_support::storage::with_storage_layer(|| {
				T::Stones::issue(Pool::Cultivation, who, amount, IssuePrecision::Exact)
			});
			match issued {
				Ok(_) => {
					StonesGiven::<T>::mutate(|given| *given = given.saturating_add(amount));
					return Ok((treasure, None));
				},
				Err(_) => FallbackReason::PoolCannotPay,
			}
		};
		let fallback = fallback
			.filter(|f| !f.is_stones())
			.ok_or(Error::<T>::MissingFallback)
			.defensive_proof("tables with stones have a fallback that is not stones")?;
		Self::give_plain(who, fallback)?;
		Ok((fallback, Some(reason)))
	}

	/// Gives a right or crystals.
	fn give_plain(who: &T::AccountId, treasure: Treasure<BalanceOf<T>>) -> DispatchResult {
		match treasure {
			Treasure::Right { right, quantity } => Rights::<T>::try_mutate(who, right, |held| {
				*held = held.checked_add(quantity).ok_or(Error::<T>::Overflow)?;
				Ok(())
			}),
			Treasure::Crystals(amount) => T::Crystals::grant(who, amount),
			Treasure::Stones(_) => Err(Error::<T>::StoneFallback.into()),
		}
	}

	/// Marks `quantity` of `who`'s right `right` as used. Emits [`Event::RightUsed`].
	///
	/// # Errors
	/// [`Error::ZeroQuantity`], [`Error::InsufficientRights`].
	pub fn do_use_right(who: &T::AccountId, right: RightId, quantity: u32) -> DispatchResult {
		ensure!(quantity > 0, Error::<T>::ZeroQuantity);
		Rights::<T>::try_mutate_exists(who, right, |held| {
			let left =
				held.unwrap_or(0).checked_sub(quantity).ok_or(Error::<T>::InsufficientRights)?;
			*held = (left > 0).then_some(left);
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::RightUsed { who: who.clone(), right, quantity });
		Ok(())
	}

	/// Every box type with its details, by id ([`runtime_api::MineBoxesApi::box_types`]).
	pub fn box_types() -> Vec<(BoxTypeId, BoxTypeDetails<BalanceOf<T>>)> {
		let mut types = BoxTypes::<T>::iter().map(|(id, t)| (id, t.details())).collect::<Vec<_>>();
		types.sort_by_key(|(id, _)| *id);
		types
	}

	/// A box type's published odds and observed frequencies
	/// ([`runtime_api::MineBoxesApi::odds`]).
	pub fn odds(id: BoxTypeId) -> Option<runtime_api::BoxOdds<BalanceOf<T>>> {
		let box_type = BoxTypes::<T>::get(id)?;
		let entries = box_type
			.drops
			.iter()
			.enumerate()
			.map(|(index, drop)| {
				let counts =
					u8::try_from(index).map(|i| DrawCounts::<T>::get(id, i)).unwrap_or_default();
				runtime_api::DropOdds {
					treasure: drop.treasure,
					ppm: drop.ppm,
					rare: drop.rare,
					natural_draws: counts.natural,
					pity_draws: counts.pity,
				}
			})
			.collect();
		Some(runtime_api::BoxOdds {
			box_type: id,
			entries,
			fallback: box_type.fallback,
			pity: box_type.pity,
			total_draws: TotalDraws::<T>::get(id),
		})
	}

	/// `who`'s unrevealed boxes, oldest first ([`runtime_api::MineBoxesApi::pending_boxes`]).
	pub fn pending_boxes(who: &T::AccountId) -> Vec<(BoxId, MineBoxOf<T>)> {
		PendingBoxes::<T>::get(who)
			.into_iter()
			.filter_map(|id| Boxes::<T>::get(id).map(|b| (id, b)))
			.collect()
	}

	/// `who`'s pity counters, by box type ([`runtime_api::MineBoxesApi::pity_of`]).
	pub fn pity_of(who: &T::AccountId) -> Vec<(BoxTypeId, u32)> {
		PityCounter::<T>::iter_prefix(who).collect()
	}

	/// `who`'s unused rights ([`runtime_api::MineBoxesApi::rights_of`]).
	pub fn rights_of(who: &T::AccountId) -> Vec<(RightId, u32)> {
		let mut rights: Vec<_> = Rights::<T>::iter_prefix(who).collect();
		rights.sort();
		rights
	}

	/// Checks the pallet's invariants (numbered in the crate docs).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let next_box = NextBoxId::<T>::get();
		let mut unrevealed = 0u64;
		let mut waiting: BTreeMap<BlockNumberFor<T>, u32> = BTreeMap::new();
		let mut draws: BTreeMap<BoxTypeId, u64> = BTreeMap::new();
		// Per owner and type: the newest revealed box and the oldest unrevealed one.
		let mut newest_revealed: BTreeMap<(T::AccountId, BoxTypeId), BoxId> = BTreeMap::new();
		let mut oldest_unrevealed: BTreeMap<(T::AccountId, BoxTypeId), BoxId> = BTreeMap::new();
		for (id, mine_box) in Boxes::<T>::iter() {
			let key = (mine_box.owner.clone(), mine_box.box_type);
			if mine_box.outcome.is_some() {
				let newest = newest_revealed.entry(key).or_insert(id);
				*newest = (*newest).max(id);
			} else {
				let oldest = oldest_unrevealed.entry(key).or_insert(id);
				*oldest = (*oldest).min(id);
			}
			ensure!(id < next_box, "1: a box id is below NextBoxId");
			ensure!(BoxTypes::<T>::contains_key(mine_box.box_type), "2: every box's type exists");
			match mine_box.outcome {
				None => {
					unrevealed += 1;
					*waiting.entry(mine_box.draw_at).or_default() += 1;
					ensure!(
						PendingBoxes::<T>::get(&mine_box.owner).contains(&id),
						"3: an unrevealed box is in its owner's pending list"
					);
				},
				Some(outcome) => {
					*draws.entry(mine_box.box_type).or_default() += 1;
					ensure!(
						!outcome.treasure.is_stones() || outcome.fallback.is_none(),
						"4: a fallback is never stones"
					);
				},
			}
		}
		let pending: u64 = PendingBoxes::<T>::iter().map(|(_, p)| p.len() as u64).sum();
		ensure!(pending == unrevealed, "3: pending lists hold exactly the unrevealed boxes");
		for (block, slot) in SeedSlots::<T>::iter() {
			ensure!(
				waiting.remove(&block) == Some(slot.waiting),
				"5: a seed slot's waiting count is the number of unrevealed boxes drawn from it"
			);
		}
		ensure!(waiting.is_empty(), "5: every unrevealed box's draw block has a seed slot");
		for (key, oldest) in oldest_unrevealed {
			ensure!(
				newest_revealed.get(&key).is_none_or(|newest| *newest < oldest),
				"8: an owner's boxes of a type are revealed in purchase order"
			);
		}
		for (id, _) in BoxTypes::<T>::iter() {
			ensure!(id < NextBoxTypeId::<T>::get(), "1: a box type id is below NextBoxTypeId");
			let counted: u64 = DrawCounts::<T>::iter_prefix(id)
				.map(|(_, c)| c.natural.saturating_add(c.pity))
				.sum();
			let total = TotalDraws::<T>::get(id);
			ensure!(counted == total, "6: the entries' draw counts add up to the type's draws");
			ensure!(
				draws.get(&id).copied().unwrap_or(0) == total,
				"6: the type's draws are its revealed boxes"
			);
		}
		Ok(())
	}
}
