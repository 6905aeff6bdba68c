//! Cultivation over JSON-RPC, read through the runtime's `CrystalsApi` and `MineBoxesApi`:
//! `csop_crystals` (an account's crystals and today's awards), `csop_activityRules`,
//! `csop_boxTypes`, `csop_boxOdds` (published odds and observed frequencies), `csop_box` (one
//! box with its outcome, for audit) and `csop_boxes` (an account's unrevealed boxes, pity
//! counters and rights).
//!
//! Stone amounts are decimal strings in the smallest unit (10^-12 stone); crystals are numbers.
//! A malformed account is an `invalid params` error (-32602); an unknown box type or box id is
//! an `invalid params` error that names it.

use std::sync::Arc;

use csop_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_crystals::runtime_api::CrystalsApi;
use pallet_mine_boxes::{
	runtime_api::{BoxOdds, MineBoxesApi},
	BoxId, BoxTypeDetails, BoxTypeId, MineBox, Treasure,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use super::common::{block_at, invalid_params, parse_account, runtime_error};

/// A treasure: `{"kind": "Right", "right": 7, "quantity": "1"}`,
/// `{"kind": "Crystals", "quantity": "50"}` or `{"kind": "Stones", "quantity": "<grains>"}`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TreasureJson {
	/// `Right`, `Crystals` or `Stones`.
	pub kind: String,
	/// The right's id (rights only).
	pub right: Option<u32>,
	/// How many (rights, crystals) or how much (stones, in the smallest unit), as a decimal
	/// string.
	pub quantity: String,
}

impl From<Treasure<Balance>> for TreasureJson {
	fn from(t: Treasure<Balance>) -> Self {
		match t {
			Treasure::Right { right, quantity } => TreasureJson {
				kind: "Right".into(),
				right: Some(right),
				quantity: quantity.to_string(),
			},
			Treasure::Crystals(amount) => {
				TreasureJson { kind: "Crystals".into(), right: None, quantity: amount.to_string() }
			},
			Treasure::Stones(amount) => {
				TreasureJson { kind: "Stones".into(), right: None, quantity: amount.to_string() }
			},
		}
	}
}

/// A drop table entry with its observed frequency.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DropJson {
	pub treasure: TreasureJson,
	/// Published probability, in parts per million.
	pub ppm: u32,
	pub rare: bool,
	/// Ordinary draws that picked it (absent in `csop_boxTypes`).
	#[serde(skip_serializing_if = "Option::is_none")]
	pub natural_draws: Option<u64>,
	/// Pity draws that picked it (absent in `csop_boxTypes`).
	#[serde(skip_serializing_if = "Option::is_none")]
	pub pity_draws: Option<u64>,
}

/// A box type, as `csop_boxTypes` lists it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BoxTypeJson {
	pub id: BoxTypeId,
	/// UTF-8 (invalid bytes shown as U+FFFD).
	pub name: String,
	/// Crystals per box.
	pub price: u64,
	pub drops: Vec<DropJson>,
	/// What replaces stones for non-owners or when the pool cannot pay.
	pub fallback: Option<TreasureJson>,
	pub daily_supply: Option<u32>,
	pub per_account_daily: Option<u32>,
	/// After this many draws in a row without a rare entry, the next draw is rare.
	pub pity: Option<u32>,
	pub open: bool,
}

impl From<(BoxTypeId, BoxTypeDetails<Balance>)> for BoxTypeJson {
	fn from((id, t): (BoxTypeId, BoxTypeDetails<Balance>)) -> Self {
		BoxTypeJson {
			id,
			name: String::from_utf8_lossy(&t.name).into_owned(),
			price: t.price,
			drops: t
				.drops
				.into_iter()
				.map(|d| DropJson {
					treasure: d.treasure.into(),
					ppm: d.ppm,
					rare: d.rare,
					natural_draws: None,
					pity_draws: None,
				})
				.collect(),
			fallback: t.fallback.map(Into::into),
			daily_supply: t.daily_supply,
			per_account_daily: t.per_account_daily,
			pity: t.pity,
			open: t.open,
		}
	}
}

/// The answer of `csop_boxOdds`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BoxOddsJson {
	pub box_type: BoxTypeId,
	pub entries: Vec<DropJson>,
	pub fallback: Option<TreasureJson>,
	pub pity: Option<u32>,
	/// Revealed draws (ordinary and pity).
	pub total_draws: u64,
}

impl From<BoxOdds<Balance>> for BoxOddsJson {
	fn from(o: BoxOdds<Balance>) -> Self {
		BoxOddsJson {
			box_type: o.box_type,
			entries: o
				.entries
				.into_iter()
				.map(|e| DropJson {
					treasure: e.treasure.into(),
					ppm: e.ppm,
					rare: e.rare,
					natural_draws: Some(e.natural_draws),
					pity_draws: Some(e.pity_draws),
				})
				.collect(),
			fallback: o.fallback.map(Into::into),
			pity: o.pity,
			total_draws: o.total_draws,
		}
	}
}

/// A revealed box's outcome.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeJson {
	/// The draw block's seed (0x hex).
	pub seed: String,
	pub roll: u32,
	/// The drop table entry drawn (index).
	pub entry: u8,
	pub pity: bool,
	/// What the owner received.
	pub treasure: TreasureJson,
	/// `NotCertifiedOwner` or `PoolCannotPay` when the fallback replaced stones.
	pub fallback: Option<String>,
	pub revealed_at: BlockNumber,
}

/// A box, as `csop_box` and `csop_boxes` show it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BoxJson {
	pub id: BoxId,
	/// SS58 address.
	pub owner: String,
	pub box_type: BoxTypeId,
	/// Crystals paid.
	pub price: u64,
	pub committed_at: BlockNumber,
	/// Reveal at or after this block.
	pub draw_at: BlockNumber,
	/// Whether the buyer was a certified owner when buying: only then may the box give stones.
	pub certified_owner: bool,
	/// `null` until revealed.
	pub outcome: Option<OutcomeJson>,
}

impl From<(BoxId, MineBox<AccountId, Hash, Balance, BlockNumber>)> for BoxJson {
	fn from((id, b): (BoxId, MineBox<AccountId, Hash, Balance, BlockNumber>)) -> Self {
		BoxJson {
			id,
			owner: b.owner.to_ss58check(),
			box_type: b.box_type,
			price: b.price,
			committed_at: b.committed_at,
			draw_at: b.draw_at,
			certified_owner: b.certified_owner,
			outcome: b.outcome.map(|o| OutcomeJson {
				seed: format!("{:?}", o.seed),
				roll: o.roll,
				entry: o.entry,
				pity: o.pity,
				treasure: o.treasure.into(),
				fallback: o.fallback.map(|f| format!("{f:?}")),
				revealed_at: o.revealed_at,
			}),
		}
	}
}

/// A pity counter, in [`AccountBoxesJson`].
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PityJson {
	pub box_type: BoxTypeId,
	/// Draws in a row without a rare entry.
	pub count: u32,
}

/// A right held, in [`AccountBoxesJson`].
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RightJson {
	pub right: u32,
	pub quantity: u32,
}

/// The answer of `csop_boxes`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccountBoxesJson {
	/// SS58 address.
	pub account: String,
	/// Unrevealed boxes, oldest first.
	pub pending: Vec<BoxJson>,
	pub pity: Vec<PityJson>,
	/// Rights won and not yet used.
	pub rights: Vec<RightJson>,
}

/// An activity's published rule, in `csop_activityRules`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ActivityRuleJson {
	/// `SignUp`, `DailyCheckIn`, `Post`, `CoCreation`, `EventAttendance`, `FeatureUse` or
	/// `Referral`.
	pub activity: String,
	/// Crystals per award.
	pub crystals: u64,
	/// Awards per account per UTC day.
	pub daily_cap: u32,
	/// Awards per account ever; `null` is unlimited.
	pub lifetime_cap: Option<u32>,
}

/// Awards of one activity today, in [`AccountCrystalsJson`].
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AwardsTodayJson {
	pub activity: String,
	pub count: u32,
}

/// The answer of `csop_crystals`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AccountCrystalsJson {
	/// SS58 address.
	pub account: String,
	pub crystals: u64,
	/// Awards today (UTC) per activity; activities without awards left out.
	pub awards_today: Vec<AwardsTodayJson>,
}

/// The `csop_*` cultivation methods.
#[rpc(server, namespace = "csop")]
pub trait CultivationRpc {
	/// An account's crystals and its awards today. At the best block unless `at` names one.
	#[method(name = "crystals")]
	fn crystals(&self, account: String, at: Option<Hash>) -> RpcResult<AccountCrystalsJson>;

	/// The published crystals and caps of every rewarded activity.
	#[method(name = "activityRules")]
	fn activity_rules(&self, at: Option<Hash>) -> RpcResult<Vec<ActivityRuleJson>>;

	/// Every box type with its published drop table.
	#[method(name = "boxTypes")]
	fn box_types(&self, at: Option<Hash>) -> RpcResult<Vec<BoxTypeJson>>;

	/// A box type's published odds and observed frequencies.
	#[method(name = "boxOdds")]
	fn box_odds(&self, box_type: BoxTypeId, at: Option<Hash>) -> RpcResult<BoxOddsJson>;

	/// One box, revealed or not, with everything needed to audit its draw.
	#[method(name = "box")]
	fn mine_box(&self, id: BoxId, at: Option<Hash>) -> RpcResult<BoxJson>;

	/// An account's unrevealed boxes, pity counters and unused rights.
	#[method(name = "boxes")]
	fn boxes(&self, account: String, at: Option<Hash>) -> RpcResult<AccountBoxesJson>;
}

/// Implements [`CultivationRpcServer`] on a client.
pub struct Cultivation<C> {
	client: Arc<C>,
}

impl<C> Cultivation<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> CultivationRpcServer for Cultivation<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MineBoxesApi<Block, AccountId, Hash, Balance, BlockNumber>,
	C::Api: CrystalsApi<Block, AccountId>,
{
	fn crystals(&self, account: String, at: Option<Hash>) -> RpcResult<AccountCrystalsJson> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let api = self.client.runtime_api();
		let crystals = api.crystals(at, who.clone()).map_err(runtime_error)?;
		let today = api.awards_today(at, who.clone()).map_err(runtime_error)?;
		Ok(AccountCrystalsJson {
			account: who.to_ss58check(),
			crystals,
			awards_today: today
				.into_iter()
				.map(|(a, count)| AwardsTodayJson { activity: format!("{a:?}"), count })
				.collect(),
		})
	}

	fn activity_rules(&self, at: Option<Hash>) -> RpcResult<Vec<ActivityRuleJson>> {
		let at = block_at(&*self.client, at)?;
		let rules = self.client.runtime_api().activity_rules(at).map_err(runtime_error)?;
		Ok(rules
			.into_iter()
			.map(|(a, r)| ActivityRuleJson {
				activity: format!("{a:?}"),
				crystals: r.crystals,
				daily_cap: r.daily_cap,
				lifetime_cap: r.lifetime_cap,
			})
			.collect())
	}

	fn box_types(&self, at: Option<Hash>) -> RpcResult<Vec<BoxTypeJson>> {
		let at = block_at(&*self.client, at)?;
		let types = self.client.runtime_api().box_types(at).map_err(runtime_error)?;
		Ok(types.into_iter().map(Into::into).collect())
	}

	fn box_odds(&self, box_type: BoxTypeId, at: Option<Hash>) -> RpcResult<BoxOddsJson> {
		let at = block_at(&*self.client, at)?;
		let odds = self.client.runtime_api().odds(at, box_type).map_err(runtime_error)?;
		odds.map(Into::into)
			.ok_or_else(|| invalid_params(format!("unknown box type {box_type}")))
	}

	fn mine_box(&self, id: BoxId, at: Option<Hash>) -> RpcResult<BoxJson> {
		let at = block_at(&*self.client, at)?;
		let found = self.client.runtime_api().mine_box(at, id).map_err(runtime_error)?;
		found
			.map(|b| (id, b).into())
			.ok_or_else(|| invalid_params(format!("unknown box {id}")))
	}

	fn boxes(&self, account: String, at: Option<Hash>) -> RpcResult<AccountBoxesJson> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let api = self.client.runtime_api();
		let pending = api.pending_boxes(at, who.clone()).map_err(runtime_error)?;
		let pity = api.pity_of(at, who.clone()).map_err(runtime_error)?;
		let rights = api.rights_of(at, who.clone()).map_err(runtime_error)?;
		Ok(AccountBoxesJson {
			account: who.to_ss58check(),
			pending: pending.into_iter().map(Into::into).collect(),
			pity: pity.into_iter().map(|(box_type, count)| PityJson { box_type, count }).collect(),
			rights: rights
				.into_iter()
				.map(|(right, quantity)| RightJson { right, quantity })
				.collect(),
		})
	}
}
