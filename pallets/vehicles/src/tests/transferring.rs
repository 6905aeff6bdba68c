//! Transferring a vehicle to a new owner (a sale).

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
				vec![
					Event::OwnershipTransferred { vehicle: vid(1), from: ALICE, to: BOB },
					// Vehicle 1 is an angel: its angel buyer's rights end.
					Event::AngelRightsEnded { vehicle: vid(1), angel_number: 1 },
				]
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
fn earned_entitlements_stay_with_the_vehicle_and_angel_rights_end() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		drive(1, THRESHOLD + 1, START_MS);
		assert_ok!(Registry::transfer_ownership(registrar(), vid(1), BOB));
		assert_eq!(record(1).angel_number, Some(1));
		assert_eq!(record(1).angel_ended_at_ms, Some(START_MS));
		let lidar = EntitlementKind::LidarUpgrade;
		assert_eq!(super::entitlements::available(ALICE, lidar), None);
		assert_eq!(super::entitlements::available(BOB, lidar), Some(vid(1)));
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
