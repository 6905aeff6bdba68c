//! # CSOP Chain primitives
//!
//! Types shared by several pallets, and the small glue traits through which pallets call each
//! other without depending on each other's crates (as ORML's `traits` crate does):
//!
//! - [`StoneIssuer`]: the only way to create stones, drawing on one of the two [`Pool`]s;
//!   implemented by `pallet-stones`, called by mileage mining and mine boxes.
//! - [`VehicleOwnership`]: is an account a certified vehicle owner? Implemented by the vehicle
//!   registry, read by the stones transfer policy, the redemption catalog and the mine boxes.
//! - [`VehicleRegistry`]: may this vehicle's reports be mined now, and with which device key?
//!   Implemented by the vehicle registry, read by mileage mining.
//! - [`OnMileageVerified`]: mileage mining tells the registry about verified kilometres (for the
//!   angel programme).
//! - [`OnVehicleChange`]: the registry tells mileage mining that a vehicle changes owner or is
//!   deregistered, so that what it earned so far is settled first.
//! - [`Entitlements`]: rights a vehicle earned (angel programme), claimed through the redemption
//!   catalog.
//! - [`CrystalLedger`]: crystals, the non-transferable activity points of cultivation. Implemented
//!   by `pallet-crystals`, spent and granted by the mine boxes.
//! - [`RecoverHoldings`]: moves what a lost account holds in one domain to its owner's new
//!   account, a bounded number of records at a time. Implemented by each pallet that keeps
//!   something of an account's, driven by `pallet-account-recovery`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod device;
pub use device::{DeviceKey, DeviceSignature, P256Public, P256Signature};

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;
use sp_weights::Weight;

/// A vehicle's on-chain id: `blake2_256(salt ++ VIN)`, computed by the car maker's registrar
/// with a salt it keeps secret, so that the raw VIN is never on chain and cannot be recovered
/// by hashing candidate VINs.
pub type VehicleId = sp_core::H256;

/// A distance in metres (odometer readings and verified mileage).
pub type Meters = u64;

/// A moment in milliseconds since the unix epoch.
pub type Moment = u64;

/// Milliseconds in a (UTC) day.
pub const MILLIS_PER_DAY: Moment = 86_400_000;

/// A UTC day: days since the unix epoch.
pub type Day = u32;

/// The UTC day of a moment (saturating at [`Day::MAX`]).
pub fn day_of(ms: Moment) -> Day {
	Day::try_from(ms / MILLIS_PER_DAY).unwrap_or(Day::MAX)
}

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
	/// The vehicle's id.
	pub id: VehicleId,
	/// The vehicle's model.
	pub model: ModelId,
	/// When the vehicle was activated, in milliseconds since the unix epoch.
	pub activated_at_ms: u64,
}

/// Vehicle ownership as certified by the car maker's registrar.
pub trait VehicleOwnership<AccountId> {
	/// The vehicles `who` is the certified owner of (at most a few per account).
	fn owned_vehicles(who: &AccountId) -> alloc::vec::Vec<OwnedVehicle>;

	/// Vehicle `vehicle`, if it is registered, not deregistered and `who` is its certified
	/// owner.
	fn owned_vehicle(who: &AccountId, vehicle: &VehicleId) -> Option<OwnedVehicle> {
		Self::owned_vehicles(who).into_iter().find(|v| v.id == *vehicle)
	}

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

/// A registered vehicle whose reports may be mined now.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MiningVehicle<AccountId> {
	/// The certified owner, to whom mining rewards go.
	pub owner: AccountId,
	/// The device public key that must have signed the vehicle's reports.
	pub device_key: DeviceKey,
	/// When the owner's unbroken consent that covers the report began. It changes with every
	/// new consent (a first grant, a grant after a revocation or an expiry, the buyer's grant
	/// after a sale): mining credits no distance across a change, so that no kilometre driven
	/// outside consent is ever mined.
	pub consent_since_ms: Moment,
}

/// Why a vehicle's reports may not be mined now.
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
)]
pub enum MiningRefusal {
	/// No vehicle with that id was ever registered.
	UnknownVehicle,
	/// The vehicle was deregistered.
	Deregistered,
	/// The owner has not granted consent to use the vehicle's driving data (or revoked it, or
	/// the vehicle changed owner since).
	NoConsent,
	/// The owner's consent expired before the report's time.
	ConsentExpired,
}

/// What mileage mining needs to know about vehicles. Implemented by the vehicle registry.
pub trait VehicleRegistry<AccountId> {
	/// The vehicle's owner and device key if its driving data may be mined at `at_ms`
	/// (registered, not deregistered, owner's consent granted and not expired at `at_ms`);
	/// otherwise why not.
	fn mining_vehicle(
		vehicle: &VehicleId,
		at_ms: Moment,
	) -> Result<MiningVehicle<AccountId>, MiningRefusal>;

	/// The current owner of a registered, not deregistered vehicle, with or without consent
	/// (mining rewards are claimed by the owner even after consent was revoked).
	fn owner_of(vehicle: &VehicleId) -> Option<AccountId>;
}

/// Told about every verified report's distance. Implemented by the vehicle registry (angel
/// programme); `()` ignores it.
pub trait OnMileageVerified {
	/// `vehicle` drove `meters` (verified, under the owner's consent) between its previous
	/// accepted report, at `from_ms`, and this one, at `at_ms` (the reports' own times; zero
	/// metres for a baseline). Returns the weight it used beyond what the caller's own
	/// benchmark measured (the caller's benchmark runs it on a vehicle that takes its cheapest
	/// path); at most [`Self::on_mileage_verified_weight`]. The caller charges the bound before
	/// and refunds the rest after.
	fn on_mileage_verified(
		vehicle: &VehicleId,
		meters: Meters,
		from_ms: Moment,
		at_ms: Moment,
	) -> Weight;

	/// An upper bound of [`Self::on_mileage_verified`]'s weight.
	fn on_mileage_verified_weight() -> Weight;
}

impl OnMileageVerified for () {
	fn on_mileage_verified(_: &VehicleId, _: Meters, _: Moment, _: Moment) -> Weight {
		Weight::zero()
	}
	fn on_mileage_verified_weight() -> Weight {
		Weight::zero()
	}
}

/// Told before a vehicle changes owner or is deregistered, so that what it earned so far goes to
/// the owner who earned it. Implemented by mileage mining; `()` ignores it.
pub trait OnVehicleChange<AccountId> {
	/// `vehicle` is about to pass from `old_owner` to another owner.
	fn on_owner_change(vehicle: &VehicleId, old_owner: &AccountId);

	/// `vehicle`, owned by `owner`, is being deregistered.
	fn on_deregistered(vehicle: &VehicleId, owner: &AccountId);

	/// An upper bound of the weight of either call above.
	fn on_change_weight() -> Weight;
}

impl<AccountId> OnVehicleChange<AccountId> for () {
	fn on_owner_change(_: &VehicleId, _: &AccountId) {}
	fn on_deregistered(_: &VehicleId, _: &AccountId) {}
	fn on_change_weight() -> Weight {
		Weight::zero()
	}
}

/// A right a vehicle earned on chain (angel programme).
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
pub enum EntitlementKind {
	/// Next-generation lidar upgrade: an angel vehicle that drove more than the threshold in a
	/// year.
	LidarUpgrade,
	/// Battery upgrade: an angel vehicle that drove more than the threshold in a year, three or
	/// more years after its activation.
	BatteryUpgrade,
}

/// Entitlements earned by vehicles, redeemed by their current owner through the redemption
/// catalog. Implemented by the vehicle registry; `()` has none.
pub trait Entitlements<AccountId> {
	/// Whether `vehicle` earned an entitlement of `kind` that is not used yet.
	fn is_available(vehicle: &VehicleId, kind: EntitlementKind) -> bool;

	/// Marks `vehicle`'s entitlement of `kind` as used (redeemed by `who`, its owner).
	fn use_entitlement(
		who: &AccountId,
		vehicle: &VehicleId,
		kind: EntitlementKind,
	) -> Result<(), DispatchError>;

	/// Gives a used entitlement back (its redemption was rejected).
	fn restore_entitlement(vehicle: &VehicleId, kind: EntitlementKind);
}

impl<AccountId> Entitlements<AccountId> for () {
	fn is_available(_: &VehicleId, _: EntitlementKind) -> bool {
		false
	}
	fn use_entitlement(
		_: &AccountId,
		_: &VehicleId,
		_: EntitlementKind,
	) -> Result<(), DispatchError> {
		Err(DispatchError::Other("no entitlements"))
	}
	fn restore_entitlement(_: &VehicleId, _: EntitlementKind) {}
}

/// An amount of crystals (whole points, no decimals).
pub type CrystalAmount = u64;

/// Crystals: non-transferable points bound to an account, earned by attested activities and
/// spent on mine boxes. Implemented by `pallet-crystals`; `()` is an empty ledger.
pub trait CrystalLedger<AccountId> {
	/// `who`'s crystals.
	fn balance(who: &AccountId) -> CrystalAmount;

	/// Takes `amount` of `who`'s crystals (to pay for a mine box). Fails, taking nothing, when
	/// `who` has fewer.
	fn spend(who: &AccountId, amount: CrystalAmount) -> Result<(), DispatchError>;

	/// Gives `who` `amount` new crystals that are not an activity award (a mine box treasure).
	/// Fails, giving nothing, only if a counter would overflow.
	fn grant(who: &AccountId, amount: CrystalAmount) -> Result<(), DispatchError>;

	/// An upper bound of the weight of [`Self::spend`] or [`Self::grant`].
	fn change_weight() -> Weight;
}

impl<AccountId> CrystalLedger<AccountId> for () {
	fn balance(_: &AccountId) -> CrystalAmount {
		0
	}
	fn spend(_: &AccountId, _: CrystalAmount) -> Result<(), DispatchError> {
		Err(DispatchError::Other("no crystal ledger"))
	}
	fn grant(_: &AccountId, _: CrystalAmount) -> Result<(), DispatchError> {
		Err(DispatchError::Other("no crystal ledger"))
	}
	fn change_weight() -> Weight {
		Weight::zero()
	}
}

/// What checking one signature weighs, per key type: the runtime's `signature_check` benchmark
/// (`runtime/src/signature_check.rs`, a 256-byte message: the longest a transaction's signing
/// payload is before it is hashed, longer than a mileage report's). Every part of the chain
/// that charges a signature check takes it from here: `CheckKnownSigner` (`pallet-consortium`)
/// for signed transactions, `pallet-mileage-mining` for device-signed reports, and the
/// runtime's base extrinsic weight, from which it takes the sr25519 check out.
pub trait SignatureWeights {
	/// An sr25519 signature.
	fn verify_sr25519() -> Weight;
	/// An ed25519 signature.
	fn verify_ed25519() -> Weight;
	/// An ecdsa (secp256k1) signature, with public key recovery.
	fn verify_ecdsa() -> Weight;
	/// A P-256 signature (devices only; the node's `device_crypto` host function).
	fn verify_p256() -> Weight;

	/// The weight of checking `signature`; `None` for a kind no key of this chain signs with
	/// (`Eth`: refused before any check).
	fn verify(signature: &sp_runtime::MultiSignature) -> Option<Weight> {
		use sp_runtime::MultiSignature::*;
		match signature {
			Sr25519(_) => Some(Self::verify_sr25519()),
			Ed25519(_) => Some(Self::verify_ed25519()),
			Ecdsa(_) => Some(Self::verify_ecdsa()),
			Eth(_) => None,
		}
	}

	/// The costliest key type's: what a check is charged before its key type is known.
	fn costliest() -> Weight {
		Self::verify_sr25519().max(Self::verify_ed25519()).max(Self::verify_ecdsa())
	}

	/// The weight of checking a device's `signature`.
	fn verify_device(signature: &DeviceSignature) -> Weight {
		match signature {
			DeviceSignature::Sr25519(_) => Self::verify_sr25519(),
			DeviceSignature::Ed25519(_) => Self::verify_ed25519(),
			DeviceSignature::Ecdsa(_) => Self::verify_ecdsa(),
			DeviceSignature::P256(_) => Self::verify_p256(),
		}
	}

	/// The costliest device key type's (P-256 included): what a report's check is charged
	/// before its key type is known.
	fn costliest_device() -> Weight {
		Self::costliest().max(Self::verify_p256())
	}
}

/// Signature checks that weigh nothing (for mocks that do not test charging).
impl SignatureWeights for () {
	fn verify_sr25519() -> Weight {
		Weight::zero()
	}
	fn verify_ed25519() -> Weight {
		Weight::zero()
	}
	fn verify_ecdsa() -> Weight {
		Weight::zero()
	}
	fn verify_p256() -> Weight {
		Weight::zero()
	}
}

/// One step of an account recovery in one domain: see [`RecoverHoldings::move_holdings`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct MoveStep {
	/// Units of work done (records moved, or index entries looked at), at most the budget.
	pub used: u32,
	/// Where to go on from in this domain, or `None` when the lost account holds nothing more
	/// here that can move.
	pub next: Option<u32>,
	/// Whether the domain is waiting for the chain (a record cannot move before some later
	/// block): the recovery stops for this call and goes on from `next` in a later one.
	pub waiting: bool,
	/// The weight the step used (at most [`RecoverHoldings::move_weight`] of the budget).
	pub weight: Weight,
}

/// An account recovery's work in one domain (pallet): after the maker's registrar confirmed a
/// person's identity and the delay passed, everything the lost account holds in the domain
/// passes to the person's new account, in steps of bounded weight, nothing created or lost.
/// Implemented by the pallets that keep an account's holdings; `()` holds nothing.
pub trait RecoverHoldings<AccountId> {
	/// Moves `lost`'s holdings to `rescuer`, at most `budget` units of work, starting at
	/// `cursor` (0 the first time; then the last step's [`MoveStep::next`]). `rescuer` exists
	/// (the recovery holds a provider reference on it). On an error the caller's transaction
	/// is rolled back, so nothing of the step is kept.
	fn move_holdings(
		lost: &AccountId,
		rescuer: &AccountId,
		cursor: u32,
		budget: u32,
	) -> Result<MoveStep, DispatchError>;

	/// An upper bound of the weight of [`Self::move_holdings`] with `budget`.
	fn move_weight(budget: u32) -> Weight;

	/// Whether `who` holds anything in this domain that a recovery would move (one or a few
	/// reads). A recovery's new account must hold nothing when it opens, and a recovery
	/// completes only when the lost account holds nothing.
	fn holds_any(who: &AccountId) -> bool;
}

impl<AccountId> RecoverHoldings<AccountId> for () {
	fn move_holdings(
		_: &AccountId,
		_: &AccountId,
		_: u32,
		_: u32,
	) -> Result<MoveStep, DispatchError> {
		Ok(MoveStep::default())
	}
	fn move_weight(_: u32) -> Weight {
		Weight::zero()
	}
	fn holds_any(_: &AccountId) -> bool {
		false
	}
}
