//! Domain types of the catalog, with their own rules.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use csop_primitives::{EntitlementKind, ModelId, OwnedVehicle, VehicleId};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;

/// A catalog item's id.
pub type ItemId = u32;
/// A redemption's id.
pub type RedemptionId = u64;

pub use csop_primitives::MILLIS_PER_DAY;

/// What kind of right an item is.
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
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub enum Category {
	HardwareUpgrade,
	OtaSoftware,
	SmartLifeService,
	BoutiqueItem,
	DigitalCollectible,
	Experience,
	FinanceProduct,
	InsuranceProduct,
}

impl Category {
	/// Whether an item of this category is delivered to a vehicle (fitted to it or installed
	/// on it), so that a redemption must name one of the redeemer's vehicles.
	pub fn is_for_a_vehicle(self) -> bool {
		matches!(self, Category::HardwareUpgrade | Category::OtaSoftware)
	}
}

/// Who may redeem an item.
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
	Default,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct Eligibility {
	/// Only certified vehicle owners.
	pub owners_only: bool,
	/// The owner's vehicle must have been activated at least this many days ago (implies
	/// owners only when non-zero).
	pub min_days_since_activation: u32,
	/// The owner's vehicle must be of this model (implies owners only).
	pub model: Option<ModelId>,
	/// The redeemer must own a vehicle with an unused entitlement of this kind (angel
	/// programme); redeeming uses it, a rejection gives it back. Such an item may be free.
	pub entitlement: Option<EntitlementKind>,
}

impl Eligibility {
	/// Whether only a vehicle's owner may redeem: owners only, a minimum age, a model or an
	/// entitlement.
	pub fn needs_vehicle(&self) -> bool {
		self.owners_only
			|| self.min_days_since_activation > 0
			|| self.model.is_some()
			|| self.entitlement.is_some()
	}

	/// Whether a redemption for `vehicle` (one the redeemer owns, or none) meets the model and
	/// age rules at time `now_ms`. The entitlement is the registry's to check, on the same
	/// vehicle.
	pub fn admits(&self, vehicle: Option<&OwnedVehicle>, now_ms: u64) -> bool {
		let Some(v) = vehicle else { return !self.needs_vehicle() };
		let min_age_ms = u64::from(self.min_days_since_activation).saturating_mul(MILLIS_PER_DAY);
		self.model.is_none_or(|m| m == v.model)
			&& now_ms.saturating_sub(v.activated_at_ms) >= min_age_ms
			&& now_ms >= v.activated_at_ms
	}
}

/// A catalog item. Prices are public on chain. `Name` is the name's container: a bounded vector
/// in storage ([`crate::ItemOf`]), a plain vector where a catalog manager submits an item or a
/// wallet reads one ([`ItemDetails`]).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct Item<Balance, Name> {
	/// Display name (UTF-8), at most `MaxNameLen` bytes.
	pub name: Name,
	pub category: Category,
	/// Price in stones (smallest unit); not zero unless the item requires an entitlement.
	pub price: Balance,
	/// A cash part paid off chain, in the currency's minor unit (e.g. cents); for information.
	pub cash_part: Option<u64>,
	/// Units left; `None` is unlimited.
	pub stock: Option<u32>,
	/// Redemptions per account (pending and fulfilled); `None` is unlimited.
	pub per_account_limit: Option<u32>,
	pub eligibility: Eligibility,
	/// Whether the item can be redeemed now.
	pub open: bool,
}

/// An item's details as a catalog manager submits them and wallets read them.
pub type ItemDetails<Balance> = Item<Balance, alloc::vec::Vec<u8>>;

impl<Balance, Name> Item<Balance, Name> {
	/// Whether a redemption must name one of the redeemer's vehicles: the item is delivered to
	/// a vehicle ([`Category::is_for_a_vehicle`]) or its eligibility reads one.
	pub fn needs_vehicle(&self) -> bool {
		self.category.is_for_a_vehicle() || self.eligibility.needs_vehicle()
	}

	/// The same item with its name converted by `f` (e.g. bounded for storage), or `f`'s error.
	pub fn try_map_name<N, E>(
		self,
		f: impl FnOnce(Name) -> Result<N, E>,
	) -> Result<Item<Balance, N>, E> {
		Ok(Item {
			name: f(self.name)?,
			category: self.category,
			price: self.price,
			cash_part: self.cash_part,
			stock: self.stock,
			per_account_limit: self.per_account_limit,
			eligibility: self.eligibility,
			open: self.open,
		})
	}
}

impl<Balance, MaxName: Get<u32>> Item<Balance, BoundedVec<u8, MaxName>> {
	/// The item's details, for wallets.
	pub fn details(self) -> ItemDetails<Balance> {
		match self.try_map_name(|name| Ok::<_, core::convert::Infallible>(name.into_inner())) {
			Ok(details) => details,
			Err(never) => match never {},
		}
	}
}

/// Where a redemption stands.
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
pub enum Status {
	/// Stones are held; the operator has not acted yet.
	Pending,
	/// Delivered: the held stones were burned.
	Fulfilled,
	/// Refused by the operator: the held stones were released.
	Rejected,
	/// Withdrawn by the holder before the operator acted: the held stones were released.
	Cancelled,
	/// Not fulfilled within the fulfilment period: the held stones were released.
	Expired,
}

/// An account's listed redemptions (its pending ones and its most recent settled ones) counted
/// by status, and the stones held for the pending ones.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct RedemptionCounts<Balance> {
	pub pending: u32,
	pub fulfilled: u32,
	pub rejected: u32,
	pub cancelled: u32,
	pub expired: u32,
	/// The prices of the pending redemptions: the stones they keep on hold.
	pub on_hold: Balance,
}

/// A holder's redemption of an item.
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
pub struct Redemption<AccountId, Balance, BlockNumber = u32> {
	pub who: AccountId,
	pub item: ItemId,
	/// The stones held (the item's price when redeemed).
	pub price: Balance,
	pub status: Status,
	/// The redeemer's vehicle the redemption is for: always named for hardware and OTA items
	/// and items whose eligibility reads a vehicle.
	pub vehicle: Option<VehicleId>,
	/// The entitlement of [`Self::vehicle`] this redemption used, if the item required one.
	pub entitlement: Option<EntitlementKind>,
	/// The block whose start releases the redemption if it is still pending then.
	pub expires_at: BlockNumber,
}

/// Sets up what benchmarks need outside this pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers a vehicle of `model`, activated at time 0 and owned by `owner`, that earned an
	/// unused entitlement of `kind`; returns its id. The heaviest redemption reads and uses it.
	fn entitled_vehicle(owner: &AccountId, model: ModelId, kind: EntitlementKind) -> VehicleId;
}

#[cfg(test)]
mod tests {
	use super::*;

	const DAY: u64 = MILLIS_PER_DAY;

	fn vehicle(model: ModelId, activated_at_ms: u64) -> OwnedVehicle {
		OwnedVehicle { id: VehicleId::repeat_byte(1), model, activated_at_ms }
	}

	#[test]
	fn open_to_everyone_admits_non_owners_and_owners() {
		assert!(Eligibility::default().admits(None, 0));
		assert!(Eligibility::default().admits(Some(&vehicle(1, 0)), 0));
	}

	#[test]
	fn owners_only_needs_a_vehicle() {
		let e = Eligibility { owners_only: true, ..Default::default() };
		assert!(!e.admits(None, 10 * DAY));
		assert!(e.admits(Some(&vehicle(1, 0)), 10 * DAY));
	}

	#[test]
	fn minimum_days_since_activation_counts_whole_days() {
		let e = Eligibility { min_days_since_activation: 30, ..Default::default() };
		assert!(!e.admits(Some(&vehicle(1, 5 * DAY)), 34 * DAY));
		assert!(e.admits(Some(&vehicle(1, 5 * DAY)), 35 * DAY));
		assert!(!e.admits(None, 1_000 * DAY), "implies owners only");
		assert!(!e.admits(Some(&vehicle(1, 100 * DAY)), 50 * DAY), "activated in the future");
	}

	#[test]
	fn the_model_is_the_named_vehicles() {
		let e = Eligibility { model: Some(7), ..Default::default() };
		assert!(!e.admits(Some(&vehicle(1, 0)), DAY));
		assert!(e.admits(Some(&vehicle(7, 0)), DAY));
		assert!(!e.admits(None, DAY));
	}

	#[test]
	fn an_entitlement_needs_a_vehicle_and_so_do_hardware_and_ota_items() {
		let e =
			Eligibility { entitlement: Some(EntitlementKind::LidarUpgrade), ..Default::default() };
		assert!(e.needs_vehicle());
		assert!(!e.admits(None, DAY));
		assert!(!Eligibility::default().needs_vehicle());
		let item = |category| Item {
			name: (),
			category,
			price: 1u32,
			cash_part: None,
			stock: None,
			per_account_limit: None,
			eligibility: Eligibility::default(),
			open: true,
		};
		assert!(item(Category::HardwareUpgrade).needs_vehicle());
		assert!(item(Category::OtaSoftware).needs_vehicle());
		assert!(!item(Category::BoutiqueItem).needs_vehicle());
		assert!(!item(Category::InsuranceProduct).needs_vehicle());
	}
}
