//! Property tests: random sequences of calls against the invariants.

use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
	Register { n: u8, key: u8, owner: u8 },
	Transfer { n: u8, to: u8 },
	Rotate { n: u8, key: u8 },
	Deregister { n: u8 },
	Grant { n: u8, by: u8, expires_in: Option<u8> },
	Revoke { n: u8, by: u8 },
	Drive { n: u8, km: u16, year: u8 },
	UseEntitlement { n: u8, by: u8, battery: bool },
	Tick { ms: u16 },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(0u8..6, 0u8..10, 0u8..4).prop_map(|(n, key, owner)| Op::Register { n, key, owner }),
		(0u8..6, 0u8..4).prop_map(|(n, to)| Op::Transfer { n, to }),
		(0u8..6, 0u8..10).prop_map(|(n, key)| Op::Rotate { n, key }),
		(0u8..6).prop_map(|n| Op::Deregister { n }),
		(0u8..6, 0u8..8, proptest::option::of(0u8..3)).prop_map(|(n, by, expires_in)| Op::Grant {
			n,
			by,
			expires_in
		}),
		(0u8..6, 0u8..8).prop_map(|(n, by)| Op::Revoke { n, by }),
		(0u8..6, 0u16..8_000, 0u8..5).prop_map(|(n, km, year)| Op::Drive { n, km, year }),
		(0u8..6, 0u8..8, any::<bool>()).prop_map(|(n, by, battery)| Op::UseEntitlement {
			n,
			by,
			battery
		}),
		(0u16..100).prop_map(|ms| Op::Tick { ms }),
	]
}

fn account(n: u8) -> AccountId {
	n as AccountId + 1
}

/// Account `by` (0..4), or for 4 and above the vehicle's current (or last) owner, so that
/// owners' calls mostly come from owners.
fn caller(by: u8, n: u8) -> AccountId {
	match pallet::Vehicles::<Test>::get(vid(n)) {
		Some(v) if by >= 4 => v.owner,
		_ => account(by % 4),
	}
}

/// Applies `ops`, checking after each that the invariants hold and that a failed call
/// changed nothing.
fn run(ops: alloc::vec::Vec<Op>) -> Result<(), TestCaseError> {
	for op in ops {
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let result = match op.clone() {
			Op::Register { n, key: k, owner } => {
				Registry::register(registrar(), vid(n), key(k), 1, START_MS, account(owner), None)
			},
			Op::Transfer { n, to } => {
				Registry::transfer_ownership(registrar(), vid(n), account(to))
			},
			Op::Rotate { n, key: k } => Registry::rotate_device_key(registrar(), vid(n), key(k)),
			Op::Deregister { n } => Registry::deregister(registrar(), vid(n)),
			Op::Grant { n, by, expires_in } => Registry::grant_consent(
				RuntimeOrigin::signed(caller(by, n)),
				vid(n),
				expires_in.map(|e| MockTime::now_ms() + e as Moment * 10 + 1),
			),
			Op::Revoke { n, by } => {
				Registry::revoke_consent(RuntimeOrigin::signed(caller(by, n)), vid(n))
			},
			Op::Drive { n, km, year } => {
				drive(n, km as Meters * 1_000, START_MS + year as Moment * YEAR);
				Ok(())
			},
			Op::UseEntitlement { n, by, battery } => {
				let kind = if battery {
					EntitlementKind::BatteryUpgrade
				} else {
					EntitlementKind::LidarUpgrade
				};
				<Registry as Entitlements<_>>::use_entitlement(&caller(by, n), &vid(n), kind)
			},
			Op::Tick { ms } => {
				MockTime::set_ms(MockTime::now_ms() + ms as Moment);
				Ok(())
			},
		};
		if result.is_err() {
			prop_assert_eq!(
				root,
				sp_io::storage::root(sp_runtime::StateVersion::V1),
				"failed {:?} changed storage",
				op
			);
		}
		if let Err(e) = Registry::do_try_state() {
			return Err(TestCaseError::fail(format!("after {op:?}: {e:?}")));
		}
		// Mining agrees with the records.
		for n in 0u8..6 {
			if let Some(v) = pallet::Vehicles::<Test>::get(vid(n)) {
				let now = MockTime::now_ms();
				prop_assert_eq!(
					mining(n, now).is_ok(),
					v.consent.is_some_and(|c| c.is_valid_at(now))
				);
			}
		}
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]
	#[test]
	fn invariants_hold_after_every_operation(
		ops in proptest::collection::vec(op(), 1..60)
	) {
		let mut result = Ok(());
		// Three genesis vehicles (the angels), so that early operations find vehicles.
		ExtBuilder::default()
			.vehicle(0, account(0), None)
			.vehicle(1, account(1), Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
			.vehicle(2, account(1), None)
			.build_and_execute(|| result = run(ops));
		result?;
	}
}
