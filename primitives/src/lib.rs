//! # CSOP Chain primitives
//!
//! Types shared by several pallets, and the small glue traits through which pallets call each
//! other without depending on each other's crates (as ORML's `traits` crate does):
//!
//! - [`StoneIssuer`]: the only way to create stones, drawing on one of the two [`Pool`]s;
//!   implemented by `pallet-stones`, called by mileage mining and mine boxes.
//! - [`VehicleOwnership`]: is an account a certified vehicle owner? Implemented by the vehicle
//!   registry, read by the stones transfer policy and the mine boxes.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// The two issuance pools of the fixed 300,000,000-stone supply.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Pool {
	/// 70% (210,000,000 stones): issued for verified mileage.
	MileageMining,
	/// 30% (90,000,000 stones): issued through mine boxes opened with crystals.
	Cultivation,
}

impl Pool {
	/// Every pool, in a fixed order.
	pub const ALL: [Pool; 2] = [Pool::MileageMining, Pool::Cultivation];
}

/// What [`StoneIssuer::issue`] does when the pool holds less than asked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IssuePrecision {
	/// Issue exactly the amount or fail (`PoolCapReached`), issuing nothing.
	Exact,
	/// Issue as much as the pool has left, up to the amount (possibly zero).
	UpToRemainder,
}

/// Who may transfer stones to whom.
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
	Default,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum TransferPolicy {
	/// Stones stay with the account they were issued to ("bound to the user account").
	#[default]
	Bound,
	/// Transfers only between certified vehicle owners.
	CertifiedOwners,
	/// Any holder may transfer to anyone.
	Free,
}

/// The only way to create stones. Implemented by `pallet-stones`.
pub trait StoneIssuer<AccountId> {
	/// The balance type (stones in their smallest unit).
	type Balance;

	/// Issues up to `amount` new stones from `pool` to `who` and returns how many were issued.
	/// Never issues past the pool's cap: with [`IssuePrecision::Exact`] an amount larger than
	/// what the pool has left fails and issues nothing; with [`IssuePrecision::UpToRemainder`]
	/// the remainder is issued.
	fn issue(
		pool: Pool,
		who: &AccountId,
		amount: Self::Balance,
		precision: IssuePrecision,
	) -> Result<Self::Balance, DispatchError>;

	/// How many stones `pool` can still issue.
	fn remaining(pool: Pool) -> Self::Balance;
}

/// Told when stones were burned outside the stones pallet's own calls (a redemption burning
/// held stones), so that the supply's "burned" counter stays exact. Implemented by
/// `pallet-stones`.
pub trait OnStonesBurned<AccountId, Balance> {
	/// `amount` of `who`'s stones were burned.
	fn on_stones_burned(who: &AccountId, amount: Balance);
}

/// A vehicle model, as numbered by the car maker.
pub type ModelId = u32;

/// What other pallets may know about a vehicle an account owns (no VIN, no device key).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct OwnedVehicle {
	/// The vehicle's model.
	pub model: ModelId,
	/// When the vehicle was activated, in milliseconds since the unix epoch.
	pub activated_at_ms: u64,
}

/// Vehicle ownership as certified by the car maker's registrar.
pub trait VehicleOwnership<AccountId> {
	/// The vehicles `who` is the certified owner of (at most a few per account).
	fn owned_vehicles(who: &AccountId) -> alloc::vec::Vec<OwnedVehicle>;

	/// Whether `who` is currently the certified owner of at least one registered vehicle.
	fn is_certified_owner(who: &AccountId) -> bool {
		!Self::owned_vehicles(who).is_empty()
	}
}

/// No vehicle registry: nobody is a certified owner.
impl<AccountId> VehicleOwnership<AccountId> for () {
	fn owned_vehicles(_who: &AccountId) -> alloc::vec::Vec<OwnedVehicle> {
		alloc::vec::Vec::new()
	}
}
