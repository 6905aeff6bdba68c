//! `AccountApi`: everything a wallet shows for one account, composed here from the pallets in
//! one runtime call. The node's `csop_account` only formats it; what counts as pending,
//! claimable or held is decided by the pallets, not by the RPC layer.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use csop_primitives::{CrystalAmount, VehicleId};
use pallet_mine_boxes::RightId;
use pallet_redemptions::RedemptionCounts;
use scale_info::TypeInfo;

use crate::{
	AccountId, AccountRecovery, Balance, BlockNumber, Consortium, Crystals, MileageMining,
	MineBoxes, Redemptions, Stones, Vehicles,
};

/// What `AccountApi::account` answers.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AccountSummary<Balance> {
	/// Its standing with the consortium: class (`None`: its signed transactions are refused),
	/// roles, registration, its class's rate limit (`None` when unlimited or refused) and what
	/// is left of it in the current window.
	pub status: pallet_consortium::AccountStatus,
	/// All its stones, on hold included.
	pub stones: Balance,
	/// The share of the car maker's equity its stones stand for, in parts per billion
	/// (rounded down: 0 below ~6 stones).
	pub equity_parts_per_billion: u128,
	/// The same share exactly (`stones x 4.9% / 300,000,000 stones`).
	pub equity: pallet_stones::runtime_api::Fraction,
	pub crystals: CrystalAmount,
	/// The vehicles it owns, each with the mining rewards it can claim for it now.
	pub vehicles: Vec<(VehicleId, Balance)>,
	/// The sum of the vehicles' claimable rewards.
	pub pending_mining_rewards: Balance,
	/// Mine boxes bought and not yet revealed.
	pub unrevealed_boxes: u32,
	/// Rights won from mine boxes, with how many it holds.
	pub rights: Vec<(RightId, u32)>,
	/// Its redemptions by status, and the stones the pending ones hold.
	pub redemptions: RedemptionCounts<Balance>,
	/// The open account recovery it is part of (as the lost account or the new one), if any:
	/// a wallet shows it so that the holder of a key that was not lost can cancel in time.
	pub recovery: Option<pallet_account_recovery::RecoveryStatus<AccountId, BlockNumber>>,
}

sp_api::decl_runtime_apis! {
	/// One account as a wallet shows it.
	pub trait AccountApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Everything a wallet shows for `who`, read at one block.
		fn account(who: AccountId) -> AccountSummary<Balance>;
	}
}

/// [`AccountApi::account`] of this runtime.
pub fn summary(who: &AccountId) -> AccountSummary<Balance> {
	let share = Stones::equity_share(who);
	// An owner's vehicles are bounded by the registry.
	let vehicles: Vec<(VehicleId, Balance)> = Vehicles::vehicles_of(who)
		.into_iter()
		.map(|id| (id, MileageMining::vehicle_info(&id).map_or(0, |m| m.pending)))
		.collect();
	let pending_mining_rewards = vehicles
		.iter()
		.fold(0, |sum: Balance, (_, pending)| sum.saturating_add(*pending));
	AccountSummary {
		status: Consortium::account_status(who),
		stones: share.stones,
		equity_parts_per_billion: share.parts_per_billion,
		equity: share.equity,
		crystals: Crystals::crystals(who),
		vehicles,
		pending_mining_rewards,
		unrevealed_boxes: u32::try_from(MineBoxes::pending_boxes(who).len()).unwrap_or(u32::MAX),
		rights: MineBoxes::rights_of(who),
		redemptions: Redemptions::redemption_counts(who),
		recovery: AccountRecovery::recovery_status(who),
	}
}
