//! Tests of `pallet-vehicles` in its mock runtime. Every test runs through
//! `ExtBuilder::build_and_execute`, which checks the invariants afterwards.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::Hooks, weights::Weight,
};
use sp_core::{ecdsa, ed25519};
use sp_runtime::{DispatchError, DispatchResult, MultiSigner};

const YEAR: Moment = MILLIS_PER_ANGEL_YEAR;

fn registrar() -> RuntimeOrigin {
	RuntimeOrigin::signed(REGISTRAR)
}

/// Registers test vehicle `n` (key `n`, model 1, activated at `START_MS`) to `owner`.
fn register(n: u8, owner: AccountId) {
	assert_ok!(Registry::register(registrar(), vid(n), key(n), 1, START_MS, owner));
}

fn grant(owner: AccountId, n: u8, expires_at_ms: Option<Moment>) {
	assert_ok!(Registry::grant_consent(RuntimeOrigin::signed(owner), vid(n), expires_at_ms));
}

fn record(n: u8) -> VehicleOf<Test> {
	pallet::Vehicles::<Test>::get(vid(n)).expect("vehicle is registered")
}

fn list(owner: AccountId) -> alloc::vec::Vec<VehicleId> {
	OwnerVehicles::<Test>::get(owner).into_inner()
}

fn key_owner(key: MultiSigner) -> Option<VehicleId> {
	DeviceKeys::<Test>::get(DeviceKey::try_from(key).unwrap().index_hash())
}

/// Tells the registry `meters` were verified for vehicle `n`; returns the weight it used.
fn drive(n: u8, meters: Meters, at_ms: Moment) -> Weight {
	<Registry as OnMileageVerified>::on_mileage_verified(&vid(n), meters, at_ms)
}

fn mining(n: u8, at_ms: Moment) -> Result<MiningVehicle<AccountId>, MiningRefusal> {
	<Registry as VehicleRegistry<AccountId>>::mining_vehicle(&vid(n), at_ms)
}

fn entitlement(n: u8, kind: EntitlementKind) -> Option<Entitlement> {
	VehicleEntitlements::<Test>::get(vid(n), kind)
}

fn earned_events() -> alloc::vec::Vec<Event<Test>> {
	vehicle_events()
		.into_iter()
		.filter(|e| matches!(e, Event::EntitlementEarned { .. }))
		.collect()
}

mod owner_accounts {
	use super::*;

	/// An account that is not on chain yet.
	const DAVE: AccountId = 44;

	#[test]
	fn a_certified_owner_exists_on_chain_while_owning_a_vehicle() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(System::providers(&DAVE), 0);
			register(1, DAVE);
			register(2, DAVE);
			assert_eq!(System::providers(&DAVE), 1, "one reference however many vehicles");
			assert!(System::account_exists(&DAVE));
			// The buyer's account comes to exist with the sale; the seller's stays for car 2.
			assert_ok!(Registry::transfer_ownership(registrar(), vid(1), CHARLIE));
			assert_eq!((System::providers(&DAVE), System::providers(&CHARLIE)), (1, 1));
			// Mining pays claims to the current owner, consent or not.
			let owner_of = <Registry as VehicleRegistry<AccountId>>::owner_of;
			assert_eq!((owner_of(&vid(1)), owner_of(&vid(2))), (Some(CHARLIE), Some(DAVE)));
			assert_ok!(Registry::deregister(registrar(), vid(2)));
			assert_eq!(owner_of(&vid(2)), None, "a deregistered vehicle has no owner to pay");
			assert_eq!(System::providers(&DAVE), 0, "no vehicle, no reference");
			assert!(!System::account_exists(&DAVE));
		});
	}
}

mod registering {
	use super::*;

	#[test]
	fn registrar_registers_a_vehicle_to_its_certified_owner() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registry::register(registrar(), vid(1), key(1), 7, START_MS - 5, ALICE));
			assert_eq!(
				record(1),
				Vehicle {
					owner: ALICE,
					device_key: DeviceKey::try_from(key(1)).unwrap(),
					model: 7,
					activated_at_ms: START_MS - 5,
					status: VehicleStatus::Active,
					consent: None,
					angel_number: Some(0),
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
					angel_number: Some(0)
				}]
			);
		});
	}

	#[test]
	fn sr25519_ed25519_and_ecdsa_device_keys_are_accepted() {
		ExtBuilder::default().build_and_execute(|| {
			let keys = [
				MultiSigner::Sr25519(sp_keyring::Sr25519Keyring::Alice.public()),
				MultiSigner::Ed25519(sp_keyring::Ed25519Keyring::Alice.public()),
				MultiSigner::Ecdsa(ecdsa::Public::from_raw([2; 33])),
			];
			for (n, device_key) in keys.into_iter().enumerate() {
				let id = vid(n as u8);
				assert_ok!(Registry::register(registrar(), id, device_key.clone(), 1, 0, BOB));
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
			for origin in
				[RuntimeOrigin::signed(ALICE), RuntimeOrigin::root(), RuntimeOrigin::none()]
			{
				assert_noop!(
					Registry::register(origin, vid(1), key(1), 1, START_MS, ALICE),
					DispatchError::BadOrigin
				);
			}
		});
	}

	#[test]
	fn an_id_is_registered_once() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::register(registrar(), vid(1), key(9), 1, START_MS, BOB),
				Error::<Test>::AlreadyRegistered
			);
		});
	}

	#[test]
	fn a_deregistered_id_is_never_reused() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_noop!(
				Registry::register(registrar(), vid(1), key(1), 1, START_MS, ALICE),
				Error::<Test>::AlreadyRegistered
			);
		});
	}

	#[test]
	fn a_device_key_belongs_to_one_vehicle() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::register(registrar(), vid(2), key(1), 1, START_MS, BOB),
				Error::<Test>::DeviceKeyInUse
			);
		});
	}

	#[test]
	fn a_deregistered_vehicles_key_is_free_again() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_ok!(Registry::register(registrar(), vid(2), key(1), 1, START_MS, BOB));
			assert_eq!(key_owner(key(1)), Some(vid(2)));
		});
	}

	#[test]
	fn eth_device_keys_are_refused() {
		ExtBuilder::default().build_and_execute(|| {
			let eth = MultiSigner::Eth(ecdsa::KeccakPublic::from_raw([3; 33]));
			assert_noop!(
				Registry::register(registrar(), vid(1), eth, 1, START_MS, ALICE),
				Error::<Test>::UnsupportedDeviceKey
			);
		});
	}

	#[test]
	fn an_owner_has_at_most_max_vehicles() {
		ExtBuilder::default().build_and_execute(|| {
			for n in 1..=MAX_VEHICLES as u8 {
				register(n, ALICE);
			}
			assert_noop!(
				Registry::register(registrar(), vid(9), key(9), 1, START_MS, ALICE),
				Error::<Test>::TooManyVehicles
			);
		});
	}

	#[test]
	fn the_registered_counter_never_overflows() {
		ExtBuilder::default().build_and_execute(|| {
			RegisteredCount::<Test>::put(u32::MAX);
			assert_noop!(
				Registry::register(registrar(), vid(1), key(1), 1, START_MS, ALICE),
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
				assert_eq!(record(1).angel_number, Some(0));
				assert_eq!(record(2).consent, None);
				assert_eq!(record(2).angel_number, Some(1));
				assert_eq!(RegisteredCount::<Test>::get(), 2);
				assert!(mining(1, START_MS).is_ok());
			});
	}

	#[test]
	#[should_panic(expected = "genesis vehicles must have distinct ids and device keys")]
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
}

mod transferring {
	use super::*;

	#[test]
	fn a_sale_settles_to_the_seller_then_moves_the_vehicle_and_resets_consent() {
		ExtBuilder::default()
			.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
			.vehicle(2, ALICE, None)
			.build_and_execute(|| {
				assert_ok!(Registry::transfer_ownership(registrar(), vid(1), BOB));
				// Mileage mining was told while ALICE still owned the vehicle.
				assert_eq!(
					MockVehicleChange::calls(),
					vec![ChangeCall::OwnerChange {
						vehicle: vid(1),
						old_owner: ALICE,
						stored_owner: Some(ALICE)
					}]
				);
				assert_eq!(record(1).owner, BOB);
				assert_eq!(record(1).consent, None);
				assert_eq!(list(ALICE), vec![vid(2)]);
				assert_eq!(list(BOB), vec![vid(1)]);
				assert_eq!(
					vehicle_events(),
					vec![Event::OwnershipTransferred { vehicle: vid(1), from: ALICE, to: BOB }]
				);
				// The buyer's car is not mined until the buyer consents.
				assert_eq!(mining(1, START_MS), Err(MiningRefusal::NoConsent));
				grant(BOB, 1, None);
				assert_eq!(mining(1, START_MS).map(|m| m.owner), Ok(BOB));
			});
	}

	#[test]
	fn the_sellers_last_vehicle_leaves_no_empty_list() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::transfer_ownership(registrar(), vid(1), BOB));
			assert!(!OwnerVehicles::<Test>::contains_key(ALICE));
			assert!(!<Registry as VehicleOwnership<_>>::is_certified_owner(&ALICE));
			assert!(<Registry as VehicleOwnership<_>>::is_certified_owner(&BOB));
		});
	}

	#[test]
	fn entitlements_and_angel_status_stay_with_the_vehicle() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS);
			assert_ok!(Registry::transfer_ownership(registrar(), vid(1), BOB));
			assert_eq!(record(1).angel_number, Some(0));
			let lidar = EntitlementKind::LidarUpgrade;
			assert_eq!(<Registry as Entitlements<_>>::available(&ALICE, lidar), None);
			assert_eq!(<Registry as Entitlements<_>>::available(&BOB, lidar), Some(vid(1)));
			assert_eq!(AngelMileage::<Test>::get(vid(1), 0), THRESHOLD + 1);
		});
	}

	#[test]
	fn the_transfer_weight_includes_settling() {
		let call = Call::<Test>::transfer_ownership { vehicle: vid(1), new_owner: BOB };
		assert_eq!(
			call.get_dispatch_info().call_weight,
			<() as WeightInfo>::transfer_ownership()
				.saturating_add(MockVehicleChange::on_change_weight())
		);
		let call = Call::<Test>::deregister { vehicle: vid(1) };
		assert_eq!(
			call.get_dispatch_info().call_weight,
			<() as WeightInfo>::deregister().saturating_add(MockVehicleChange::on_change_weight())
		);
	}

	#[test]
	fn only_the_registrar_transfers() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::transfer_ownership(RuntimeOrigin::signed(ALICE), vid(1), BOB),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn an_unknown_vehicle_is_not_transferred() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registry::transfer_ownership(registrar(), vid(1), BOB),
				Error::<Test>::UnknownVehicle
			);
			assert!(MockVehicleChange::calls().is_empty());
		});
	}

	#[test]
	fn a_deregistered_vehicle_is_not_transferred() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_noop!(
				Registry::transfer_ownership(registrar(), vid(1), BOB),
				Error::<Test>::VehicleDeregistered
			);
			assert_eq!(MockVehicleChange::calls().len(), 1);
		});
	}

	#[test]
	fn a_vehicle_is_not_transferred_to_its_owner() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::transfer_ownership(registrar(), vid(1), ALICE),
				Error::<Test>::SameOwner
			);
			assert!(MockVehicleChange::calls().is_empty());
		});
	}

	#[test]
	fn a_buyer_with_max_vehicles_cannot_buy_another() {
		ExtBuilder::default()
			.vehicle(1, ALICE, None)
			.vehicle(2, BOB, None)
			.vehicle(3, BOB, None)
			.vehicle(4, BOB, None)
			.build_and_execute(|| {
				assert_noop!(
					Registry::transfer_ownership(registrar(), vid(1), BOB),
					Error::<Test>::TooManyVehicles
				);
				// Nothing was settled for a sale that did not happen.
				assert!(MockVehicleChange::calls().is_empty());
			});
	}
}

mod rotating {
	use super::*;

	#[test]
	fn the_registrar_replaces_a_device_key() {
		ExtBuilder::default()
			.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
			.build_and_execute(|| {
				let new_key = MultiSigner::Ed25519(ed25519::Public::from_raw([7; 32]));
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
	fn an_eth_key_is_refused() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			let eth = MultiSigner::Eth(ecdsa::KeccakPublic::from_raw([3; 33]));
			assert_noop!(
				Registry::rotate_device_key(registrar(), vid(1), eth),
				Error::<Test>::UnsupportedDeviceKey
			);
		});
	}
}

mod deregistering {
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
				assert_eq!(tombstone.angel_number, Some(0));
				assert_eq!(list(ALICE), vec![vid(2)]);
				assert_eq!(key_owner(key(1)), None);
				assert_eq!(
					vehicle_events(),
					vec![Event::VehicleDeregistered { vehicle: vid(1), owner: ALICE }]
				);
				assert_eq!(
					<Registry as VehicleOwnership<_>>::owned_vehicles(&ALICE),
					vec![OwnedVehicle { model: 1, activated_at_ms: START_MS }]
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
			assert_noop!(
				Registry::deregister(registrar(), vid(1)),
				Error::<Test>::VehicleDeregistered
			);
			assert_eq!(MockVehicleChange::calls().len(), 1);
		});
	}
}

mod consent {
	use super::*;

	#[test]
	fn the_owner_grants_consent_until_an_expiry() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			MockTime::set_ms(START_MS + 10);
			grant(ALICE, 1, Some(START_MS + 1_000));
			assert_eq!(
				record(1).consent,
				Some(Consent {
					granted_at_ms: START_MS + 10,
					expires_at_ms: Some(START_MS + 1_000)
				})
			);
			assert_eq!(
				vehicle_events(),
				vec![Event::ConsentGranted {
					vehicle: vid(1),
					owner: ALICE,
					expires_at_ms: Some(START_MS + 1_000)
				}]
			);
		});
	}

	#[test]
	fn a_new_grant_replaces_the_old_one() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			grant(ALICE, 1, Some(START_MS + 1_000));
			MockTime::set_ms(START_MS + 20);
			grant(ALICE, 1, None);
			assert_eq!(
				record(1).consent,
				Some(Consent { granted_at_ms: START_MS + 20, expires_at_ms: None })
			);
			assert!(mining(1, u64::MAX).is_ok());
		});
	}

	#[test]
	fn consent_needs_a_signed_origin() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::grant_consent(RuntimeOrigin::root(), vid(1), None),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Registry::revoke_consent(RuntimeOrigin::none(), vid(1)),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn only_the_owner_grants_consent() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::grant_consent(RuntimeOrigin::signed(BOB), vid(1), None),
				Error::<Test>::NotOwner
			);
			// Not even the registrar.
			assert_noop!(
				Registry::grant_consent(registrar(), vid(1), None),
				Error::<Test>::NotOwner
			);
		});
	}

	#[test]
	fn consent_for_an_unknown_vehicle_fails() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registry::grant_consent(RuntimeOrigin::signed(ALICE), vid(1), None),
				Error::<Test>::UnknownVehicle
			);
			assert_noop!(
				Registry::revoke_consent(RuntimeOrigin::signed(ALICE), vid(1)),
				Error::<Test>::UnknownVehicle
			);
		});
	}

	#[test]
	fn consent_for_a_deregistered_vehicle_fails() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_noop!(
				Registry::grant_consent(RuntimeOrigin::signed(ALICE), vid(1), None),
				Error::<Test>::VehicleDeregistered
			);
			assert_noop!(
				Registry::revoke_consent(RuntimeOrigin::signed(ALICE), vid(1)),
				Error::<Test>::VehicleDeregistered
			);
		});
	}

	#[test]
	fn an_expiry_must_be_in_the_future() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			let now = MockTime::now_ms();
			for expiry in [0, now - 1, now] {
				assert_noop!(
					Registry::grant_consent(RuntimeOrigin::signed(ALICE), vid(1), Some(expiry)),
					Error::<Test>::ExpiryInPast
				);
			}
			grant(ALICE, 1, Some(now + 1));
		});
	}

	#[test]
	fn the_owner_revokes_consent() {
		ExtBuilder::default()
			.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
			.build_and_execute(|| {
				assert_ok!(Registry::revoke_consent(RuntimeOrigin::signed(ALICE), vid(1)));
				assert_eq!(record(1).consent, None);
				assert_eq!(
					vehicle_events(),
					vec![Event::ConsentRevoked { vehicle: vid(1), owner: ALICE }]
				);
				assert_eq!(mining(1, START_MS), Err(MiningRefusal::NoConsent));
			});
	}

	#[test]
	fn nothing_to_revoke_without_consent() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(
				Registry::revoke_consent(RuntimeOrigin::signed(ALICE), vid(1)),
				Error::<Test>::NoConsent
			);
		});
	}

	#[test]
	fn only_the_owner_revokes_consent() {
		ExtBuilder::default()
			.vehicle(1, ALICE, Some(Consent { granted_at_ms: 0, expires_at_ms: None }))
			.build_and_execute(|| {
				assert_noop!(
					Registry::revoke_consent(RuntimeOrigin::signed(BOB), vid(1)),
					Error::<Test>::NotOwner
				);
			});
	}

	#[test]
	fn a_revoked_expired_consent_is_gone() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			grant(ALICE, 1, Some(START_MS + 10));
			MockTime::set_ms(START_MS + 100);
			assert_ok!(Registry::revoke_consent(RuntimeOrigin::signed(ALICE), vid(1)));
			assert_eq!(record(1).consent, None);
		});
	}
}

mod registry {
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
				Ok(MiningVehicle { owner: ALICE, device_key: key(1) })
			);
			assert_eq!(mining(1, START_MS + 100), Err(MiningRefusal::ConsentExpired));
			assert_eq!(mining(1, START_MS + 1_000), Err(MiningRefusal::ConsentExpired));
		});
	}

	#[test]
	fn owned_vehicles_are_the_active_ones() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registry::register(registrar(), vid(1), key(1), 4, 11, ALICE));
			assert_ok!(Registry::register(registrar(), vid(2), key(2), 5, 22, ALICE));
			assert_ok!(Registry::register(registrar(), vid(3), key(3), 6, 33, BOB));
			assert_ok!(Registry::deregister(registrar(), vid(2)));
			assert_eq!(
				<Registry as VehicleOwnership<_>>::owned_vehicles(&ALICE),
				vec![OwnedVehicle { model: 4, activated_at_ms: 11 }]
			);
			assert!(<Registry as VehicleOwnership<_>>::owned_vehicles(&CHARLIE).is_empty());
			assert!(!<Registry as VehicleOwnership<_>>::is_certified_owner(&CHARLIE));
		});
	}
}

mod angels {
	use super::*;

	#[test]
	fn the_first_angel_vehicles_get_numbers_in_order() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			register(2, BOB);
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			register(3, BOB);
			// Deregistration did not free number 0: the fourth vehicle is not an angel.
			register(4, CHARLIE);
			assert_eq!(
				[1, 2, 3, 4].map(|n| record(n).angel_number),
				[Some(0), Some(1), Some(2), None]
			);
			assert_eq!(AngelCount::<Test>::get(), ANGELS);
			assert_eq!(
				vehicle_events().last(),
				Some(&Event::VehicleRegistered {
					vehicle: vid(4),
					owner: CHARLIE,
					model: 1,
					angel_number: None
				})
			);
		});
	}

	#[test]
	fn the_threshold_must_be_passed_strictly() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD - 1_000, START_MS + 1);
			drive(1, 1_000, START_MS + 2);
			assert_eq!(AngelMileage::<Test>::get(vid(1), 0), THRESHOLD);
			assert!(earned_events().is_empty());
			assert_eq!(entitlement(1, EntitlementKind::LidarUpgrade), None);

			drive(1, 1, START_MS + 3);
			assert_eq!(
				entitlement(1, EntitlementKind::LidarUpgrade),
				Some(Entitlement {
					earned_in_year: 0,
					earned_at_ms: START_MS + 3,
					status: EntitlementStatus::Available
				})
			);
			assert_eq!(
				earned_events(),
				vec![Event::EntitlementEarned {
					vehicle: vid(1),
					kind: EntitlementKind::LidarUpgrade,
					year: 0
				}]
			);
		});
	}

	#[test]
	fn years_do_not_add_up() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD, START_MS + YEAR - 1);
			drive(1, THRESHOLD, START_MS + YEAR);
			assert_eq!(AngelMileage::<Test>::get(vid(1), 0), THRESHOLD);
			assert_eq!(AngelMileage::<Test>::get(vid(1), 1), THRESHOLD);
			assert!(earned_events().is_empty());
			// A late report of year 0 still counts for year 0.
			drive(1, 1, START_MS + 5);
			assert_eq!(
				entitlement(1, EntitlementKind::LidarUpgrade).map(|e| e.earned_in_year),
				Some(0)
			);
		});
	}

	#[test]
	fn reports_before_activation_are_ignored() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS - 1);
			assert_eq!(AngelMileage::<Test>::iter_prefix(vid(1)).count(), 0);
			assert!(earned_events().is_empty());
		});
	}

	#[test]
	fn lidar_in_the_first_three_years_battery_after() {
		ExtBuilder::default()
			.vehicle(1, ALICE, None)
			.vehicle(2, ALICE, None)
			.build_and_execute(|| {
				drive(1, THRESHOLD + 1, START_MS + 3 * YEAR - 1);
				assert!(entitlement(1, EntitlementKind::LidarUpgrade).is_some());
				assert!(entitlement(1, EntitlementKind::BatteryUpgrade).is_none());

				drive(2, THRESHOLD + 1, START_MS + 3 * YEAR);
				assert!(entitlement(2, EntitlementKind::LidarUpgrade).is_none());
				assert_eq!(
					entitlement(2, EntitlementKind::BatteryUpgrade).map(|e| e.earned_in_year),
					Some(3)
				);
			});
	}

	#[test]
	fn each_kind_is_earned_once() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS);
			drive(1, THRESHOLD + 1, START_MS + 1);
			drive(1, THRESHOLD + 1, START_MS + YEAR);
			drive(1, THRESHOLD + 1, START_MS + 3 * YEAR);
			drive(1, THRESHOLD + 1, START_MS + 7 * YEAR);
			let kinds: alloc::vec::Vec<_> = earned_events()
				.into_iter()
				.map(|e| match e {
					Event::EntitlementEarned { kind, year, .. } => (kind, year),
					_ => unreachable!(),
				})
				.collect();
			assert_eq!(
				kinds,
				vec![(EntitlementKind::LidarUpgrade, 0), (EntitlementKind::BatteryUpgrade, 3)]
			);
			// A used entitlement is not earned again either.
			assert_ok!(Registry::do_use_entitlement(&ALICE, vid(1), EntitlementKind::LidarUpgrade));
			drive(1, THRESHOLD + 1, START_MS + 2 * YEAR);
			assert_eq!(earned_events().len(), 2);
		});
	}

	/// Vehicles 1 to 3 (ALICE, ALICE, BOB) fill the mock's `ANGELS` angel numbers; vehicle 4
	/// (BOB) is not an angel.
	fn past_the_angels() -> ExtBuilder {
		ExtBuilder::default()
			.vehicle(1, ALICE, None)
			.vehicle(2, ALICE, None)
			.vehicle(3, BOB, None)
			.vehicle(4, BOB, None)
	}

	#[test]
	fn non_angel_vehicles_earn_nothing() {
		past_the_angels().build_and_execute(|| {
			assert_eq!(record(4).angel_number, None);
			drive(4, THRESHOLD * 2, START_MS);
			assert_eq!(AngelMileage::<Test>::iter_prefix(vid(4)).count(), 0);
			assert!(earned_events().is_empty());
			// Unknown vehicles are ignored too.
			drive(9, THRESHOLD * 2, START_MS);
			assert_eq!(AngelMileage::<Test>::iter().count(), 0);
		});
	}

	#[test]
	fn only_the_angel_path_uses_weight_beyond_the_report() {
		past_the_angels().build_and_execute(|| {
			let bound = <Registry as OnMileageVerified>::on_mileage_verified_weight();
			assert!(bound.ref_time() > 0);
			// An angel counting metres, with or without earning an entitlement.
			assert_eq!(drive(1, 1, START_MS), bound);
			assert_eq!(drive(1, THRESHOLD, START_MS + 1), bound);
			assert!(!earned_events().is_empty());
			// A non-angel, an angel's report without metres, an unknown vehicle.
			assert_eq!(drive(4, THRESHOLD, START_MS), Weight::zero());
			assert_eq!(drive(2, 0, START_MS), Weight::zero());
			assert_eq!(drive(9, THRESHOLD, START_MS), Weight::zero());
		});
	}

	#[test]
	fn deregistered_angels_earn_nothing() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			drive(1, THRESHOLD * 2, START_MS);
			assert_eq!(AngelMileage::<Test>::iter().count(), 0);
			assert!(earned_events().is_empty());
		});
	}

	#[test]
	fn huge_mileage_saturates() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, u64::MAX, START_MS);
			drive(1, u64::MAX, START_MS);
			assert_eq!(AngelMileage::<Test>::get(vid(1), 0), u64::MAX);
			drive(1, 5, u64::MAX);
			assert_eq!(earned_events().len(), 1);
		});
	}
}

mod entitlements {
	use super::*;

	const LIDAR: EntitlementKind = EntitlementKind::LidarUpgrade;
	const BATTERY: EntitlementKind = EntitlementKind::BatteryUpgrade;

	fn available(who: AccountId, kind: EntitlementKind) -> Option<VehicleId> {
		<Registry as Entitlements<_>>::available(&who, kind)
	}

	fn use_it(who: AccountId, n: u8, kind: EntitlementKind) -> DispatchResult {
		<Registry as Entitlements<_>>::use_entitlement(&who, &vid(n), kind)
	}

	#[test]
	fn the_owner_uses_and_gets_back_an_entitlement() {
		ExtBuilder::default()
			.vehicle(1, ALICE, None)
			.vehicle(2, ALICE, None)
			.build_and_execute(|| {
				assert_eq!(available(ALICE, LIDAR), None);
				drive(2, THRESHOLD + 1, START_MS);
				assert_eq!(available(ALICE, LIDAR), Some(vid(2)));
				assert_eq!(available(ALICE, BATTERY), None);

				assert_ok!(use_it(ALICE, 2, LIDAR));
				assert_eq!(entitlement(2, LIDAR).map(|e| e.status), Some(EntitlementStatus::Used));
				assert_eq!(available(ALICE, LIDAR), None);
				assert_eq!(
					vehicle_events().last(),
					Some(&Event::EntitlementUsed { vehicle: vid(2), kind: LIDAR, by: ALICE })
				);

				<Registry as Entitlements<_>>::restore_entitlement(&vid(2), LIDAR);
				assert_eq!(available(ALICE, LIDAR), Some(vid(2)));
				assert_eq!(
					vehicle_events().last(),
					Some(&Event::EntitlementRestored { vehicle: vid(2), kind: LIDAR })
				);
			});
	}

	#[test]
	fn only_the_owner_uses_an_entitlement() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS);
			assert_noop!(use_it(BOB, 1, LIDAR), Error::<Test>::NotOwner);
		});
	}

	#[test]
	fn an_unearned_entitlement_is_not_used() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS);
			assert_noop!(use_it(ALICE, 1, BATTERY), Error::<Test>::NoEntitlement);
		});
	}

	#[test]
	fn an_entitlement_is_used_once() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS);
			assert_ok!(use_it(ALICE, 1, LIDAR));
			assert_noop!(use_it(ALICE, 1, LIDAR), Error::<Test>::EntitlementAlreadyUsed);
		});
	}

	#[test]
	fn an_unknown_or_deregistered_vehicles_entitlement_is_not_used() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_noop!(use_it(ALICE, 9, LIDAR), Error::<Test>::UnknownVehicle);
			drive(1, THRESHOLD + 1, START_MS);
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			assert_noop!(use_it(ALICE, 1, LIDAR), Error::<Test>::VehicleDeregistered);
			assert_eq!(available(ALICE, LIDAR), None);
		});
	}

	#[test]
	fn a_restored_entitlement_goes_to_the_current_owner() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			drive(1, THRESHOLD + 1, START_MS);
			assert_ok!(use_it(ALICE, 1, LIDAR));
			assert_ok!(Registry::transfer_ownership(registrar(), vid(1), BOB));
			<Registry as Entitlements<_>>::restore_entitlement(&vid(1), LIDAR);
			assert_eq!(available(ALICE, LIDAR), None);
			assert_eq!(available(BOB, LIDAR), Some(vid(1)));
		});
	}
}

mod runtime_api {
	use super::*;
	use crate::runtime_api::*;

	#[test]
	fn vehicle_details_show_everything_but_the_vin() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			grant(ALICE, 1, None);
			drive(1, 1_000, START_MS + YEAR);
			drive(1, THRESHOLD + 1, START_MS);
			assert_eq!(
				Registry::vehicle_details(vid(1)),
				Some(VehicleDetails {
					owner: ALICE,
					device_key: key(1),
					model: 1,
					activated_at_ms: START_MS,
					status: VehicleStatus::Active,
					consent: Some(Consent { granted_at_ms: START_MS, expires_at_ms: None }),
					angel_number: Some(0),
					angel_mileage: vec![
						AngelYearMileage { year: 0, meters: THRESHOLD + 1 },
						AngelYearMileage { year: 1, meters: 1_000 },
					],
					entitlements: vec![EntitlementDetails {
						kind: EntitlementKind::LidarUpgrade,
						earned_in_year: 0,
						earned_at_ms: START_MS,
						status: EntitlementStatus::Available,
					}],
				})
			);
			assert_eq!(Registry::vehicle_details(vid(9)), None);
			assert_eq!(Registry::vehicles_of(&ALICE), vec![vid(1)]);
			assert!(Registry::vehicles_of(&BOB).is_empty());
		});
	}

	#[test]
	fn a_deregistered_vehicle_is_still_shown() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			assert_ok!(Registry::deregister(registrar(), vid(1)));
			let details = Registry::vehicle_details(vid(1)).unwrap();
			assert_eq!(details.status, VehicleStatus::Deregistered);
			assert!(Registry::vehicles_of(&ALICE).is_empty());
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_broken_state() {
		ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
			// Owner list without the record's owner.
			OwnerVehicles::<Test>::remove(ALICE);
			assert!(Registry::do_try_state().is_err());
			OwnerVehicles::<Test>::insert(
				ALICE,
				frame_support::BoundedVec::truncate_from(vec![vid(1)]),
			);
			assert_ok!(Registry::do_try_state());
			// A stale key entry.
			DeviceKeys::<Test>::insert([0u8; 32], vid(1));
			assert!(Registry::do_try_state().is_err());
			DeviceKeys::<Test>::remove([0u8; 32]);
			// A second angel number 0.
			AngelCount::<Test>::put(2);
			assert!(Registry::do_try_state().is_err());
			AngelCount::<Test>::put(1);
			assert_ok!(Registry::do_try_state());
		});
	}
}

mod properties {
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
			(0u8..6, 0u8..8, proptest::option::of(0u8..3))
				.prop_map(|(n, by, expires_in)| Op::Grant { n, by, expires_in }),
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
					Registry::register(registrar(), vid(n), key(k), 1, START_MS, account(owner))
				},
				Op::Transfer { n, to } => {
					Registry::transfer_ownership(registrar(), vid(n), account(to))
				},
				Op::Rotate { n, key: k } => {
					Registry::rotate_device_key(registrar(), vid(n), key(k))
				},
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
						v.is_active() && v.consent.is_some_and(|c| c.is_valid_at(now))
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
}
