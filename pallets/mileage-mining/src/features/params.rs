//! The report parameters, set by governance.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Sets the report parameters.
	///
	/// # Errors
	/// [`Error::InvalidParams`] for a zero top speed or minimum interval.
	pub fn do_set_params(params: MiningParams) -> DispatchResult {
		ensure!(params.is_valid(), Error::<T>::InvalidParams);
		Params::<T>::put(params);
		Self::deposit_event(Event::ParamsSet { params });
		Ok(())
	}
}
