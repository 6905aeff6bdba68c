//! Mock runtime: System + AccountRecovery, with six ledger domains the tests fill. Each domain
//! holds a number of records per account; a step moves them one unit at a time.

use crate as pallet_account_recovery;
use crate::*;
use alloc::collections::BTreeMap;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32, weights::Weight};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::{BuildStorage, DispatchError};

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
/// The maker's registrar.
pub const REGISTRAR: AccountId = 100;
/// The mock's delay (blocks) until governance sets one.
pub const DELAY: u64 = 10;
/// The mock's shortest delay.
pub const MIN_DELAY: u64 = 5;
/// The mock's largest budget.
pub const MAX_BUDGET: u32 = 8;
/// The most records a ledger holds per account (a step that would pass it fails).
pub const LEDGER_CAP: u32 = 50;
/// Each moved unit's weight in the ledgers.
pub const UNIT: Weight = Weight::from_parts(1_000, 10);

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		AccountRecovery: pallet_account_recovery,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	/// Records per (domain, account).
	static LEDGER: RefCell<BTreeMap<(u8, AccountId), u32>> = const { RefCell::new(BTreeMap::new()) };
	/// Domains that wait for a later block.
	static WAITING: RefCell<alloc::vec::Vec<u8>> = const { RefCell::new(alloc::vec::Vec::new()) };
}

/// `who`'s records in domain `d`.
pub fn held(d: u8, who: AccountId) -> u32 {
	LEDGER.with(|l| l.borrow().get(&(d, who)).copied().unwrap_or(0))
}

/// Sets `who`'s records in domain `d`.
pub fn set_held(d: u8, who: AccountId, n: u32) {
	LEDGER.with(|l| {
		if n == 0 {
			l.borrow_mut().remove(&(d, who));
		} else {
			l.borrow_mut().insert((d, who), n);
		}
	});
}

/// Makes domain `d` wait (or not).
pub fn set_waiting(d: u8, waiting: bool) {
	WAITING.with(|w| {
		let mut w = w.borrow_mut();
		w.retain(|x| *x != d);
		if waiting {
			w.push(d);
		}
	});
}

/// Records of all accounts in all domains.
pub fn ledger_total() -> u32 {
	LEDGER.with(|l| l.borrow().values().sum())
}

/// A domain of the mock: `D` is its index in [`Domain::ALL`].
pub struct Ledger<const D: u8>;

impl<const D: u8> RecoverHoldings<AccountId> for Ledger<D> {
	fn move_holdings(
		lost: &AccountId,
		rescuer: &AccountId,
		cursor: u32,
		budget: u32,
	) -> Result<MoveStep, DispatchError> {
		if WAITING.with(|w| w.borrow().contains(&D)) {
			return Ok(MoveStep { next: Some(cursor), waiting: true, ..Default::default() });
		}
		let n = held(D, *lost).min(budget);
		let to = held(D, *rescuer).checked_add(n).filter(|t| *t <= LEDGER_CAP);
		let to = to.ok_or(DispatchError::Other("ledger full"))?;
		set_held(D, *lost, held(D, *lost) - n);
		set_held(D, *rescuer, to);
		let more = held(D, *lost) > 0;
		Ok(MoveStep {
			used: n,
			next: more.then_some(cursor + n),
			waiting: false,
			weight: UNIT.saturating_mul(n.into()),
		})
	}

	fn move_weight(budget: u32) -> Weight {
		UNIT.saturating_mul(budget.into())
	}

	fn holds_any(who: &AccountId) -> bool {
		held(D, *who) > 0
	}
}

parameter_types! {
	pub Registrars: alloc::vec::Vec<AccountId> = alloc::vec![REGISTRAR];
}

impl Config for Test {
	type RegistrarOrigin = frame_support::traits::EitherOfDiverse<
		EnsureRoot<AccountId>,
		EnsureSignedBy<frame_support::traits::IsInVec<Registrars>, AccountId>,
	>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Vehicles = Ledger<0>;
	type MineBoxes = Ledger<1>;
	type Crystals = Ledger<2>;
	type Redemptions = Ledger<3>;
	type Stones = Ledger<4>;
	type Users = Ledger<5>;
	type DefaultDelay = frame_support::traits::ConstU64<DELAY>;
	type MinDelay = frame_support::traits::ConstU64<MIN_DELAY>;
	type MaxBudget = ConstU32<MAX_BUDGET>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Helper;
}

/// Benchmarks' holdings: a record in the first domain.
#[cfg(feature = "runtime-benchmarks")]
pub struct Helper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for Helper {
	fn give_holdings(who: &AccountId) {
		set_held(0, *who, held(0, *who) + 1);
	}
}

/// Block 1, empty ledgers; the invariants are checked after the test.
pub fn new_test_ext() -> sp_io::TestExternalities {
	LEDGER.with(|l| l.borrow_mut().clear());
	WAITING.with(|w| w.borrow_mut().clear());
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in a fresh externality and checks the invariants after it.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		AccountRecovery::do_try_state().expect("invariants hold");
	});
}

/// Goes to block `n`.
pub fn go_to(n: u64) {
	System::set_block_number(n);
}
