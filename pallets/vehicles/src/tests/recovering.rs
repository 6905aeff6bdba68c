//! Account recovery: a lost account's vehicles pass to its owner's new account, nothing reset.

use super::*;
use csop_primitives::{MoveStep, RecoverHoldings};

fn move_vehicles(
	lost: AccountId,
	rescuer: AccountId,
	budget: u32,
) -> Result<MoveStep, DispatchError> {
	<Registry as RecoverHoldings<AccountId>>::move_holdings(&lost, &rescuer, 0, budget)
}

#[test]
fn recovery_moves_the_vehicles_oldest_first_and_resets_nothing() {
	let consent = Consent { granted_at_ms: START_MS, expires_at_ms: None };
	ExtBuilder::default()
		.vehicle(1, ALICE, Some(consent))
		.vehicle(2, ALICE, None)
		.vehicle(3, ALICE, Some(consent))
		.build_and_execute(|| {
			let before = [1, 2, 3].map(record);
			assert!(<Registry as RecoverHoldings<AccountId>>::holds_any(&ALICE));
			assert!(!<Registry as RecoverHoldings<AccountId>>::holds_any(&BOB));

			let step = move_vehicles(ALICE, BOB, 2).unwrap();
			assert_eq!((step.used, step.next, step.waiting), (2, Some(0), false));
			assert_eq!(step.weight, <() as WeightInfo>::recover_vehicles(2));
			assert_eq!((list(ALICE), list(BOB)), (vec![vid(3)], vec![vid(1), vid(2)]));

			let step = move_vehicles(ALICE, BOB, 2).unwrap();
			assert_eq!((step.used, step.next), (1, None));
			assert!(!OwnerVehicles::<Test>::contains_key(ALICE));
			assert_eq!(list(BOB), vec![vid(1), vid(2), vid(3)]);
			// Consent, angel rights and all else stay; mining was not told (nothing to settle:
			// the rewards are the vehicle's and the same person claims them).
			for (n, old) in [1u8, 2, 3].into_iter().zip(before) {
				assert_eq!(record(n), Vehicle { owner: BOB, ..old });
			}
			assert!(MockVehicleChange::calls().is_empty());
			assert_eq!(mining(1, START_MS).map(|m| m.owner), Ok(BOB));
			assert_eq!(
				vehicle_events(),
				[1, 2, 3]
					.map(|n| Event::OwnerRecovered { vehicle: vid(n), from: ALICE, to: BOB })
					.to_vec()
			);
			// Nothing left: an empty step.
			let step = move_vehicles(ALICE, BOB, 2).unwrap();
			assert_eq!((step.used, step.next), (0, None));
			assert!(!<Registry as VehicleOwnership<_>>::is_certified_owner(&ALICE));
			assert!(<Registry as VehicleOwnership<_>>::is_certified_owner(&BOB));
		});
}

#[test]
fn recovery_refuses_to_overfill_the_new_accounts_list() {
	ExtBuilder::default()
		.vehicle(1, ALICE, None)
		.vehicle(2, BOB, None)
		.vehicle(3, BOB, None)
		.vehicle(4, BOB, None)
		.build_and_execute(|| {
			assert_noop!(move_vehicles(ALICE, BOB, 1), Error::<Test>::TooManyVehicles);
		});
}
