//! Owners' consent to mine their vehicles' data: granting and revoking it.

use super::*;

#[test]
fn the_owner_grants_consent_until_an_expiry() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		MockTime::set_ms(START_MS + 10);
		grant(ALICE, 1, Some(START_MS + 1_000));
		assert_eq!(
			record(1).consent,
			Some(Consent { granted_at_ms: START_MS + 10, expires_at_ms: Some(START_MS + 1_000) })
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
fn a_grant_while_consent_is_live_continues_it_with_the_new_expiry() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		grant(ALICE, 1, Some(START_MS + 1_000));
		MockTime::set_ms(START_MS + 20);
		grant(ALICE, 1, None);
		assert_eq!(
			record(1).consent,
			Some(Consent { granted_at_ms: START_MS, expires_at_ms: None })
		);
		assert_eq!(mining(1, u64::MAX).map(|v| v.consent_since_ms), Ok(START_MS));
		// Shortening it continues it too.
		MockTime::set_ms(START_MS + 30);
		grant(ALICE, 1, Some(START_MS + 40));
		assert_eq!(
			record(1).consent,
			Some(Consent { granted_at_ms: START_MS, expires_at_ms: Some(START_MS + 40) })
		);
	});
}

#[test]
fn a_grant_after_an_expiry_or_a_revocation_begins_a_new_consent() {
	ExtBuilder::default().vehicle(1, ALICE, None).build_and_execute(|| {
		grant(ALICE, 1, Some(START_MS + 1_000));
		// At the expiry (exclusive) the consent is no longer live.
		MockTime::set_ms(START_MS + 1_000);
		grant(ALICE, 1, None);
		assert_eq!(
			record(1).consent,
			Some(Consent { granted_at_ms: START_MS + 1_000, expires_at_ms: None })
		);
		assert_eq!(mining(1, START_MS + 999), Err(MiningRefusal::NoConsent));
		assert_eq!(mining(1, START_MS + 1_000).map(|v| v.consent_since_ms), Ok(START_MS + 1_000));
		assert_ok!(Registry::revoke_consent(RuntimeOrigin::signed(ALICE), vid(1)));
		MockTime::set_ms(START_MS + 2_000);
		grant(ALICE, 1, None);
		assert_eq!(
			record(1).consent,
			Some(Consent { granted_at_ms: START_MS + 2_000, expires_at_ms: None })
		);
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
		assert_noop!(Registry::grant_consent(registrar(), vid(1), None), Error::<Test>::NotOwner);
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
