//! `csop_account`: everything a wallet shows for one account, read at one block in one call.
//!
//! One runtime call (`csop_runtime::account_api::AccountApi`, which composes the pallets) read
//! and formatted: the account's standing with the consortium (may it sign, how often), its
//! stones and equity share, crystals, vehicles with their claimable mining rewards, unrevealed
//! mine boxes, rights won, and redemptions by status. Each figure also has its own method
//! (`csop_equityShare`, `csop_crystals`, `csop_vehiclesOf` + `csop_vehicleMining`, `csop_boxes`,
//! `csop_redemptions`) with the details.

use std::sync::Arc;

use csop_runtime::{
	account_api::{AccountApi, AccountSummary},
	opaque::Block,
	AccountId, Balance, Hash,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use super::{
	common::{block_at, parse_account, runtime_error},
	stones::FractionJson,
};

/// The rate limit of the account's class.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitJson {
	/// Signed transactions allowed per window.
	pub max_transactions: u32,
	/// The window's length in blocks (windows are aligned to block numbers).
	pub period_blocks: u32,
	/// Transactions the account may still send in the current window.
	pub remaining_in_window: u32,
}

/// One of the account's vehicles in [`AccountJson`].
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccountVehicleJson {
	pub vehicle: String,
	/// Mining rewards the owner can claim for it now (smallest unit); "0" if it never reported.
	pub pending_reward: String,
}

/// The listed redemptions (pending, and the most recent settled ones) counted by status, and
/// the stones held for the pending ones.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RedemptionCountsJson {
	pub pending: u32,
	pub fulfilled: u32,
	pub rejected: u32,
	pub cancelled: u32,
	pub expired: u32,
	/// Stones on hold for pending redemptions (smallest unit).
	pub on_hold: String,
}

/// A right won from mine boxes, with how many the account holds.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RightCountJson {
	pub right: u32,
	pub quantity: u32,
}

/// An open account recovery the account is part of.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryJson {
	/// The account being recovered (SS58).
	pub lost: String,
	/// The account that receives it (SS58).
	pub new_account: String,
	pub opened_at: u32,
	/// The first block holdings may move in; until then the lost key can cancel.
	pub executable_at: u32,
	/// Whether holdings have started to move (then nobody can cancel).
	pub moving: bool,
}

/// The answer of `csop_account`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccountJson {
	/// The account, as an SS58 address.
	pub account: String,
	/// The block the figures were read at.
	pub at: String,
	/// `Consortium`, `Owner` or `User`: the class its signed transactions are admitted as;
	/// `null`: the chain does not know it and refuses its signed transactions.
	pub class: Option<String>,
	/// Consortium roles it holds (`Registrar`, `ActivityOracle`, `CatalogManager`).
	pub roles: Vec<String>,
	/// Whether the car maker registered it as a user.
	pub registered_user: bool,
	/// Its class's rate limit; `null` when unlimited or refused.
	pub rate_limit: Option<RateLimitJson>,
	/// All its stones, on hold included (smallest unit).
	pub stones: String,
	/// The share of the car maker's equity its stones stand for, in parts per billion
	/// (rounded down).
	pub equity_parts_per_billion: String,
	/// The same share exactly, as `csop_equityShare` gives it.
	pub equity: FractionJson,
	pub crystals: u64,
	/// The vehicles it owns.
	pub vehicles: Vec<AccountVehicleJson>,
	/// The sum of `vehicles[].pendingReward`.
	pub pending_mining_rewards: String,
	/// Mine boxes bought and not yet revealed.
	pub unrevealed_boxes: u32,
	pub rights: Vec<RightCountJson>,
	pub redemptions: RedemptionCountsJson,
	/// The open account recovery it is part of, as the lost account or the new one; `null`
	/// if none.
	pub recovery: Option<RecoveryJson>,
}

/// The `csop_account` method.
#[rpc(server, namespace = "csop")]
pub trait AccountRpc {
	/// Everything a wallet shows for `account` (an SS58 address or a 0x-prefixed 32-byte hex
	/// public key), at the best block unless `at` names one.
	#[method(name = "account")]
	fn account(&self, account: String, at: Option<Hash>) -> RpcResult<AccountJson>;
}

/// Implements [`AccountRpcServer`] on a client.
pub struct Account<C> {
	client: Arc<C>,
}

impl<C> Account<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> AccountRpcServer for Account<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AccountApi<Block, AccountId, Balance>,
{
	fn account(&self, account: String, at: Option<Hash>) -> RpcResult<AccountJson> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let summary = self.client.runtime_api().account(at, who.clone()).map_err(runtime_error)?;
		Ok(AccountJson::new(&who, at, summary))
	}
}

impl AccountJson {
	fn new(who: &AccountId, at: Hash, s: AccountSummary<Balance>) -> Self {
		let status = s.status;
		AccountJson {
			account: who.to_ss58check(),
			at: format!("{at:?}"),
			class: status.class.map(|c| format!("{c:?}")),
			roles: status.roles.iter().map(|r| format!("{r:?}")).collect(),
			registered_user: status.registered_user,
			rate_limit: status.rate_limit.map(|l| RateLimitJson {
				max_transactions: l.max_transactions,
				period_blocks: l.period,
				remaining_in_window: status.remaining_in_window,
			}),
			stones: s.stones.to_string(),
			equity_parts_per_billion: s.equity_parts_per_billion.to_string(),
			equity: s.equity.into(),
			crystals: s.crystals,
			vehicles: s
				.vehicles
				.iter()
				.map(|(id, pending)| AccountVehicleJson {
					vehicle: format!("{id:?}"),
					pending_reward: pending.to_string(),
				})
				.collect(),
			pending_mining_rewards: s.pending_mining_rewards.to_string(),
			unrevealed_boxes: s.unrevealed_boxes,
			rights: s
				.rights
				.into_iter()
				.map(|(right, quantity)| RightCountJson { right, quantity })
				.collect(),
			redemptions: RedemptionCountsJson {
				pending: s.redemptions.pending,
				fulfilled: s.redemptions.fulfilled,
				rejected: s.redemptions.rejected,
				cancelled: s.redemptions.cancelled,
				expired: s.redemptions.expired,
				on_hold: s.redemptions.on_hold.to_string(),
			},
			recovery: s.recovery.map(|r| RecoveryJson {
				lost: r.lost.to_ss58check(),
				new_account: r.rescuer.to_ss58check(),
				opened_at: r.opened_at,
				executable_at: r.executable_at,
				moving: r.moving,
			}),
		}
	}
}
