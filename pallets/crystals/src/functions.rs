//! The pallet's logic: rules, awards, the ledger, pruning and the invariants.

use crate::*;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::UnixTime};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// Now, in milliseconds since the unix epoch.
	pub fn now_ms() -> u64 {
		u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX)
	}

	/// Today's UTC day.
	pub fn today() -> Day {
		day_of(Self::now_ms())
	}

	/// The oldest day an award may be for today: `today - AwardWindowDays`.
	pub fn window_start() -> Day {
		Self::today().saturating_sub(T::AwardWindowDays::get())
	}

	/// Sets or removes an activity's rule. Emits [`Event::ActivityRuleSet`].
	///
	/// # Errors
	/// [`Error::InvalidRule`].
	pub fn do_set_activity_rule(activity: Activity, rule: Option<ActivityRule>) -> DispatchResult {
		match rule {
			Some(r) => {
				ensure!(r.is_valid(), Error::<T>::InvalidRule);
				ActivityRules::<T>::insert(activity, r);
			},
			None => ActivityRules::<T>::remove(activity),
		}
		Self::deposit_event(Event::ActivityRuleSet { activity, rule });
		Ok(())
	}

	/// The first day whose references are kept: `today - ReferenceRetentionDays`.
	pub fn retention_start() -> Day {
		Self::today().saturating_sub(ReferenceRetentionDays::<T>::get())
	}

	/// Keeps references for `days` days; see [`Call::set_reference_retention`]. Emits
	/// [`Event::ReferenceRetentionSet`].
	///
	/// # Errors
	/// [`Error::RetentionShorterThanWindow`].
	pub fn do_set_reference_retention(days: u32) -> DispatchResult {
		ensure!(days >= T::AwardWindowDays::get(), Error::<T>::RetentionShorterThanWindow);
		ReferenceRetentionDays::<T>::put(days);
		Self::deposit_event(Event::ReferenceRetentionSet { days });
		Ok(())
	}

	/// Awards `who` the crystals of `activity` done at `occurred_at_ms` under `reference`.
	/// Returns the crystals awarded and emits [`Event::Awarded`].
	///
	/// # Errors
	/// [`Error::ActivityNotRewarded`], [`Error::ActivityInFuture`], [`Error::ActivityTooOld`],
	/// [`Error::AlreadyAwarded`], [`Error::DailyCapReached`], [`Error::LifetimeCapReached`],
	/// [`Error::Overflow`].
	pub fn do_award(
		who: &T::AccountId,
		activity: Activity,
		occurred_at_ms: u64,
		reference: H256,
	) -> Result<CrystalAmount, DispatchError> {
		let rule = ActivityRules::<T>::get(activity).ok_or(Error::<T>::ActivityNotRewarded)?;
		ensure!(
			occurred_at_ms <= Self::now_ms().saturating_add(T::MaxClockDrift::get()),
			Error::<T>::ActivityInFuture
		);
		let day = day_of(occurred_at_ms);
		ensure!(day >= Self::window_start(), Error::<T>::ActivityTooOld);
		ensure!(!ReferenceDays::<T>::contains_key(reference), Error::<T>::AlreadyAwarded);
		let daily = DailyAwards::<T>::get((day, who, activity));
		ensure!(daily < rule.daily_cap, Error::<T>::DailyCapReached);
		let lifetime = LifetimeAwards::<T>::get(who, activity);
		if let Some(cap) = rule.lifetime_cap {
			ensure!(lifetime < cap, Error::<T>::LifetimeCapReached);
		}
		let awarded = TotalAwarded::<T>::get()
			.checked_add(rule.crystals)
			.ok_or(Error::<T>::Overflow)?;
		Self::credit(who, rule.crystals)?;

		TotalAwarded::<T>::put(awarded);
		UsedReferences::<T>::insert(day, reference, ());
		ReferenceDays::<T>::insert(reference, day);
		DailyAwards::<T>::insert((day, who, activity), daily.saturating_add(1));
		LifetimeAwards::<T>::insert(who, activity, lifetime.saturating_add(1));
		PruneFrom::<T>::mutate(|from| *from = Some(from.map_or(day, |f| f.min(day))));
		ReferencesPruneFrom::<T>::mutate(|from| *from = Some(from.map_or(day, |f| f.min(day))));
		Self::deposit_event(Event::Awarded {
			who: who.clone(),
			activity,
			crystals: rule.crystals,
			day,
			reference,
		});
		Ok(rule.crystals)
	}

	/// Adds `amount` to `who`'s balance and the total. A new account gets its provider
	/// reference here.
	///
	/// # Errors
	/// [`Error::Overflow`]; nothing is written then.
	pub(crate) fn credit(who: &T::AccountId, amount: CrystalAmount) -> DispatchResult {
		let total = TotalCrystals::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::add_to_balance(who, amount)?;
		TotalCrystals::<T>::put(total);
		Ok(())
	}

	/// Adds `amount` to `who`'s balance alone (the total is the caller's). A new account gets
	/// its provider reference here.
	///
	/// # Errors
	/// [`Error::Overflow`]; nothing is written then.
	pub(crate) fn add_to_balance(who: &T::AccountId, amount: CrystalAmount) -> DispatchResult {
		let existing = Balances::<T>::get(who);
		let balance = existing.unwrap_or(0).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		if existing.is_none() {
			// Paired with no decrement: the entry (a known user) is kept for good.
			frame_system::Pallet::<T>::inc_providers(who);
		}
		Balances::<T>::insert(who, balance);
		Ok(())
	}

	/// Grants `who` `amount` crystals that are not an activity award. Emits
	/// [`Event::Granted`].
	///
	/// # Errors
	/// [`Error::Overflow`].
	pub fn do_grant(who: &T::AccountId, amount: CrystalAmount) -> DispatchResult {
		let granted = TotalGranted::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::credit(who, amount)?;
		TotalGranted::<T>::put(granted);
		Self::deposit_event(Event::Granted { who: who.clone(), crystals: amount });
		Ok(())
	}

	/// Takes `amount` of `who`'s crystals. Emits [`Event::Spent`].
	///
	/// # Errors
	/// [`Error::InsufficientCrystals`], [`Error::Overflow`].
	pub fn do_spend(who: &T::AccountId, amount: CrystalAmount) -> DispatchResult {
		let left = Balances::<T>::get(who)
			.unwrap_or(0)
			.checked_sub(amount)
			.ok_or(Error::<T>::InsufficientCrystals)?;
		let spent = TotalSpent::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		let total = TotalCrystals::<T>::get().checked_sub(amount).ok_or(Error::<T>::Overflow)?;
		if Balances::<T>::contains_key(who) {
			Balances::<T>::insert(who, left);
		}
		TotalCrystals::<T>::put(total);
		TotalSpent::<T>::put(spent);
		Self::deposit_event(Event::Spent { who: who.clone(), crystals: amount });
		Ok(())
	}

	/// `on_idle`: removes the daily counters of days that left the award window, then the
	/// references of days older than the retention, oldest day first, at most
	/// `MaxPrunePerBlock` entries and never more than `remaining` weight. Returns the weight
	/// used (zero when `remaining` has no room for one entry).
	pub(crate) fn prune(remaining: Weight) -> Weight {
		// Reading the two cursors, the retention and the clock.
		let check = T::DbWeight::get().reads(4);
		let base = T::WeightInfo::on_idle_prune(0);
		let per_entry = T::WeightInfo::on_idle_prune(1).saturating_sub(base);
		if remaining.any_lt(check.saturating_add(base).saturating_add(per_entry)) {
			return Weight::zero();
		}
		let daily = PruneFrom::<T>::get().filter(|day| *day < Self::window_start());
		let references =
			ReferencesPruneFrom::<T>::get().filter(|day| *day < Self::retention_start());
		// Daily counters first, then references, each step paying its own base and taking
		// what is left of the weight and of `MaxPrunePerBlock`.
		let steps: [(Option<Day>, PruneStep); 2] =
			[(daily, Self::prune_day), (references, Self::prune_references)];
		let mut used = check;
		let mut left = T::MaxPrunePerBlock::get();
		for (day, step) in steps {
			let Some(day) = day else { continue };
			let room = remaining.saturating_sub(used);
			if room.any_lt(base.saturating_add(per_entry)) || left == 0 {
				break;
			}
			let limit = entries_within(room.saturating_sub(base), per_entry).min(left);
			let touched = step(day, limit);
			used = used.saturating_add(T::WeightInfo::on_idle_prune(touched));
			left = left.saturating_sub(touched);
		}
		used
	}

	/// Removes up to `limit` daily counters of `day`. When none is left, moves [`PruneFrom`]
	/// to the next day and emits [`Event::DayPruned`]. Returns how many database entries it
	/// removed (at most `limit`); the caller makes sure `day` left the award window, so that
	/// nothing is written to it again.
	///
	/// `clear_prefix` always starts from the prefix (a cursor would not be honoured) and counts
	/// only entries in the database, which is all there are: no entry of a day outside the
	/// window is written in the current block.
	pub(crate) fn prune_day(day: Day, limit: u32) -> u32 {
		let daily = DailyAwards::<T>::clear_prefix((day,), limit, None);
		if daily.maybe_cursor.is_none() {
			PruneFrom::<T>::put(day.saturating_add(1));
			Self::deposit_event(Event::DayPruned { day });
		}
		daily.loops
	}

	/// Removes up to `limit` references of `day` (each from both indexes). When none is left,
	/// moves [`ReferencesPruneFrom`] to the next day and emits [`Event::ReferencesPruned`].
	/// Returns how many references it removed; the caller makes sure `day` is older than the
	/// retention (so also outside the award window: nothing is written to it again).
	pub(crate) fn prune_references(day: Day, limit: u32) -> u32 {
		let mut removed = 0u32;
		for (reference, ()) in UsedReferences::<T>::drain_prefix(day).take(limit as usize) {
			ReferenceDays::<T>::remove(reference);
			removed = removed.saturating_add(1);
		}
		if UsedReferences::<T>::iter_prefix(day).next().is_none() {
			ReferencesPruneFrom::<T>::put(day.saturating_add(1));
			Self::deposit_event(Event::ReferencesPruned { day });
		}
		removed
	}

	/// `who`'s crystals ([`runtime_api::CrystalsApi::crystals`]).
	pub fn crystals(who: &T::AccountId) -> CrystalAmount {
		Balances::<T>::get(who).unwrap_or(0)
	}

	/// Every activity rule ([`runtime_api::CrystalsApi::activity_rules`]).
	pub fn activity_rules() -> Vec<(Activity, ActivityRule)> {
		Activity::ALL
			.iter()
			.filter_map(|a| ActivityRules::<T>::get(a).map(|r| (*a, r)))
			.collect()
	}

	/// `who`'s awards today per activity ([`runtime_api::CrystalsApi::awards_today`]).
	pub fn awards_today(who: &T::AccountId) -> Vec<(Activity, u32)> {
		let today = Self::today();
		Activity::ALL
			.iter()
			.map(|a| (*a, DailyAwards::<T>::get((today, who, *a))))
			.filter(|(_, n)| *n > 0)
			.collect()
	}

	/// Checks the pallet's invariants (numbered in the crate docs).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut sum: u128 = 0;
		for (who, balance) in Balances::<T>::iter() {
			sum += u128::from(balance);
			ensure!(
				frame_system::Pallet::<T>::providers(&who) >= 1,
				"2: every crystal holder has a provider reference"
			);
		}
		ensure!(sum == u128::from(TotalCrystals::<T>::get()), "1: balances add up to the total");
		ensure!(
			u128::from(TotalAwarded::<T>::get()) + u128::from(TotalGranted::<T>::get())
				== u128::from(TotalSpent::<T>::get()) + sum,
			"3: awarded + granted = spent + held"
		);
		for (_, rule) in ActivityRules::<T>::iter() {
			ensure!(rule.is_valid(), "4: every rule pays something");
		}
		if let Some(from) = PruneFrom::<T>::get() {
			for (day, _, _) in DailyAwards::<T>::iter_keys() {
				ensure!(day >= from, "5: no daily counter older than PruneFrom");
			}
		}
		let from = ReferencesPruneFrom::<T>::get();
		let mut references = 0usize;
		for (day, reference) in UsedReferences::<T>::iter_keys() {
			references += 1;
			ensure!(from.is_some_and(|f| day >= f), "5: no reference older than its cursor");
			ensure!(
				ReferenceDays::<T>::get(reference) == Some(day),
				"6: a paid reference is indexed to its day"
			);
		}
		ensure!(
			ReferenceDays::<T>::iter_keys().count() == references,
			"6: the two reference indexes hold the same references"
		);
		ensure!(
			ReferenceRetentionDays::<T>::get() >= T::AwardWindowDays::get(),
			"7: references are kept at least as long as the award window"
		);
		Ok(())
	}
}

/// One pruning step of `on_idle`: removes up to `limit` entries of a day, returns how many.
type PruneStep = fn(Day, u32) -> u32;

/// How many entries of `per_entry` weight fit in `room`, in every dimension that entries use
/// (`u32::MAX` if they use none).
fn entries_within(room: Weight, per_entry: Weight) -> u32 {
	let fit = |room: u64, per: u64| room.checked_div(per).unwrap_or(u64::MAX);
	let n = fit(room.ref_time(), per_entry.ref_time())
		.min(fit(room.proof_size(), per_entry.proof_size()));
	u32::try_from(n).unwrap_or(u32::MAX)
}
