//! Mock runtime: System + Balances + Stones (the real capped issuer) + MileageMining, with a
//! thread-local vehicle registry, a settable clock and small constants so that windows,
//! halvings and the pool cap are reachable.

use crate as pallet_mileage_mining;
use crate::*;
use core::cell::RefCell;
use csop_primitives::{
	Meters, MiningRefusal, MiningVehicle, Moment, OnMileageVerified, VehicleId, VehicleRegistry,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchResultWithPostInfo,
	parameter_types,
	traits::{Authorize, Hooks},
	weights::Weight,
};
use frame_system::{pallet_prelude::BlockNumberFor, EnsureRoot};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::{
	transaction_validity::{TransactionSource, TransactionValidityError, ValidTransaction},
	BuildStorage, DispatchResult,
};
use std::collections::BTreeMap;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;

/// Blocks per period, periods per bucket, buckets per window, periods per halving.
pub const P: u64 = 10;
pub const B: u32 = 2;
pub const S: u32 = 3;
pub const H: u32 = 5;
/// The reward of a period before the first halving.
pub const R0: Balance = 1_000_000;
/// The chain's genesis hash in the mock.
pub const GENESIS: H256 = H256::repeat_byte(0x42);
/// The clock at block 0; every block adds [`BLOCK_MS`].
pub const START_MS: u64 = 1_700_000_000_000;
pub const BLOCK_MS: u64 = 60_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Stones: pallet_stones,
		Mining: pallet_mileage_mining,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	/// Non-zero, so that the weights `on_initialize` returns can be told apart.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
}

parameter_types! {
	pub static ExistentialDeposit: Balance = 1;
	pub static MileageMiningCap: Balance = 100_000_000;
	/// Over how many periods the backlog is released again.
	pub static CatchUpPeriods: u32 = 4;
	pub const CultivationCap: Balance = 100_000_000;
	pub const MaxSupply: Balance = 200_000_000;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type DustRemoval = Stones;
}

impl pallet_stones::Config for Test {
	type Currency = Balances;
	type MileageMiningCap = MileageMiningCap;
	type CultivationCap = CultivationCap;
	type MaxSupply = MaxSupply;
	type PolicyOrigin = EnsureRoot<AccountId>;
	type Owners = ();
	type WeightInfo = ();
}

/// A vehicle in the mock registry.
#[derive(Clone, Debug)]
pub struct MockVehicle {
	pub owner: AccountId,
	pub key: csop_primitives::DeviceKey,
	pub deregistered: bool,
	/// The owner's consent, if any.
	pub consent: Option<MockConsent>,
}

/// A consent in the mock registry, with the real registry's rules: it began at `since_ms` and
/// covers data of times in `since_ms..until_ms` (`until_ms` exclusive; `None`: for ever).
#[derive(Clone, Copy, Debug)]
pub struct MockConsent {
	pub since_ms: Moment,
	pub until_ms: Option<Moment>,
}

thread_local! {
	static REGISTRY: RefCell<BTreeMap<VehicleId, MockVehicle>> = const { RefCell::new(BTreeMap::new()) };
	static NOW_MS: RefCell<u64> = const { RefCell::new(START_MS) };
	static VERIFIED: RefCell<Vec<(VehicleId, Meters, Moment)>> = const { RefCell::new(Vec::new()) };
}

/// The mock vehicle registry, owner lookup, clock and angel-programme recorder.
pub struct MockWorld;
impl MockWorld {
	/// Registers the vehicle with its owner's consent from time 0 for ever (as a genesis
	/// vehicle with consent).
	pub fn register(vehicle: VehicleId, owner: AccountId, key: csop_primitives::DeviceKey) {
		let consent = Some(MockConsent { since_ms: 0, until_ms: None });
		REGISTRY.with(|r| {
			r.borrow_mut()
				.insert(vehicle, MockVehicle { owner, key, deregistered: false, consent })
		});
	}
	/// Grants consent now until `until_ms`, the way the registry does: a grant while a consent
	/// is live continues it (its start stays); otherwise a new consent begins now.
	pub fn grant(vehicle: VehicleId, until_ms: Option<Moment>) {
		let now = NOW_MS.with(|n| *n.borrow());
		// The registry refuses an expiry that is not after now (`ExpiryInPast`).
		assert!(until_ms.is_none_or(|until| until > now), "an expiry must be in the future");
		Self::update(vehicle, |v| {
			let since_ms = v
				.consent
				.filter(|c| c.until_ms.is_none_or(|until| now < until))
				.map_or(now, |c| c.since_ms);
			v.consent = Some(MockConsent { since_ms, until_ms });
		});
	}
	/// Revokes the consent.
	pub fn revoke(vehicle: VehicleId) {
		Self::update(vehicle, |v| v.consent = None);
	}
	pub fn update(vehicle: VehicleId, f: impl FnOnce(&mut MockVehicle)) {
		REGISTRY.with(|r| f(r.borrow_mut().get_mut(&vehicle).expect("registered")));
	}
	/// Transfers the vehicle the way the registry does: tells mining first, and resets the
	/// consent (the buyer must grant it).
	pub fn transfer(vehicle: VehicleId, to: AccountId) {
		let old = REGISTRY.with(|r| r.borrow()[&vehicle].owner);
		<Mining as csop_primitives::OnVehicleChange<AccountId>>::on_owner_change(&vehicle, &old);
		Self::update(vehicle, |v| {
			v.owner = to;
			v.consent = None;
		});
	}
	/// Deregisters the vehicle the way the registry does: tells mining first.
	pub fn deregister(vehicle: VehicleId) {
		let owner = REGISTRY.with(|r| r.borrow()[&vehicle].owner);
		<Mining as csop_primitives::OnVehicleChange<AccountId>>::on_deregistered(&vehicle, &owner);
		Self::update(vehicle, |v| v.deregistered = true);
	}
	pub fn set_now_ms(ms: u64) {
		NOW_MS.with(|n| *n.borrow_mut() = ms);
	}
	pub fn verified() -> Vec<(VehicleId, Meters, Moment)> {
		VERIFIED.with(|v| v.borrow().clone())
	}
}

impl VehicleRegistry<AccountId> for MockWorld {
	fn mining_vehicle(
		vehicle: &VehicleId,
		at_ms: Moment,
	) -> Result<MiningVehicle<AccountId>, MiningRefusal> {
		let v = REGISTRY
			.with(|r| r.borrow().get(vehicle).cloned())
			.ok_or(MiningRefusal::UnknownVehicle)?;
		if v.deregistered {
			return Err(MiningRefusal::Deregistered);
		}
		match v.consent {
			None => Err(MiningRefusal::NoConsent),
			Some(c) if at_ms < c.since_ms => Err(MiningRefusal::NoConsent),
			Some(MockConsent { until_ms: Some(until), .. }) if until <= at_ms => {
				Err(MiningRefusal::ConsentExpired)
			},
			Some(c) => Ok(MiningVehicle {
				owner: v.owner,
				device_key: v.key,
				consent_since_ms: c.since_ms,
			}),
		}
	}

	fn owner_of(vehicle: &VehicleId) -> Option<AccountId> {
		REGISTRY.with(|r| r.borrow().get(vehicle).filter(|v| !v.deregistered).map(|v| v.owner))
	}
}

impl OnMileageVerified for MockWorld {
	/// Uses its whole bound for a report with metres, nothing for one without.
	fn on_mileage_verified(
		vehicle: &VehicleId,
		meters: Meters,
		_: Moment,
		at_ms: Moment,
	) -> Weight {
		VERIFIED.with(|v| v.borrow_mut().push((*vehicle, meters, at_ms)));
		if meters > 0 {
			Self::on_mileage_verified_weight()
		} else {
			Weight::zero()
		}
	}
	fn on_mileage_verified_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

impl frame_support::traits::UnixTime for MockWorld {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(NOW_MS.with(|n| *n.borrow()))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for MockWorld {
	fn register_vehicle(
		vehicle: &VehicleId,
		owner: &AccountId,
		device_key: csop_primitives::DeviceKey,
	) {
		MockWorld::register(*vehicle, *owner, device_key);
	}
}

impl pallet_mileage_mining::Config for Test {
	type Balance = Balance;
	type Issuer = Stones;
	type Registry = MockWorld;
	type OnMileageVerified = MockWorld;
	type Time = MockWorld;
	type ParamsOrigin = EnsureRoot<AccountId>;
	type RewardPeriod = frame_support::traits::ConstU32<{ P as u32 }>;
	type BucketPeriods = frame_support::traits::ConstU32<B>;
	type WindowBuckets = frame_support::traits::ConstU32<S>;
	type InitialPeriodReward = frame_support::traits::ConstU64<R0>;
	type HalvingPeriod = frame_support::traits::ConstU32<H>;
	type CatchUpPeriods = CatchUpPeriods;
	type MaxBundleSize = frame_support::traits::ConstU32<8>;
	type ReportPriority = frame_support::traits::ConstU64<{ u64::MAX / 2 }>;
	type SignatureWeights = TestSignatureWeights;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockWorld;
}

/// A device key of any of the four key types.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Device {
	Sr(sr25519::Pair),
	Ed(ed25519::Pair),
	Ec(ecdsa::Pair),
	P256(p256::ecdsa::SigningKey),
}

impl Device {
	pub fn sr(seed: u8) -> Self {
		Device::Sr(sr25519::Pair::from_seed(&[seed; 32]))
	}
	pub fn ed(seed: u8) -> Self {
		Device::Ed(ed25519::Pair::from_seed(&[seed; 32]))
	}
	pub fn ec(seed: u8) -> Self {
		Device::Ec(ecdsa::Pair::from_seed(&[seed; 32]))
	}
	/// A P-256 device key (as a car's secure element holds).
	pub fn p256(seed: u8) -> Self {
		Device::P256(p256::ecdsa::SigningKey::from_slice(&[seed.max(1); 32]).unwrap())
	}
	pub fn public(&self) -> csop_primitives::DeviceKey {
		match self {
			Device::Sr(p) => p.public().into(),
			Device::Ed(p) => p.public().into(),
			Device::Ec(p) => p.public().into(),
			Device::P256(k) => {
				let point = k.verifying_key().to_encoded_point(true);
				let key: [u8; 33] = point.as_bytes().try_into().unwrap();
				csop_primitives::P256Public(key).into()
			},
		}
	}
	/// Signs exactly what the pallet verifies.
	pub fn sign(&self, report: &MileageReport) -> csop_primitives::DeviceSignature {
		use p256::ecdsa::signature::Signer;
		let payload = report.signing_payload();
		match self {
			Device::Sr(p) => p.sign(&payload).into(),
			Device::Ed(p) => p.sign(&payload).into(),
			Device::Ec(p) => p.sign(&payload).into(),
			Device::P256(k) => {
				let signature: p256::ecdsa::Signature = k.sign(&payload);
				csop_primitives::P256Signature(signature.to_bytes().into()).into()
			},
		}
	}
}

/// Vehicle id number `n`.
pub fn vid(n: u8) -> VehicleId {
	H256::repeat_byte(n)
}

/// Builds the mock's storage.
pub struct ExtBuilder {
	cap: Balance,
	ed: Balance,
	reward_period: Option<u32>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { cap: 100_000_000, ed: 1, reward_period: None }
	}
}

impl ExtBuilder {
	/// The mileage mining pool's cap.
	pub fn cap(mut self, cap: Balance) -> Self {
		self.cap = cap;
		self
	}
	/// The ledger's existential deposit.
	pub fn existential_deposit(mut self, ed: Balance) -> Self {
		self.ed = ed;
		self
	}

	/// Blocks per period chosen at genesis (instead of [`P`]).
	pub fn reward_period(mut self, period: u32) -> Self {
		self.reward_period = Some(period);
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		MileageMiningCap::set(self.cap);
		ExistentialDeposit::set(self.ed);
		REGISTRY.with(|r| r.borrow_mut().clear());
		VERIFIED.with(|v| v.borrow_mut().clear());
		MockWorld::set_now_ms(START_MS);
		let storage = RuntimeGenesisConfig {
			mining: pallet_mileage_mining::GenesisConfig {
				params: MiningParams::default(),
				reward_period: self.reward_period,
				_phantom: Default::default(),
			},
			..Default::default()
		}
		.build_storage()
		.unwrap();
		let mut ext: sp_io::TestExternalities = storage.into();
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		ext.execute_with(|| {
			frame_system::BlockHash::<Test>::insert(0, GENESIS);
			System::set_block_number(1);
			MockWorld::set_now_ms(START_MS + BLOCK_MS);
		});
		ext
	}

	/// Runs `test`, then checks this pallet's and the stones pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Mining::do_try_state().expect("mining invariants hold");
			Stones::do_try_state().expect("stones invariants hold");
		});
	}
}

/// Test externalities for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// Runs blocks up to `n`: sets the block number and clock, then `on_initialize`.
pub fn run_to_block(n: BlockNumberFor<Test>) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		MockWorld::set_now_ms(START_MS + next * BLOCK_MS);
		Mining::on_initialize(next);
	}
}

/// Runs to the first block of period `period` (closing every period before it).
pub fn run_to_period(period: u64) {
	run_to_block(period * P);
}

/// The events this pallet emitted, oldest first.
pub fn mining_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Mining(e) = r.event { Some(e) } else { None })
		.collect()
}

/// Authorizes `call` as `frame_system::AuthorizeCall` does for the transaction pool.
pub fn authorize(
	call: &Call<Test>,
) -> Result<(ValidTransaction, Weight), TransactionValidityError> {
	call.authorize(TransactionSource::External)
		.expect("the call has an authorize function")
}

/// Submits `call` as a general transaction in a block: authorization (source `InBlock`), then
/// dispatch with the `Authorized` origin (what the executive does with `AuthorizeCall` in the
/// extension).
pub fn submit(call: Call<Test>) -> Result<DispatchResult, TransactionValidityError> {
	Ok(submit_weighed(call)?.map(|_| ()).map_err(|e| e.error))
}

/// As [`submit`], with the dispatch's post info (the weight left after refunds).
pub fn submit_weighed(
	call: Call<Test>,
) -> Result<DispatchResultWithPostInfo, TransactionValidityError> {
	use frame_support::traits::UnfilteredDispatchable;
	call.authorize(TransactionSource::InBlock)
		.expect("the call has an authorize function")?;
	Ok(call.dispatch_bypass_filter(frame_system::RawOrigin::Authorized.into()))
}

/// Signature checks of three different weights, ecdsa not the costliest, so that the charge
/// tests can tell the key types apart.
pub struct TestSignatureWeights;
impl csop_primitives::SignatureWeights for TestSignatureWeights {
	fn verify_sr25519() -> Weight {
		Weight::from_parts(70_000_000, 0)
	}
	fn verify_ed25519() -> Weight {
		Weight::from_parts(40_000_000, 0)
	}
	fn verify_ecdsa() -> Weight {
		Weight::from_parts(55_000_000, 0)
	}
	fn verify_p256() -> Weight {
		Weight::from_parts(60_000_000, 0)
	}
}
