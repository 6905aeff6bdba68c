//! What the `VehicleRegistry` tells mileage mining.

use super::*;

#[test]
fn an_unknown_vehicle_is_not_mined() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(mining(1, START_MS), Err(MiningRefusal::UnknownVehicle));
	});
}

#[test]
fn a_deregistered_vehicle_is_not_mined() {
	ExtBuilder::default()
		.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
		.build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_eq!(mining(1, START_MS), Err(MiningRefusal::Deregistered));
		});
}

#[test]
fn a_vehicle_without_consent_is_not_mined() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_eq!(mining(1, START_MS), Err(MiningRefusal::NoConsent));
	});
}

#[test]
fn a_vehicle_is_mined_until_its_consent_expires() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		grant(ALICE, 1, Some(START_MS + 100));
		assert_eq!(
			mining(1, START_MS + 99),
			Ok(MiningVehicle { owner: ALICE, device_key: key(1), consent_since_ms: START_MS })
		);
		assert_eq!(mining(1, START_MS + 100), Err(MiningRefusal::ConsentExpired));
		assert_eq!(mining(1, START_MS + 1_000), Err(MiningRefusal::ConsentExpired));
	});
}

#[test]
fn owned_vehicles_are_the_active_ones() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::register(registrar(), vid(1), key(1), 4, 11, ALICE, None));
		assert_ok!(Registry::register(registrar(), vid(2), key(2), 5, 22, ALICE, None));
		assert_ok!(Registry::register(registrar(), vid(3), key(3), 6, 33, BOB, None));
		assert_ok!(Registry::deregister(registrar(), vid(2)));
		assert_eq!(
			<Registry as VehicleOwnership<_>>::owned_vehicles(&ALICE),
			vec![OwnedVehicle { id: vid(1), model: 4, activated_at_ms: 11 }]
		);
		// One vehicle by id: only an active one the account owns.
		let one = |who, n| <Registry as VehicleOwnership<_>>::owned_vehicle(&who, &vid(n));
		assert_eq!(one(ALICE, 1), Some(OwnedVehicle { id: vid(1), model: 4, activated_at_ms: 11 }));
		assert_eq!(one(ALICE, 2), None, "deregistered");
		assert_eq!(one(ALICE, 3), None, "Bob's");
		assert_eq!(one(ALICE, 4), None, "never registered");
		assert!(<Registry as VehicleOwnership<_>>::owned_vehicles(&CHARLIE).is_empty());
		assert!(!<Registry as VehicleOwnership<_>>::is_certified_owner(&CHARLIE));
	});
}
