//! The pallet's logic: issuing, burning, transferring, and the invariants.

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// The cumulative cap of `pool`.
	pub fn cap(pool: Pool) -> BalanceOf<T> {
		match pool {
			Pool::MileageMining => T::MileageMiningCap::get(),
			Pool::Cultivation => T::CultivationCap::get(),
		}
	}

	/// How many stones `pool` can still issue.
	pub fn remaining(pool: Pool) -> BalanceOf<T> {
		Self::cap(pool).saturating_sub(Issued::<T>::get(pool))
	}

	/// Stones ever issued from all pools.
	pub fn total_issued() -> BalanceOf<T> {
		Pool::ALL.iter().fold(Zero::zero(), |sum: BalanceOf<T>, pool| {
			sum.saturating_add(Issued::<T>::get(pool))
		})
	}

	/// Stones in circulation: ever issued minus ever burned.
	pub fn circulating() -> BalanceOf<T> {
		Self::total_issued().saturating_sub(Burned::<T>::get())
	}

	/// The supply figures of [`runtime_api::StonesApi::supply`].
	pub fn supply() -> runtime_api::Supply<BalanceOf<T>> {
		let pools = Pool::ALL
			.iter()
			.map(|&pool| runtime_api::PoolSupply {
				pool,
				cap: Self::cap(pool),
				issued: Issued::<T>::get(pool),
				remaining: Self::remaining(pool),
			})
			.collect();
		runtime_api::Supply {
			max_supply: T::MaxSupply::get(),
			pools,
			issued: Self::total_issued(),
			burned: Burned::<T>::get(),
			circulating: Self::circulating(),
		}
	}

	/// `who`'s stones and equity share ([`runtime_api::StonesApi::equity_share`]).
	pub fn equity_share(who: &T::AccountId) -> runtime_api::EquityShare<BalanceOf<T>> {
		let stones = T::Currency::total_balance(who);
		let grains: u128 = stones.saturated_into();
		let supply: u128 = T::MaxSupply::get().saturated_into();
		let circulating: u128 = Self::circulating().saturated_into();
		runtime_api::EquityShare {
			stones,
			parts_per_billion: Self::equity_share_ppb(who),
			// grains <= max supply < 10^21 and EQUITY_SHARE_PPB < 10^8: no overflow.
			equity: runtime_api::Fraction::new(
				grains.saturating_mul(EQUITY_SHARE_PPB),
				supply.saturating_mul(1_000_000_000),
			),
			of_circulating: runtime_api::Fraction::new(grains, circulating),
		}
	}

	/// `who`'s share of the car maker's equity, in parts per billion of the whole equity:
	/// `balance * 4.9% / MaxSupply` (a holder of all 300M stones would hold 49,000,000 ppb).
	pub fn equity_share_ppb(who: &T::AccountId) -> u128 {
		let balance: u128 = T::Currency::total_balance(who).saturated_into();
		let supply: u128 = T::MaxSupply::get().saturated_into();
		if supply == 0 {
			return 0;
		}
		// balance <= 3 * 10^20 and EQUITY_SHARE_PPB < 10^8: the product fits in u128.
		balance.saturating_mul(EQUITY_SHARE_PPB) / supply
	}

	/// Issues stones from `pool` to `who`; see [`StoneIssuer::issue`]. Returns the amount issued
	/// and emits [`Event::Issued`] when it is not zero.
	///
	/// # Errors
	/// - [`Error::PoolCapReached`]: `Exact` and the pool has less than `amount` left.
	/// - The currency's error if `who` cannot receive the amount (e.g. below the existential
	///   deposit for a new account); nothing is issued then.
	pub fn do_issue(
		pool: Pool,
		who: &T::AccountId,
		amount: BalanceOf<T>,
		precision: IssuePrecision,
	) -> Result<BalanceOf<T>, DispatchError> {
		let remaining = Self::remaining(pool);
		let amount = match precision {
			IssuePrecision::Exact => {
				ensure!(amount <= remaining, Error::<T>::PoolCapReached);
				amount
			},
			IssuePrecision::UpToRemainder => amount.min(remaining),
		};
		if amount.is_zero() {
			return Ok(amount);
		}
		let issued = Issued::<T>::get(pool).checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		T::Currency::mint_into(who, amount)?;
		Issued::<T>::insert(pool, issued);
		Self::deposit_event(Event::Issued { pool, who: who.clone(), amount });
		Ok(amount)
	}

	/// Burns `amount` of `who`'s free stones; they are counted in [`Burned`] for ever.
	///
	/// # Errors
	/// - [`Error::ZeroAmount`].
	/// - [`Error::InsufficientStones`]: `who` has fewer free stones than `amount`.
	pub fn do_burn(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(
			T::Currency::reducible_balance(who, Preservation::Expendable, Fortitude::Polite)
				>= amount,
			Error::<T>::InsufficientStones
		);
		ensure!(Burned::<T>::get().checked_add(&amount).is_some(), Error::<T>::Overflow);
		T::Currency::burn_from(
			who,
			amount,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		// Counted after the burn: burning may have reaped the account and counted its dust.
		Self::note_burned(who, amount);
		Ok(())
	}

	/// Counts `amount` of `who`'s stones, burned by another pallet, as burned.
	pub(crate) fn note_burned(who: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		Self::add_to_burned(amount);
		Self::deposit_event(Event::Burned { who: who.clone(), amount });
	}

	/// Counts stones that left the ledger outside this pallet's calls (dust of reaped
	/// accounts) as burned.
	pub(crate) fn note_dust_burned(amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		Self::add_to_burned(amount);
		Self::deposit_event(Event::DustBurned { amount });
	}

	/// Adds `amount` to the cumulative [`Burned`] counter (callers check for overflow first or
	/// count amounts far below the cap, so saturation never bites).
	fn add_to_burned(amount: BalanceOf<T>) {
		Burned::<T>::mutate(|burned| *burned = burned.saturating_add(amount));
	}

	/// Checks the transfer policy for a transfer from `from` to `to`.
	///
	/// # Errors
	/// [`Error::TransfersDisabled`], [`Error::SenderNotCertifiedOwner`],
	/// [`Error::RecipientNotCertifiedOwner`].
	pub fn ensure_transfer_allowed(from: &T::AccountId, to: &T::AccountId) -> DispatchResult {
		match Policy::<T>::get() {
			TransferPolicy::Bound => Err(Error::<T>::TransfersDisabled.into()),
			TransferPolicy::CertifiedOwners => {
				ensure!(T::Owners::is_certified_owner(from), Error::<T>::SenderNotCertifiedOwner);
				ensure!(T::Owners::is_certified_owner(to), Error::<T>::RecipientNotCertifiedOwner);
				Ok(())
			},
			TransferPolicy::Free => Ok(()),
		}
	}

	/// Transfers `amount` stones from `from` to `to` if the policy allows it, keeping `from`
	/// alive.
	///
	/// # Errors
	/// [`Error::ZeroAmount`], [`Error::SelfTransfer`], the policy errors of
	/// [`Self::ensure_transfer_allowed`], [`Error::InsufficientStones`] if `from` would have to go
	/// below the existential deposit, and the currency's error if `to` cannot receive it.
	pub fn do_transfer(
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::SelfTransfer);
		Self::ensure_transfer_allowed(from, to)?;
		ensure!(
			T::Currency::reducible_balance(from, Preservation::Preserve, Fortitude::Polite)
				>= amount,
			Error::<T>::InsufficientStones
		);
		T::Currency::transfer(from, to, amount, Preservation::Preserve)?;
		Self::deposit_event(Event::Transferred { from: from.clone(), to: to.clone(), amount });
		Ok(())
	}

	/// Sets the transfer policy and emits [`Event::TransferPolicyChanged`].
	pub fn do_set_policy(policy: TransferPolicy) {
		Policy::<T>::put(policy);
		Self::deposit_event(Event::TransferPolicyChanged { policy });
	}

	/// The invariants (see the crate docs):
	/// 1. every pool's cumulative issuance is at most its cap;
	/// 2. the pools together have issued at most `MaxSupply`;
	/// 3. the ledger's total issuance equals everything issued minus everything burned.
	///
	/// Compiled in every build (not only `try-runtime` and this crate's tests), so that other
	/// pallets' mock tests and the runtime's tests can check the supply after their own calls.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::traits::CheckedSub;
		let mut total = BalanceOf::<T>::zero();
		for pool in Pool::ALL {
			let issued = Issued::<T>::get(pool);
			ensure!(issued <= Self::cap(pool), "invariant 1: a pool issued more than its cap");
			total = total.checked_add(&issued).ok_or("invariant 2: total issued overflows")?;
		}
		ensure!(total <= T::MaxSupply::get(), "invariant 2: total issued exceeds MaxSupply");
		let circulating = total
			.checked_sub(&Burned::<T>::get())
			.ok_or("invariant 3: more burned than ever issued")?;
		ensure!(
			T::Currency::total_issuance() == circulating,
			"invariant 3: ledger total issuance != issued - burned"
		);
		Ok(())
	}
}
