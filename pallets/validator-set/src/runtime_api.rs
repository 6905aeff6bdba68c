//! The runtime API operators and wallets read the validator set through.

use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// The consortium's governed validator set.
	pub trait ValidatorSetApi<AccountId> where
		AccountId: codec::Codec,
	{
		/// The governed validators, in order of addition (with or without session keys).
		fn validators() -> Vec<AccountId>;

		/// The set last handed to the session pallet: the validators that had session keys at
		/// the last session boundary that changed it.
		fn planned() -> Vec<AccountId>;
	}
}
