//! `csop_catalog` and `csop_redemptions`: the redemption catalog and a holder's redemptions over
//! JSON-RPC, read through the runtime's `RedemptionsApi`.
//!
//! Amounts are decimal strings in the smallest unit (10^-12 stone). A malformed account is an
//! `invalid params` error (-32602).

use std::sync::Arc;

use csop_runtime::{opaque::Block, AccountId, Balance, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_redemptions::{
	runtime_api::RedemptionsApi, Eligibility, ItemDetails, ItemId, Redemption, RedemptionId,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use super::common::{block_at, parse_account, runtime_error};

/// Who may redeem an item, in [`ItemJson`].
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EligibilityJson {
	pub owners_only: bool,
	pub min_days_since_activation: u32,
	pub model: Option<u32>,
	/// `LidarUpgrade` or `BatteryUpgrade`: the item needs an unused vehicle entitlement.
	pub entitlement: Option<String>,
}

impl From<Eligibility> for EligibilityJson {
	fn from(e: Eligibility) -> Self {
		EligibilityJson {
			owners_only: e.owners_only,
			min_days_since_activation: e.min_days_since_activation,
			model: e.model,
			entitlement: e.entitlement.map(|k| format!("{k:?}")),
		}
	}
}

/// A catalog item, as `csop_catalog` lists it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ItemJson {
	pub id: ItemId,
	/// The item's name (UTF-8; invalid bytes shown as U+FFFD).
	pub name: String,
	/// One of the eight categories, e.g. `HardwareUpgrade`, `InsuranceProduct`.
	pub category: String,
	/// Price in the smallest stone unit.
	pub price: String,
	/// Cash part paid off chain, in the currency's minor unit (information only).
	pub cash_part: Option<u64>,
	/// Units left; `null` is unlimited.
	pub stock: Option<u32>,
	/// Redemptions per account; `null` is unlimited.
	pub per_account_limit: Option<u32>,
	pub eligibility: EligibilityJson,
	pub open: bool,
}

impl From<(ItemId, ItemDetails<Balance>)> for ItemJson {
	fn from((id, item): (ItemId, ItemDetails<Balance>)) -> Self {
		ItemJson {
			id,
			name: String::from_utf8_lossy(&item.name).into_owned(),
			category: format!("{:?}", item.category),
			price: item.price.to_string(),
			cash_part: item.cash_part,
			stock: item.stock,
			per_account_limit: item.per_account_limit,
			eligibility: item.eligibility.into(),
			open: item.open,
		}
	}
}

/// A redemption, as `csop_redemptions` lists it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RedemptionJson {
	pub id: RedemptionId,
	pub item: ItemId,
	/// Stones held (pending), burned (fulfilled) or released (rejected, cancelled, expired).
	pub price: String,
	/// `Pending`, `Fulfilled`, `Rejected`, `Cancelled` or `Expired`.
	pub status: String,
	/// The redeemer's vehicle the redemption is for (0x-prefixed hex): always set for hardware
	/// and OTA items and for items whose eligibility reads a vehicle.
	pub vehicle: Option<String>,
	/// `LidarUpgrade` or `BatteryUpgrade`: the entitlement of `vehicle` the redemption used.
	pub entitlement: Option<String>,
	/// The block whose start releases the redemption if it is still pending then.
	pub expires_at: u32,
}

impl From<(RedemptionId, Redemption<AccountId, Balance>)> for RedemptionJson {
	fn from((id, r): (RedemptionId, Redemption<AccountId, Balance>)) -> Self {
		RedemptionJson {
			id,
			item: r.item,
			price: r.price.to_string(),
			status: format!("{:?}", r.status),
			vehicle: r.vehicle.map(|vehicle| format!("{vehicle:?}")),
			entitlement: r.entitlement.map(|kind| format!("{kind:?}")),
			expires_at: r.expires_at,
		}
	}
}

/// The answer of `csop_redemptions`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccountRedemptionsJson {
	/// The account, as an SS58 address.
	pub account: String,
	/// Its pending redemptions and its most recent settled ones, oldest first.
	pub redemptions: Vec<RedemptionJson>,
}

/// The `csop_*` redemption methods.
#[rpc(server, namespace = "csop")]
pub trait RedemptionsRpc {
	/// Every catalog item (open and closed) with its public price, by id. At the best block
	/// unless `at` names one.
	#[method(name = "catalog")]
	fn catalog(&self, at: Option<Hash>) -> RpcResult<Vec<ItemJson>>;

	/// An account's pending redemptions and its most recent settled ones, oldest first.
	/// `account` is an SS58 address or a 0x-prefixed 32-byte hex public key.
	#[method(name = "redemptions")]
	fn redemptions(&self, account: String, at: Option<Hash>) -> RpcResult<AccountRedemptionsJson>;
}

/// Implements [`RedemptionsRpcServer`] on a client.
pub struct Redemptions<C> {
	client: Arc<C>,
}

impl<C> Redemptions<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> RedemptionsRpcServer for Redemptions<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RedemptionsApi<Block, AccountId, Balance>,
{
	fn catalog(&self, at: Option<Hash>) -> RpcResult<Vec<ItemJson>> {
		let at = block_at(&*self.client, at)?;
		let items = self.client.runtime_api().catalog(at).map_err(runtime_error)?;
		Ok(items.into_iter().map(Into::into).collect())
	}

	fn redemptions(&self, account: String, at: Option<Hash>) -> RpcResult<AccountRedemptionsJson> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let list = self
			.client
			.runtime_api()
			.redemptions_of(at, who.clone())
			.map_err(runtime_error)?;
		Ok(AccountRedemptionsJson {
			account: who.to_ss58check(),
			redemptions: list.into_iter().map(Into::into).collect(),
		})
	}
}
