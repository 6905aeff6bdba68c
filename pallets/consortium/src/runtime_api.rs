//! The runtime API wallets and operators read roles, account admission and rate limits through.

use crate::{AccountClass, AccountStatus, RateLimit, Role};
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Who holds which role, and whether (and how often) an account may sign transactions.
	pub trait ConsortiumApi<AccountId> where
		AccountId: codec::Codec,
	{
		/// `who`'s class, roles, registration and room left in its rate-limit window.
		fn account_status(who: AccountId) -> AccountStatus;

		/// The holders of `role`.
		fn role_holders(role: Role) -> Vec<AccountId>;

		/// The rate limit of every limited class.
		fn rate_limits() -> Vec<(AccountClass, RateLimit)>;
	}
}
