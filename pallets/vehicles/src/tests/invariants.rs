//! The invariants (`do_try_state`) catch broken state.

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
