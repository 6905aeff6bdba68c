//! Every pallet's invariants in one call, for tests that drive the runtime block by block.
//!
//! Each pallet writes its invariants down (numbered, in its README) and checks them in
//! `do_try_state`, which `try-runtime` runs after every block and the pallet's own tests after
//! every test; the runtime-level tests (`runtime/tests/runtime`) call [`check`] after every
//! block they build.

use crate::Runtime;

/// `Ok` if the invariants of every CSOP pallet hold in the current state; the first broken
/// one otherwise.
pub fn check() -> Result<(), sp_runtime::TryRuntimeError> {
	pallet_stones::Pallet::<Runtime>::do_try_state()?;
	pallet_redemptions::Pallet::<Runtime>::do_try_state()?;
	pallet_vehicles::Pallet::<Runtime>::do_try_state()?;
	pallet_mileage_mining::Pallet::<Runtime>::do_try_state()?;
	pallet_crystals::Pallet::<Runtime>::do_try_state()?;
	pallet_mine_boxes::Pallet::<Runtime>::do_try_state()?;
	pallet_consortium::Pallet::<Runtime>::do_try_state()?;
	pallet_account_recovery::Pallet::<Runtime>::do_try_state()?;
	pallet_validator_set::Pallet::<Runtime>::do_try_state()?;
	Ok(())
}
