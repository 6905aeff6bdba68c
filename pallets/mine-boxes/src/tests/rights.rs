//! Rights won from boxes, and using them.

use super::*;

#[test]
fn use_right_consumes_won_rights() {
	build_and_execute(|| {
		let r = create(only(Treasure::Right { right: 42, quantity: 3 }));
		buy_and_reveal(FAN, r);
		assert_ok!(MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 2));
		assert_eq!(Rights::<Test>::get(FAN, 42), 1);
		assert_eq!(
			box_events().last(),
			Some(&Event::RightUsed { who: FAN, right: 42, quantity: 2 })
		);
		assert_ok!(MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 1));
		assert!(!Rights::<Test>::contains_key(FAN, 42), "an emptied right is removed");
	});
}

#[test]
fn use_right_refuses_bad_input() {
	build_and_execute(|| {
		let r = create(only(Treasure::Right { right: 42, quantity: 1 }));
		buy_and_reveal(FAN, r);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(FAN), FAN, 42, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 0),
			Error::<Test>::ZeroQuantity
		);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 42, 2),
			Error::<Test>::InsufficientRights
		);
		assert_noop!(
			MineBoxes::use_right(RuntimeOrigin::signed(OPERATOR), FAN, 43, 1),
			Error::<Test>::InsufficientRights
		);
	});
}
