//! Domain types of the consortium: roles, account classes and rate limits.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A role the consortium's governance appoints accounts to. Each role is the origin of a set of
/// calls in other pallets (the runtime maps them; see the runtime's `configs`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub enum Role {
	/// The car maker's registrar: registers vehicles, certifies owners, registers users.
	Registrar,
	/// The car maker's app backend: attests activities and awards crystals.
	ActivityOracle,
	/// Manages the redemption catalog and fulfils redemptions and mine-box rights.
	CatalogManager,
}

impl Role {
	/// Every role, in a fixed order.
	pub const ALL: [Role; 3] = [Role::Registrar, Role::ActivityOracle, Role::CatalogManager];

	fn bit(self) -> u8 {
		1 << (self as u8)
	}
}

/// The roles one account holds (a bit set over [`Role`]).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Roles(u8);

impl Roles {
	/// Whether `role` is in the set.
	pub fn contains(self, role: Role) -> bool {
		self.0 & role.bit() != 0
	}

	/// The set with `role` added.
	pub fn with(self, role: Role) -> Self {
		Self(self.0 | role.bit())
	}

	/// The set with `role` removed.
	pub fn without(self, role: Role) -> Self {
		Self(self.0 & !role.bit())
	}

	/// Whether the set is empty.
	pub fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// The roles in the set, in [`Role::ALL`] order.
	pub fn to_vec(self) -> alloc::vec::Vec<Role> {
		Role::ALL.into_iter().filter(|r| self.contains(*r)).collect()
	}
}

/// Which kind of known account signs a transaction; each class has its own rate limit.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub enum AccountClass {
	/// A consortium member, a validator or a role holder.
	Consortium,
	/// A certified vehicle owner.
	Owner,
	/// A user registered by the maker (or otherwise known to the programme, e.g. holding
	/// crystals).
	User,
}

impl AccountClass {
	/// Every class, most privileged first.
	pub const ALL: [AccountClass; 3] =
		[AccountClass::Consortium, AccountClass::Owner, AccountClass::User];
}

/// At most `max_transactions` signed transactions per window of `period` blocks. Windows are
/// aligned to block numbers: the window of block `n` starts at `n - n % period`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub struct RateLimit {
	/// Transactions allowed in one window (at least 1).
	pub max_transactions: u32,
	/// The window's length in blocks (at least 1).
	pub period: u32,
}

impl RateLimit {
	/// The first block of the window that contains block `now`.
	pub fn window_start(&self, now: u32) -> u32 {
		now.saturating_sub(now.checked_rem(self.period).unwrap_or(0))
	}
}

/// Signed transactions of one account in its current window.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Usage {
	/// The first block of the window `count` belongs to.
	pub window_start: u32,
	/// Transactions included in that window.
	pub count: u32,
}

/// What the chain knows about one account, for wallets and operators (runtime API).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AccountStatus {
	/// The class its signed transactions are admitted as; `None`: they are refused.
	pub class: Option<AccountClass>,
	/// The roles it holds.
	pub roles: alloc::vec::Vec<Role>,
	/// Whether the maker registered it as a user.
	pub registered_user: bool,
	/// The rate limit of its class, `None` for none.
	pub rate_limit: Option<RateLimit>,
	/// Transactions it may still send in the current window (`u32::MAX` when unlimited, 0 when
	/// refused).
	pub remaining_in_window: u32,
}

/// Transaction validity code of a signer over its class's rate limit:
/// `InvalidTransaction::Custom(RATE_LIMITED)`. (An unknown signer is refused with
/// `InvalidTransaction::BadSigner`.) Mileage reports use codes 1–12.
pub const RATE_LIMITED: u8 = 100;

/// `InvalidTransaction::Custom` code: the signer's class may not make this call.
pub const CALL_NOT_ALLOWED: u8 = 101;

/// `InvalidTransaction::Custom` code: the signer's class may make this call, but not with this
/// much input (e.g. a user's remark over its size limit).
pub const CALL_TOO_LARGE: u8 = 102;

/// Why a [`SignerPolicy`] refuses a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallRefusal {
	/// The signer's class may not make the call: [`CALL_NOT_ALLOWED`].
	NotAllowed,
	/// The class may make it, but not with this much input: [`CALL_TOO_LARGE`].
	TooLarge,
}

impl CallRefusal {
	/// The `InvalidTransaction::Custom` code the pool and block import answer with.
	pub fn code(self) -> u8 {
		match self {
			Self::NotAllowed => CALL_NOT_ALLOWED,
			Self::TooLarge => CALL_TOO_LARGE,
		}
	}
}

/// Which calls each class of known signer may make, and with how much input: the runtime's
/// table, applied by [`crate::CheckKnownSigner`] to every signed transaction.
pub trait SignerPolicy<Call> {
	/// `Ok` if a signer of `class` may submit `call`, else why not. It runs in transaction
	/// validation, so it must be cheap: at most a read the call's own weight pays for.
	fn check(class: AccountClass, call: &Call) -> Result<(), CallRefusal>;
}

/// Every class may make every call.
impl<Call> SignerPolicy<Call> for () {
	fn check(_: AccountClass, _: &Call) -> Result<(), CallRefusal> {
		Ok(())
	}
}
