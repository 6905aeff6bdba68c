//! Trait implementations other pallets use.

use crate::*;
use csop_primitives::CrystalLedger;
use frame_support::weights::Weight;

/// Mine boxes are paid with crystals and may give crystals.
impl<T: Config> CrystalLedger<T::AccountId> for Pallet<T> {
	fn balance(who: &T::AccountId) -> CrystalAmount {
		Self::crystals(who)
	}

	fn spend(who: &T::AccountId, amount: CrystalAmount) -> Result<(), sp_runtime::DispatchError> {
		Self::do_spend(who, amount)
	}

	fn grant(who: &T::AccountId, amount: CrystalAmount) -> Result<(), sp_runtime::DispatchError> {
		Self::do_grant(who, amount)
	}

	fn change_weight() -> Weight {
		T::WeightInfo::grant().max(T::WeightInfo::spend())
	}
}
