//! The recovery's logic: opening, cancelling, the moves domain by domain, and the invariants.

use crate::*;
use frame_support::{
	dispatch::{DispatchErrorWithPostInfo, WithPostDispatchInfo},
	ensure,
	pallet_prelude::*,
	traits::{EnsureOrigin, Get},
};
use frame_system::pallet_prelude::*;
use sp_core::H256;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Moves `lost`'s holdings in `domain` (see [`RecoverHoldings::move_holdings`]).
	fn move_in(
		domain: Domain,
		lost: &T::AccountId,
		rescuer: &T::AccountId,
		cursor: u32,
		budget: u32,
	) -> Result<MoveStep, DispatchError> {
		match domain {
			Domain::Vehicles => T::Vehicles::move_holdings(lost, rescuer, cursor, budget),
			Domain::MineBoxes => T::MineBoxes::move_holdings(lost, rescuer, cursor, budget),
			Domain::Crystals => T::Crystals::move_holdings(lost, rescuer, cursor, budget),
			Domain::Redemptions => T::Redemptions::move_holdings(lost, rescuer, cursor, budget),
			Domain::Stones => T::Stones::move_holdings(lost, rescuer, cursor, budget),
			Domain::Users => T::Users::move_holdings(lost, rescuer, cursor, budget),
		}
	}

	/// The most that moving `budget` units in `domain` weighs.
	fn move_weight_in(domain: Domain, budget: u32) -> Weight {
		match domain {
			Domain::Vehicles => T::Vehicles::move_weight(budget),
			Domain::MineBoxes => T::MineBoxes::move_weight(budget),
			Domain::Crystals => T::Crystals::move_weight(budget),
			Domain::Redemptions => T::Redemptions::move_weight(budget),
			Domain::Stones => T::Stones::move_weight(budget),
			Domain::Users => T::Users::move_weight(budget),
		}
	}

	/// Whether `who` holds anything in `domain` that a recovery moves.
	pub fn holds_in(domain: Domain, who: &T::AccountId) -> bool {
		match domain {
			Domain::Vehicles => T::Vehicles::holds_any(who),
			Domain::MineBoxes => T::MineBoxes::holds_any(who),
			Domain::Crystals => T::Crystals::holds_any(who),
			Domain::Redemptions => T::Redemptions::holds_any(who),
			Domain::Stones => T::Stones::holds_any(who),
			Domain::Users => T::Users::holds_any(who),
		}
	}

	/// The first domain in which `who` holds something (the domains' checks cost a few reads
	/// each: [`WeightInfo::advance`] and [`WeightInfo::open`] measure them).
	pub fn first_holding(who: &T::AccountId) -> Option<Domain> {
		Domain::ALL.into_iter().find(|d| Self::holds_in(*d, who))
	}

	/// The weight `advance` declares for `budget`: its own work, and every domain moving the
	/// whole budget (a step moves at most `budget` units in all, but which domain they fall in
	/// is known only as it runs; the unused part is refunded).
	pub fn advance_weight(budget: u32) -> Weight {
		let budget = budget.min(T::MaxBudget::get());
		Domain::ALL.into_iter().fold(T::WeightInfo::advance(), |w, d| {
			w.saturating_add(Self::move_weight_in(d, budget))
		})
	}

	/// Opens the recovery of `lost` to `rescuer`; see [`Call::open`]. Emits
	/// [`Event::RecoveryOpened`].
	///
	/// # Errors
	/// [`Error::SameAccount`], [`Error::AlreadyOpen`], [`Error::RescuerInUse`],
	/// [`Error::RescuerBeingRecovered`], [`Error::LostIsRescuer`], [`Error::RescuerNotEmpty`],
	/// [`Error::NothingToRecover`], [`Error::AlreadyRecovered`] (either account).
	pub fn do_open(lost: T::AccountId, rescuer: T::AccountId, evidence: H256) -> DispatchResult {
		ensure!(lost != rescuer, Error::<T>::SameAccount);
		ensure!(
			!Recovered::<T>::contains_key(&lost) && !Recovered::<T>::contains_key(&rescuer),
			Error::<T>::AlreadyRecovered
		);
		ensure!(!Recoveries::<T>::contains_key(&lost), Error::<T>::AlreadyOpen);
		ensure!(!Rescuers::<T>::contains_key(&rescuer), Error::<T>::RescuerInUse);
		ensure!(!Recoveries::<T>::contains_key(&rescuer), Error::<T>::RescuerBeingRecovered);
		ensure!(!Rescuers::<T>::contains_key(&lost), Error::<T>::LostIsRescuer);
		ensure!(
			Domain::ALL
				.into_iter()
				.filter(|d| *d != Domain::Users)
				.all(|d| !Self::holds_in(d, &rescuer)),
			Error::<T>::RescuerNotEmpty
		);
		ensure!(Self::first_holding(&lost).is_some(), Error::<T>::NothingToRecover);
		let now = frame_system::Pallet::<T>::block_number();
		let executable_at = now.saturating_add(Delay::<T>::get());
		Recoveries::<T>::insert(
			&lost,
			Recovery {
				rescuer: rescuer.clone(),
				evidence,
				opened_at: now,
				executable_at,
				progress: None,
			},
		);
		Rescuers::<T>::insert(&rescuer, &lost);
		// The new account exists while the recovery is open, whatever it holds: it can then
		// receive holds (pending redemptions' stones) in any order of the domains.
		frame_system::Pallet::<T>::inc_providers(&rescuer);
		Self::deposit_event(Event::RecoveryOpened { lost, rescuer, evidence, executable_at });
		Ok(())
	}

	/// Who `origin` cancels the recovery of `lost` as: its own key first, then a registrar,
	/// then governance.
	///
	/// # Errors
	/// [`Error::NotAllowedToCancel`].
	pub(crate) fn canceller(
		origin: OriginFor<T>,
		lost: &T::AccountId,
	) -> Result<Canceller, DispatchError> {
		if frame_system::ensure_signed(origin.clone()).is_ok_and(|who| who == *lost) {
			return Ok(Canceller::Owner);
		}
		if T::RegistrarOrigin::try_origin(origin.clone()).is_ok() {
			return Ok(Canceller::Registrar);
		}
		if T::GovernanceOrigin::try_origin(origin).is_ok() {
			return Ok(Canceller::Governance);
		}
		Err(Error::<T>::NotAllowedToCancel.into())
	}

	/// Cancels the recovery of `lost`; see [`Call::cancel`]. Emits
	/// [`Event::RecoveryCancelled`].
	///
	/// # Errors
	/// [`Error::NoRecovery`]; [`Error::DelayOver`] for the owner's key after the delay;
	/// [`Error::AlreadyMoving`] once holdings have started to move.
	pub fn do_cancel(lost: T::AccountId, by: Canceller) -> DispatchResult {
		let recovery = Recoveries::<T>::get(&lost).ok_or(Error::<T>::NoRecovery)?;
		ensure!(recovery.progress.is_none(), Error::<T>::AlreadyMoving);
		if by == Canceller::Owner {
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < recovery.executable_at, Error::<T>::DelayOver);
		}
		Self::close(&lost, &recovery.rescuer);
		Self::deposit_event(Event::RecoveryCancelled { lost, rescuer: recovery.rescuer, by });
		Ok(())
	}

	/// Moves up to `budget` units of `lost`'s holdings, domain by domain in [`Domain::ALL`]'s
	/// order, from where the last call stopped; see [`Call::advance`]. When the last domain is
	/// done, checks every domain again (the lost key may have received or bought something in
	/// the meantime) and goes back to the first that holds something; completes when none
	/// does. Returns the weight used.
	///
	/// # Errors
	/// [`Error::NoRecovery`], [`Error::BadBudget`], [`Error::DelayNotOver`], and a domain's
	/// error (for example a new account that would hold more vehicles than allowed): the
	/// call then moves nothing.
	pub fn do_advance(
		lost: T::AccountId,
		budget: u32,
	) -> Result<Weight, DispatchErrorWithPostInfo> {
		// A call refused by these checks weighs only them; one that fails in a domain is
		// charged in full (its work is rolled back, not undone for free).
		let refused = |e: Error<T>| DispatchError::from(e).with_weight(T::WeightInfo::advance());
		if !(1..=T::MaxBudget::get()).contains(&budget) {
			return Err(refused(Error::<T>::BadBudget));
		}
		let mut recovery =
			Recoveries::<T>::get(&lost).ok_or_else(|| refused(Error::<T>::NoRecovery))?;
		let now = frame_system::Pallet::<T>::block_number();
		if now < recovery.executable_at {
			return Err(refused(Error::<T>::DelayNotOver));
		}
		let rescuer = recovery.rescuer.clone();
		let mut progress =
			recovery.progress.unwrap_or(Progress { domain: Domain::ALL[0], cursor: 0 });
		let mut weight = T::WeightInfo::advance();
		let mut left = budget;
		let mut moved = false;
		// The final check sends the moves back at most once a call, so the loop ends even if
		// a domain said it was done while still holding something.
		let mut rechecked = false;
		while left > 0 {
			let step = Self::move_in(progress.domain, &lost, &rescuer, progress.cursor, left)?;
			weight.saturating_accrue(step.weight);
			left = left.saturating_sub(step.used);
			moved |= step.used > 0;
			if step.used > 0 {
				Self::deposit_event(Event::HoldingsMoved {
					lost: lost.clone(),
					rescuer: rescuer.clone(),
					domain: progress.domain,
					units: step.used,
				});
			}
			if step.waiting {
				Self::deposit_event(Event::RecoveryWaiting {
					lost: lost.clone(),
					domain: progress.domain,
				});
			}
			match (step.next, progress.domain.next()) {
				(Some(cursor), _) => {
					progress.cursor = cursor;
					if step.waiting || step.used == 0 {
						break;
					}
				},
				(None, Some(domain)) => progress = Progress { domain, cursor: 0 },
				(None, None) => match Self::first_holding(&lost) {
					Some(domain) if !rechecked => {
						rechecked = true;
						progress = Progress { domain, cursor: 0 };
					},
					Some(_) => break,
					None => {
						Self::close(&lost, &rescuer);
						Recovered::<T>::insert(&lost, &rescuer);
						Self::deposit_event(Event::RecoveryCompleted { lost, rescuer });
						return Ok(weight);
					},
				},
			}
		}
		// Until something moved, the recovery can still be cancelled (and the next call starts
		// over: the domains passed were empty).
		if moved || recovery.progress.is_some() {
			recovery.progress = Some(progress);
			Recoveries::<T>::insert(&lost, recovery);
		}
		Ok(weight)
	}

	/// Removes the recovery of `lost` and the provider reference it gave `rescuer`. If that is
	/// the account's last provider while something holds a consumer reference on it, the
	/// reference is kept: the account stays rather than being reaped under its holds.
	fn close(lost: &T::AccountId, rescuer: &T::AccountId) {
		Recoveries::<T>::remove(lost);
		Rescuers::<T>::remove(rescuer);
		if frame_system::Pallet::<T>::dec_providers(rescuer).is_err() {
			log::warn!(
				target: "runtime::account-recovery",
				"kept the last provider reference of a new account with consumers"
			);
		}
	}

	/// Whether `who` is a lost account whose recovery passed its delay, or completed (two
	/// reads): from then on its key may sign nothing, so that it cannot spend, redeem or open
	/// what is being moved, use a limit the new key inherits, or act for the person later.
	pub fn is_suspended(who: &T::AccountId) -> bool {
		Recovered::<T>::contains_key(who)
			|| Recoveries::<T>::get(who)
				.is_some_and(|r| frame_system::Pallet::<T>::block_number() >= r.executable_at)
	}

	/// The open recovery `who` is part of, as the lost account or the new one (two reads).
	pub fn recovery_status(
		who: &T::AccountId,
	) -> Option<RecoveryStatus<T::AccountId, BlockNumberFor<T>>> {
		let lost = Rescuers::<T>::get(who).unwrap_or_else(|| who.clone());
		Recoveries::<T>::get(&lost).map(|r| RecoveryStatus {
			lost,
			rescuer: r.rescuer,
			opened_at: r.opened_at,
			executable_at: r.executable_at,
			moving: r.progress.is_some(),
		})
	}

	/// The invariants (see the crate docs):
	/// 1. every open recovery's new account is indexed to it in [`Rescuers`], and the index
	///    holds nothing else;
	/// 2. no account is both being recovered and receiving a recovery;
	/// 3. holdings move only after the delay: a recovery with progress is executable;
	/// 4. every recovery's delay is at least [`Config::MinDelay`];
	/// 5. every open recovery's new account exists (it has the provider reference opening
	///    gave it);
	/// 6. an account recovered once is in no open recovery, on either side.
	///
	/// Compiled in every build, so that the runtime's tests can check it after each block.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		let mut open = 0usize;
		for (lost, recovery) in Recoveries::<T>::iter() {
			open = open.saturating_add(1);
			ensure!(
				Rescuers::<T>::get(&recovery.rescuer).as_ref() == Some(&lost),
				"1: an open recovery's new account is indexed to it"
			);
			ensure!(!Rescuers::<T>::contains_key(&lost), "2: a lost account receives no recovery");
			ensure!(
				recovery.progress.is_none() || now >= recovery.executable_at,
				"3: nothing moves before the delay has passed"
			);
			ensure!(
				recovery.executable_at.saturating_sub(recovery.opened_at) >= T::MinDelay::get(),
				"4: every delay is at least MinDelay"
			);
			ensure!(
				frame_system::Pallet::<T>::providers(&recovery.rescuer) >= 1,
				"5: an open recovery's new account exists"
			);
			ensure!(
				!Recovered::<T>::contains_key(&lost)
					&& !Recovered::<T>::contains_key(&recovery.rescuer),
				"6: a recovered account is in no open recovery"
			);
		}
		ensure!(
			Rescuers::<T>::iter_keys().count() == open,
			"1: the index holds open recoveries only"
		);
		Ok(())
	}
}
