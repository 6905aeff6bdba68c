//! Stones: the chain's native balance (`pallet-balances`), created only by `pallet-stones`.
//!
//! `pallet-balances` has no calls in this runtime (`#[runtime::disable_call]` in `lib.rs`), so
//! no call, root included, can set a balance, and every transfer goes through the stones
//! transfer policy.

use crate::{
	Balance, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, Stones, System,
	CULTIVATION_CAP, EXISTENTIAL_DEPOSIT, MAX_SUPPLY, MILEAGE_MINING_CAP,
};
use frame_support::{parameter_types, traits::VariantCountOf};

parameter_types! {
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
	pub const MaxLocks: u32 = 50;
	pub const MaxReserves: u32 = 50;
	pub const MileageMiningCap: Balance = MILEAGE_MINING_CAP;
	pub const CultivationCap: Balance = CULTIVATION_CAP;
	pub const MaxSupply: Balance = MAX_SUPPLY;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	/// Balances are in grains: 10^-12 stone.
	type Balance = Balance;
	/// Dust below the existential deposit is burned and counted as burned by the stones pallet.
	type DustRemoval = Stones;
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = MaxLocks;
	type MaxReserves = MaxReserves;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

impl pallet_stones::Config for Runtime {
	type Currency = crate::Balances;
	type MileageMiningCap = MileageMiningCap;
	type CultivationCap = CultivationCap;
	type MaxSupply = MaxSupply;
	/// The transfer policy is set by a 2/3 consortium motion.
	type PolicyOrigin = super::governance::GovernanceOrigin;
	/// The vehicle registry certifies owners (for the `CertifiedOwners` transfer policy).
	type Owners = crate::Vehicles;
	type WeightInfo = pallet_stones::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Item names up to 64 bytes (UTF-8).
	pub const MaxItemNameLen: u32 = 64;
	/// An account has at most 32 pending redemptions; its list keeps its most recent settled
	/// ones while there is room.
	pub const MaxRedemptionsPerAccount: u32 = 32;
	/// A redemption the catalog manager has not fulfilled after 30 days is released.
	pub const DefaultFulfilmentPeriod: crate::BlockNumber = 30 * crate::DAYS;
	/// At most 64 redemptions expire at one block (later ones at the next blocks with room).
	pub const MaxExpiringPerBlock: u32 = 64;
}

impl pallet_redemptions::Config for Runtime {
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Fulfilled redemptions' burns are counted in the supply.
	type OnBurned = Stones;
	/// Owners-only, activation-age and model eligibility read the vehicle registry.
	type Owners = crate::Vehicles;
	type Time = crate::Timestamp;
	/// Angel-programme entitlements live in the vehicle registry.
	type Entitlements = crate::Vehicles;
	/// The catalog is kept by an appointed catalog manager.
	type CatalogOrigin = super::governance::CatalogManagerOrigin;
	/// Redemptions are fulfilled (or refunded) by an appointed catalog manager.
	type OperatorOrigin = super::governance::CatalogManagerOrigin;
	/// The fulfilment period is the consortium's to set.
	type ParamsOrigin = super::governance::GovernanceOrigin;
	type DefaultFulfilmentPeriod = DefaultFulfilmentPeriod;
	type MaxExpiringPerBlock = MaxExpiringPerBlock;
	type MaxNameLen = MaxItemNameLen;
	type MaxRedemptionsPerAccount = MaxRedemptionsPerAccount;
	type WeightInfo = pallet_redemptions::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RedemptionsBenchmarkHelper;
}

/// Benchmarks of redemptions register an entitled vehicle in the real vehicle registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct RedemptionsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_redemptions::BenchmarkHelper<crate::AccountId> for RedemptionsBenchmarkHelper {
	fn entitled_vehicle(
		owner: &crate::AccountId,
		model: csop_primitives::ModelId,
		kind: csop_primitives::EntitlementKind,
	) -> csop_primitives::VehicleId {
		use codec::Encode;
		use sp_runtime::traits::{BlakeTwo256, Hash};
		let seed: [u8; 32] = BlakeTwo256::hash(&(b"bench-entitled", owner).encode()).into();
		let key = csop_primitives::DeviceKey::Ed25519(sp_core::ed25519::Public::from_raw(seed));
		let vehicle = seed.into();
		crate::Vehicles::do_register(vehicle, key, model, 0, owner.clone(), None)
			.expect("benchmark vehicle registers");
		pallet_vehicles::VehicleEntitlements::<Runtime>::insert(
			vehicle,
			kind,
			pallet_vehicles::Entitlement {
				earned_in_year: 0,
				earned_at_ms: 0,
				status: pallet_vehicles::EntitlementStatus::Available,
			},
		);
		vehicle
	}
}
