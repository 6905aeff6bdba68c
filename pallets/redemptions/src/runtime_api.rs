//! The runtime API wallets read the catalog and a holder's redemptions through.

use crate::{Category, Eligibility, ItemId, Redemption, RedemptionId};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// A catalog item as wallets see it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CatalogItem<Balance> {
	pub id: ItemId,
	/// UTF-8 name.
	pub name: Vec<u8>,
	pub category: Category,
	pub price: Balance,
	pub cash_part: Option<u64>,
	pub stock: Option<u32>,
	pub per_account_limit: Option<u32>,
	pub eligibility: Eligibility,
	pub open: bool,
}

sp_api::decl_runtime_apis! {
	/// The redemption catalog and holders' redemptions.
	pub trait RedemptionsApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Every catalog item, by id.
		fn catalog() -> Vec<CatalogItem<Balance>>;

		/// `who`'s redemptions with their ids, oldest first.
		fn redemptions_of(who: AccountId) -> Vec<(RedemptionId, Redemption<AccountId, Balance>)>;
	}
}
