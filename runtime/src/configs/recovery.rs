//! Account recovery (`pallet-account-recovery`): a registrar opens it after the maker's
//! identity check; after a week in which the lost key can veto it, every domain's holdings
//! move to the new account.

use super::governance::{GovernanceOrigin, RegistrarOrigin};
use crate::{
	BlockNumber, Consortium, Crystals, MineBoxes, Redemptions, Runtime, Stones, Vehicles, DAYS,
};
use frame_support::parameter_types;

parameter_types! {
	/// A week between opening a recovery and its first move: time for the lost key's holder,
	/// if the key was not lost, to see it and cancel.
	pub const RecoveryDelay: BlockNumber = 7 * DAYS;
	/// Governance may shorten the delay to a day at least.
	pub const MinRecoveryDelay: BlockNumber = DAYS;
	/// At most 50 records moved by one `advance` call.
	pub const MaxRecoveryBudget: u32 = 50;
}

impl pallet_account_recovery::Config for Runtime {
	type RegistrarOrigin = RegistrarOrigin;
	type GovernanceOrigin = GovernanceOrigin;
	type Vehicles = Vehicles;
	type MineBoxes = MineBoxes;
	type Crystals = Crystals;
	type Redemptions = Redemptions;
	type Stones = Stones;
	type Users = Consortium;
	type DefaultDelay = RecoveryDelay;
	type MinDelay = MinRecoveryDelay;
	type MaxBudget = MaxRecoveryBudget;
	type WeightInfo = pallet_account_recovery::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RecoveryBenchmarkHelper;
}

/// Benchmarks of a recovery give the lost account stones (minted in the ledger directly: the
/// benchmark is not about issuance).
#[cfg(feature = "runtime-benchmarks")]
pub struct RecoveryBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_account_recovery::BenchmarkHelper<crate::AccountId> for RecoveryBenchmarkHelper {
	fn give_holdings(who: &crate::AccountId) {
		use frame_support::traits::fungible::Mutate;
		crate::Balances::mint_into(who, 1_000 * crate::STONE).expect("benchmark stones mint");
	}
}
