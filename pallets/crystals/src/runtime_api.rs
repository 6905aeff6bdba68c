//! The runtime API wallets read crystals and the published activity rules through.

use crate::{Activity, ActivityRule, CrystalAmount};
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Crystals and the rules that award them.
	pub trait CrystalsApi<AccountId> where
		AccountId: codec::Codec,
	{
		/// `who`'s crystals.
		fn crystals(who: AccountId) -> CrystalAmount;

		/// The crystals and caps of every rewarded activity.
		fn activity_rules() -> Vec<(Activity, ActivityRule)>;

		/// `who`'s awards today (UTC) per activity, activities without awards left out.
		fn awards_today(who: AccountId) -> Vec<(Activity, u32)>;
	}
}
