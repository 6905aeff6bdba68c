//! The runtime API's views.

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
				consent: Some(Consent { granted_at_ms: START_MS, expires_at_ms: None }),
				angel_number: Some(1),
				angel_ended_at_ms: None,
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
fn a_deregistered_vehicle_is_not_shown() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		assert_ok!(Registry::deregister(registrar(), vid(1)));
		assert_eq!(Registry::vehicle_details(vid(1)), None);
		assert!(Registry::vehicles_of(&ALICE).is_empty());
	});
}
