//! The angel programme: angel numbers, and the entitlements angel vehicles earn by mileage.

use super::*;

#[test]
fn the_first_angel_vehicles_get_numbers_in_order() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		register(2, BOB);
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		register(3, BOB);
		// Deregistration did not free number 0: the fourth vehicle is not an angel.
		register(4, CHARLIE);
		assert_eq!([1, 2, 3, 4].map(|n| record(n).angel_number), [Some(0), Some(1), Some(2), None]);
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
