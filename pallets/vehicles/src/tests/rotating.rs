//! Rotating a vehicle's device key.

use super::*;

#[test]
fn the_registrar_replaces_a_device_key() {
	ExtBuilder::default()
		.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
		.build_and_execute(|| {
			let new_key = DeviceKey::Ed25519(ed25519::Public::from_raw([7; 32]));
			assert_ok!(Registry::rotate_device_key(registrar(), vid(1), new_key.clone()));
			assert_eq!(key_owner(key(1)), None);
			assert_eq!(key_owner(new_key.clone()), Some(vid(1)));
			assert_eq!(mining(1, START_MS).map(|m| m.device_key), Ok(new_key.clone()));
			assert_eq!(
				vehicle_events(),
				vec![Event::DeviceKeyRotated { vehicle: vid(1), device_key: new_key }]
			);
			// The old key is free for another vehicle.
			register(2, BOB);
			assert_ok!(Registry::rotate_device_key(registrar(), vid(2), key(1)));
		});
}

#[test]
fn only_the_registrar_rotates() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_noop!(
			Registry::rotate_device_key(RuntimeOrigin::signed(ALICE), vid(1), key(9)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_unknown_vehicle_is_not_rotated() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::rotate_device_key(registrar(), vid(1), key(9)),
			Error::<Test>::UnknownVehicle
		);
	});
}

#[test]
fn a_deregistered_vehicle_is_not_rotated() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		assert_noop!(
			Registry::rotate_device_key(registrar(), vid(1), key(9)),
			Error::<Test>::VehicleDeregistered
		);
	});
}

#[test]
fn a_key_in_use_is_not_taken() {
	ExtBuilder::default()
		.vehicle(1, ALICE, None)
		.vehicle(2, BOB, None)
		.build_and_execute(|| {
			assert_noop!(
				Registry::rotate_device_key(registrar(), vid(1), key(2)),
				Error::<Test>::DeviceKeyInUse
			);
			assert_noop!(
				Registry::rotate_device_key(registrar(), vid(1), key(1)),
				Error::<Test>::DeviceKeyInUse
			);
		});
}

#[test]
fn a_malformed_p256_key_is_refused_and_a_valid_one_taken() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		let mut off_curve = [0xff; 33];
		off_curve[0] = 2;
		let bad = DeviceKey::P256(csop_primitives::P256Public(off_curve));
		assert_noop!(
			Registry::rotate_device_key(registrar(), vid(1), bad),
			Error::<Test>::InvalidDeviceKey
		);
		assert_ok!(Registry::rotate_device_key(registrar(), vid(1), p256_key()));
		assert_eq!(key_owner(p256_key()), Some(vid(1)));
	});
}
