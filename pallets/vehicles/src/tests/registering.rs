//! Registering vehicles, by the registrar and at genesis.

use super::*;

#[test]
fn registrar_registers_a_vehicle_to_its_certified_owner() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::register(
			registrar(),
			vid(1),
			key(1),
			7,
			START_MS - 5,
			ALICE,
			Some(2)
		));
		assert_eq!(
			record(1),
			Vehicle {
				owner: ALICE,
				device_key: key(1),
				model: 7,
				activated_at_ms: START_MS - 5,
				consent: None,
				angel_number: Some(2),
				angel_ended_at_ms: None,
			}
		);
		assert_eq!(list(ALICE), vec![vid(1)]);
		assert_eq!(key_owner(key(1)), Some(vid(1)));
		assert_eq!(RegisteredCount::<Test>::get(), 1);
		assert_eq!(AngelCount::<Test>::get(), 1);
		assert_eq!(
			vehicle_events(),
			vec![Event::VehicleRegistered {
				vehicle: vid(1),
				owner: ALICE,
				model: 7,
				angel_number: Some(2)
			}]
		);
	});
}

#[test]
fn sr25519_ed25519_ecdsa_and_p256_device_keys_are_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let keys = [
			DeviceKey::Sr25519(sp_keyring::Sr25519Keyring::Alice.public()),
			DeviceKey::Ed25519(sp_keyring::Ed25519Keyring::Alice.public()),
			DeviceKey::Ecdsa(ecdsa::Public::from_raw([2; 33])),
			p256_key(),
		];
		for (n, device_key) in keys.into_iter().enumerate() {
			let id = vid(n as u8);
			let owner = 10 + n as AccountId;
			assert_ok!(Registry::register(registrar(), id, device_key.clone(), 1, 0, owner, None));
			assert_eq!(key_owner(device_key.clone()), Some(id));
			assert_eq!(Registry::vehicle_details(id).map(|d| d.device_key), Some(device_key));
		}
	});
}

#[test]
fn an_owner_may_have_several_vehicles() {
	ExtBuilder::default().build_and_execute(|| {
		for n in 1..=MAX_VEHICLES as u8 {
			register(n, ALICE);
		}
		assert_eq!(list(ALICE), vec![vid(1), vid(2), vid(3)]);
		assert_eq!(Registry::vehicles_of(&ALICE), list(ALICE));
	});
}

#[test]
fn only_the_registrar_registers() {
	ExtBuilder::default().build_and_execute(|| {
		for origin in [RuntimeOrigin::signed(ALICE), RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				Registry::register(origin, vid(1), key(1), 1, START_MS, ALICE, None),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn an_id_is_registered_once() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_noop!(
			Registry::register(registrar(), vid(1), key(9), 1, START_MS, BOB, None),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn a_deregistered_id_is_never_reused() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		assert_noop!(
			Registry::register(registrar(), vid(1), key(1), 1, START_MS, ALICE, None),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn a_device_key_belongs_to_one_vehicle() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_noop!(
			Registry::register(registrar(), vid(2), key(1), 1, START_MS, BOB, None),
			Error::<Test>::DeviceKeyInUse
		);
	});
}

#[test]
fn a_deregistered_vehicles_key_is_free_again() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		assert_ok!(Registry::register(registrar(), vid(2), key(1), 1, START_MS, BOB, None));
		assert_eq!(key_owner(key(1)), Some(vid(2)));
	});
}

#[test]
fn malformed_p256_device_keys_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let mut off_curve = [0xff; 33];
		off_curve[0] = 3;
		let mut uncompressed_prefix = [0x11; 33];
		uncompressed_prefix[0] = 4;
		for raw in [off_curve, uncompressed_prefix, [0; 33]] {
			let key = DeviceKey::P256(csop_primitives::P256Public(raw));
			assert_noop!(
				Registry::register(registrar(), vid(1), key, 1, START_MS, ALICE, None),
				Error::<Test>::InvalidDeviceKey
			);
		}
	});
}

#[test]
fn an_owner_has_at_most_max_vehicles() {
	ExtBuilder::default().build_and_execute(|| {
		for n in 1..=MAX_VEHICLES as u8 {
			register(n, ALICE);
		}
		assert_noop!(
			Registry::register(registrar(), vid(9), key(9), 1, START_MS, ALICE, None),
			Error::<Test>::TooManyVehicles
		);
	});
}

#[test]
fn the_registered_counter_never_overflows() {
	ExtBuilder::default().build_and_execute(|| {
		RegisteredCount::<Test>::put(u32::MAX);
		assert_noop!(
			Registry::register(registrar(), vid(1), key(1), 1, START_MS, ALICE, None),
			Error::<Test>::Overflow
		);
		RegisteredCount::<Test>::put(0);
	});
}

#[test]
fn genesis_registers_vehicles_with_their_consent() {
	let consent = Consent { granted_at_ms: 5, expires_at_ms: None };
	ExtBuilder::default()
		.vehicle(1, ALICE, Some(consent))
		.vehicle(2, BOB, None)
		.build_and_execute(|| {
			assert_eq!(record(1).consent, Some(consent));
			assert_eq!(record(1).angel_number, Some(1));
			assert_eq!(record(2).consent, None);
			assert_eq!(record(2).angel_number, Some(2));
			assert_eq!(RegisteredCount::<Test>::get(), 2);
			assert!(mining(1, START_MS).is_ok());
		});
}

#[test]
#[should_panic(expected = "genesis vehicles must have distinct ids, device keys and angel numbers")]
fn genesis_with_a_duplicate_vehicle_does_not_build() {
	ExtBuilder::default().vehicle(1, ALICE, None).vehicle(1, BOB, None).build();
}

#[test]
fn genesis_config_round_trips_through_json() {
	let config = pallet::GenesisConfig::<Test> {
		vehicles: vec![GenesisVehicle {
			id: vid(1),
			device_key: key(1),
			model: 3,
			activated_at_ms: 9,
			owner: ALICE,
			consent: Some(Consent { granted_at_ms: 1, expires_at_ms: Some(2) }),
			angel_number: Some(3),
		}],
	};
	let json = frame_support::__private::serde_json::to_string(&config).unwrap();
	assert!(json.contains("activatedAtMs"), "{json}");
	let back: pallet::GenesisConfig<Test> =
		frame_support::__private::serde_json::from_str(&json).unwrap();
	assert_eq!(back.vehicles, config.vehicles);
}

#[test]
fn max_vehicles_per_owner_is_not_zero() {
	ExtBuilder::default().build_and_execute(|| {
		<Registry as Hooks<u64>>::integrity_test();
	});
}
