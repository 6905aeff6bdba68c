//! Using an earned entitlement, and getting it back.

use super::*;

const LIDAR: EntitlementKind = EntitlementKind::LidarUpgrade;
const BATTERY: EntitlementKind = EntitlementKind::BatteryUpgrade;

/// The first of `who`'s vehicles with an unused entitlement of `kind`.
pub(super) fn available(who: AccountId, kind: EntitlementKind) -> Option<VehicleId> {
	<Registry as VehicleOwnership<_>>::owned_vehicles(&who)
		.into_iter()
		.map(|v| v.id)
		.find(|id| <Registry as Entitlements<_>>::is_available(id, kind))
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
