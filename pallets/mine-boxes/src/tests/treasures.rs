//! Treasures: who receives what, and the stones cap.

use super::*;

#[test]
fn rights_and_crystals_go_to_the_winner() {
	build_and_execute(|| {
		let r = create(only(Treasure::Right { right: 42, quantity: 3 }));
		let c = create(only(Treasure::Crystals(17)));
		let outcome = buy_and_reveal(FAN, r);
		assert_eq!(outcome.treasure, Treasure::Right { right: 42, quantity: 3 });
		assert_eq!(Rights::<Test>::get(FAN, 42), 3);
		assert_eq!(MineBoxes::rights_of(&FAN), vec![(42, 3)]);
		let outcome = buy_and_reveal(FAN, c);
		assert_eq!((outcome.treasure, outcome.fallback), (Treasure::Crystals(17), None));
		assert_eq!(MockWorld::crystals(FAN), 17);
	});
}

#[test]
fn stones_go_only_to_certified_owners() {
	build_and_execute(|| {
		let t = create(only(Treasure::Stones(100)));
		let outcome = buy_and_reveal(OWNER, t);
		assert_eq!((outcome.treasure, outcome.fallback), (Treasure::Stones(100), None));
		assert_eq!(Balances::free_balance(OWNER), 100);
		assert_eq!(StonesGiven::<Test>::get(), 100);

		let outcome = buy_and_reveal(FAN, t);
		assert_eq!(outcome.treasure, Treasure::Right { right: 9, quantity: 2 });
		assert_eq!(outcome.fallback, Some(FallbackReason::NotCertifiedOwner));
		assert_eq!(Balances::free_balance(FAN), 0, "a non-owner never receives stones");
		assert_eq!(Rights::<Test>::get(FAN, 9), 2);
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), 100);
	});
}

#[test]
fn when_the_pool_cannot_pay_the_fallback_applies_and_the_cap_holds() {
	build_and_execute(|| {
		let t = create(only(Treasure::Stones(400)));
		assert_eq!(buy_and_reveal(OWNER, t).fallback, None);
		assert_eq!(buy_and_reveal(OWNER2, t).fallback, None);
		// 800 of 1,000 issued: 400 more do not fit.
		let outcome = buy_and_reveal(OWNER, t);
		assert_eq!(outcome.fallback, Some(FallbackReason::PoolCannotPay));
		assert_eq!(outcome.treasure, Treasure::Right { right: 9, quantity: 2 });
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), 800);
		assert_eq!(Balances::free_balance(OWNER), 400);
		assert_eq!(StonesGiven::<Test>::get(), 800);
		// A draw that fits the remainder is still paid.
		let small = create(only(Treasure::Stones(200)));
		assert_eq!(buy_and_reveal(OWNER, small).fallback, None);
		assert_eq!(pallet_stones::Issued::<Test>::get(Pool::Cultivation), CULTIVATION_CAP);
		assert_eq!(buy_and_reveal(OWNER, small).fallback, Some(FallbackReason::PoolCannotPay));
	});
}
