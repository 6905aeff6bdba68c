//! The runtime API wallets read the catalog and a holder's redemptions through.

use crate::{ItemDetails, ItemId, Redemption, RedemptionId};
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// The redemption catalog and holders' redemptions.
	pub trait RedemptionsApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Every catalog item, by id.
		fn catalog() -> Vec<(ItemId, ItemDetails<Balance>)>;

		/// `who`'s redemptions with their ids, oldest first.
		fn redemptions_of(who: AccountId) -> Vec<(RedemptionId, Redemption<AccountId, Balance>)>;
	}
}
