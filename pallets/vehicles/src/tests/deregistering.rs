//! Deregistering vehicles.

use super::*;

#[test]
fn deregistering_settles_first_and_leaves_a_tombstone() {
	ExtBuilder::default()
		.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
		.vehicle(2, ALICE, None)
		.build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_eq!(
				MockVehicleChange::calls(),
				vec![ChangeCall::Deregistered {
					vehicle: vid(1),
					owner: ALICE,
					stored_active: true
				}]
			);
			let tombstone = record(1);
			assert_eq!(tombstone.status, VehicleStatus::Deregistered);
			assert_eq!(tombstone.owner, ALICE);
			assert_eq!(tombstone.consent, None);
			assert_eq!(tombstone.angel_number, Some(1));
			assert_eq!(list(ALICE), vec![vid(2)]);
			assert_eq!(key_owner(key(1)), None);
			assert_eq!(
				vehicle_events(),
				vec![Event::VehicleDeregistered { vehicle: vid(1), owner: ALICE }]
			);
			assert_eq!(
				<Registry as VehicleOwnership<_>>::owned_vehicles(&ALICE),
				vec![OwnedVehicle { id: vid(2), model: 1, activated_at_ms: START_MS }]
			);
		});
}

#[test]
fn only_the_registrar_deregisters() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_noop!(
			Registry::deregister(RuntimeOrigin::signed(ALICE), vid(1)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_unknown_vehicle_is_not_deregistered() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Registry::deregister(registrar(), vid(1)), Error::<Test>::UnknownVehicle);
	});
}

#[test]
fn a_vehicle_is_deregistered_once() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		assert_noop!(Registry::deregister(registrar(), vid(1)), Error::<Test>::VehicleDeregistered);
		assert_eq!(MockVehicleChange::calls().len(), 1);
	});
}
