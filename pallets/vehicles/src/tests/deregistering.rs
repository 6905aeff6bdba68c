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
			// Nothing but the id's tombstone is kept: no owner, device key, model, consent.
			assert_eq!(pallet::Vehicles::<Test>::get(vid(1)), None);
			assert!(Tombstones::<Test>::contains_key(vid(1)));
			// Its angel number stays taken.
			assert_eq!(AngelNumbers::<Test>::get(1), Some(vid(1)));
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

#[test]
fn deregistration_forgets_the_cars_angel_mileage_and_entitlements() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		drive(1, THRESHOLD + 1, START_MS + 1);
		drive(1, 1_000, START_MS + YEAR);
		assert_eq!(AngelMileage::<Test>::iter_prefix(vid(1)).count(), 2);
		assert_eq!(VehicleEntitlements::<Test>::iter_prefix(vid(1)).count(), 1);
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		assert_eq!(AngelMileage::<Test>::iter_prefix(vid(1)).count(), 0);
		assert_eq!(VehicleEntitlements::<Test>::iter_prefix(vid(1)).count(), 0);
		assert_eq!(Registry::vehicle_details(vid(1)), None);
		// The id cannot be registered again, and everything refuses it as deregistered.
		assert_noop!(
			Registry::register(registrar(), vid(1), key(7), 1, START_MS, BOB, None),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			Registry::grant_consent(RuntimeOrigin::signed(ALICE), vid(1), None),
			Error::<Test>::VehicleDeregistered
		);
		assert_eq!(mining(1, START_MS), Err(MiningRefusal::Deregistered));
		// An entitlement used before the deregistration is not restored to a car that is gone.
		Registry::do_restore_entitlement(vid(1), EntitlementKind::LidarUpgrade);
		assert_eq!(VehicleEntitlements::<Test>::iter_prefix(vid(1)).count(), 0);
	});
}
