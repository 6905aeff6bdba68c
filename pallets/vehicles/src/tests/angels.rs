//! The angel programme: angel numbers, and the entitlements angel vehicles earn by mileage.

use super::*;

#[test]
fn the_registrar_gives_each_place_of_the_angel_round_once() {
	// Genesis vehicle 1 holds place 1.
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		let register_angel = |n: u8, number| {
			Registry::register(registrar(), vid(n), key(n), 1, START_MS, BOB, Some(number))
		};
		// Registration order decides nothing: the last place first.
		assert_ok!(register_angel(2, ANGELS));
		assert_eq!(record(2).angel_number, Some(ANGELS));
		assert_eq!(
			vehicle_events().last(),
			Some(&Event::VehicleRegistered {
				vehicle: vid(2),
				owner: BOB,
				model: 1,
				angel_number: Some(ANGELS)
			})
		);
		// A vehicle without a place is no angel.
		register(3, BOB);
		assert_eq!(record(3).angel_number, None);
		// Places are 1..=ANGELS, each given once.
		assert_noop!(register_angel(4, 0), Error::<Test>::NotAnAngelPlace);
		assert_noop!(register_angel(4, ANGELS + 1), Error::<Test>::NotAnAngelPlace);
		assert_noop!(register_angel(4, 1), Error::<Test>::AngelNumberTaken);
		// A deregistered angel's place is not given again.
		assert_ok!(Registry::deregister(registrar(), vid(2)));
		assert_noop!(register_angel(4, ANGELS), Error::<Test>::AngelNumberTaken);
		assert_ok!(register_angel(4, 2));
		assert_eq!(AngelCount::<Test>::get(), ANGELS);
		assert_eq!(AngelNumbers::<Test>::get(2), Some(vid(4)));
	});
}

#[test]
fn driving_across_a_year_boundary_counts_for_each_year_by_time() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		// 6,000 km reported a month into year 1, driven over the year's last five months and
		// its first: five sixths count for year 0, one sixth for year 1.
		let month = YEAR / 12;
		drive_since(1, 6_000_000, START_MS + YEAR - 5 * month, START_MS + YEAR + month);
		assert_eq!(AngelMileage::<Test>::get(vid(1), 0), 5_000_000);
		assert_eq!(AngelMileage::<Test>::get(vid(1), 1), 1_000_000);
		assert!(earned_events().is_empty());
	});
}

#[test]
fn driving_cannot_be_banked_into_the_next_year_by_reporting_late() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		// 2,600 km in year 0 reported, 2,600 km more driven in year 0 but reported in year 1,
		// then 2,600 km in year 1: neither year passes 5,000 km.
		drive(1, 2_600_000, START_MS + YEAR / 2);
		drive_since(1, 2_600_000, START_MS + YEAR / 2, START_MS + YEAR);
		drive_since(1, 2_600_000, START_MS + YEAR, START_MS + YEAR + YEAR / 2);
		assert_eq!(AngelMileage::<Test>::get(vid(1), 0), 5_200_000);
		assert_eq!(AngelMileage::<Test>::get(vid(1), 1), 2_600_000);
		// Year 0 passed the threshold with its own driving: one lidar upgrade, no more.
		assert_eq!(earned_events().len(), 1);
		assert_eq!(
			entitlement(1, EntitlementKind::LidarUpgrade).map(|e| e.earned_in_year),
			Some(0)
		);
	});
}

#[test]
fn a_drive_across_two_boundaries_earns_in_both_years() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		AngelMileage::<Test>::insert(vid(1), 2, THRESHOLD);
		AngelMileage::<Test>::insert(vid(1), 3, THRESHOLD);
		let start = START_MS + 3 * YEAR;
		drive_since(1, 4, start - 1_000, start + 1_000);
		// Year 2 earns the lidar upgrade, year 3 the battery upgrade.
		assert_eq!(
			entitlement(1, EntitlementKind::LidarUpgrade).map(|e| e.earned_in_year),
			Some(2)
		);
		assert_eq!(
			entitlement(1, EntitlementKind::BatteryUpgrade).map(|e| e.earned_in_year),
			Some(3)
		);
	});
}

#[test]
fn a_sale_ends_the_angel_buyers_rights_and_the_car_keeps_what_it_earned() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		drive(1, THRESHOLD + 1, START_MS + 10);
		assert!(entitlement(1, EntitlementKind::LidarUpgrade).is_some());
		MockTime::set_ms(START_MS + 20);
		assert_ok!(Registry::transfer_ownership(registrar(), vid(1), BOB));
		assert_eq!(record(1).angel_number, Some(1));
		assert_eq!(record(1).angel_ended_at_ms, Some(START_MS + 20));
		assert_eq!(
			vehicle_events().last(),
			Some(&Event::AngelRightsEnded { vehicle: vid(1), angel_number: 1 })
		);
		// The buyer's driving earns nothing for the angel programme...
		assert_eq!(drive(1, THRESHOLD * 2, START_MS + 3 * YEAR), Weight::zero());
		assert!(entitlement(1, EntitlementKind::BatteryUpgrade).is_none());
		// ...and the entitlement the car earned is the buyer's to redeem.
		assert_ok!(Registry::do_use_entitlement(&BOB, vid(1), EntitlementKind::LidarUpgrade));
		// A second sale ends nothing more.
		assert_ok!(Registry::transfer_ownership(registrar(), vid(1), CHARLIE));
		assert_eq!(record(1).angel_ended_at_ms, Some(START_MS + 20));
		let ended = vehicle_events()
			.into_iter()
			.filter(|e| matches!(e, Event::AngelRightsEnded { .. }));
		assert_eq!(ended.count(), 1);
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
