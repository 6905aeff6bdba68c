//! Box types: creating, opening and closing them, and genesis.

use super::*;

#[test]
fn create_box_type_stores_the_table_and_emits() {
	build_and_execute(|| {
		let id = create(details());
		assert_eq!(id, 0);
		assert_eq!(NextBoxTypeId::<Test>::get(), 1);
		assert_eq!(BoxTypes::<Test>::get(0).unwrap().details(), details());
		assert_eq!(box_events().last(), Some(&Event::BoxTypeCreated { box_type: 0, price: 10 }));
		assert_eq!(create(details()), 1);
	});
}

#[test]
fn create_box_type_refuses_bad_input() {
	build_and_execute(|| {
		let gov = || RuntimeOrigin::signed(GOVERNANCE);
		let with = |f: &dyn Fn(&mut BoxTypeDetails<Balance>)| {
			let mut d = details();
			f(&mut d);
			d
		};
		assert_noop!(
			MineBoxes::create_box_type(RuntimeOrigin::signed(OWNER), details()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::create_box_type(RuntimeOrigin::none(), details()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.name = vec![b'x'; 17])),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| d.drops = vec![crystals(1, 100_000, false); 9]
					.into_iter()
					.chain([crystals(1, 100_000, false)])
					.collect())
			),
			Error::<Test>::TooManyDrops
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.price = 0)),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.drops.clear())),
			Error::<Test>::EmptyDropTable
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| d.drops = vec![crystals(1, 0, false), crystals(1, PPM, false)])
			),
			Error::<Test>::ZeroProbability
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.drops[0].ppm -= 1)),
			Error::<Test>::OddsNotOneMillion
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.drops[0].ppm += 1)),
			Error::<Test>::OddsNotOneMillion
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| d.drops[0].treasure = Treasure::Right { right: 1, quantity: 0 })
			),
			Error::<Test>::EmptyTreasure
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.fallback = None)),
			Error::<Test>::MissingFallback
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.fallback = Some(Treasure::Stones(1)))),
			Error::<Test>::StoneFallback
		);
		assert_noop!(
			MineBoxes::create_box_type(gov(), with(&|d| d.pity = Some(0))),
			Error::<Test>::BadPity
		);
		assert_noop!(
			MineBoxes::create_box_type(
				gov(),
				with(&|d| {
					d.pity = Some(3);
					d.drops.iter_mut().for_each(|e| e.rare = false);
				})
			),
			Error::<Test>::BadPity
		);
		// A table without stones needs no fallback.
		assert_ok!(MineBoxes::create_box_type(
			gov(),
			with(&|d| {
				d.drops = vec![crystals(1, PPM, false)];
				d.fallback = None;
			})
		));
	});
}

#[test]
fn set_box_type_open_closes_buying_but_not_revealing() {
	build_and_execute(|| {
		let t = create(details());
		MockWorld::set_crystals(OWNER, 100);
		let id = MineBoxes::do_buy_box(&OWNER, t).unwrap();
		assert_ok!(MineBoxes::set_box_type_open(RuntimeOrigin::signed(GOVERNANCE), t, false));
		assert_eq!(box_events().last(), Some(&Event::BoxTypeOpenSet { box_type: t, open: false }));
		assert_noop!(
			MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t),
			Error::<Test>::BoxTypeClosed
		);
		run_to_block(1 + DELAY);
		assert_ok!(MineBoxes::reveal(RuntimeOrigin::signed(OWNER), id));
		assert_ok!(MineBoxes::set_box_type_open(RuntimeOrigin::signed(GOVERNANCE), t, true));
		assert_ok!(MineBoxes::buy_box(RuntimeOrigin::signed(OWNER), t));
	});
}

#[test]
fn set_box_type_open_refuses_bad_input() {
	build_and_execute(|| {
		let t = create(details());
		assert_noop!(
			MineBoxes::set_box_type_open(RuntimeOrigin::signed(OWNER), t, false),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MineBoxes::set_box_type_open(RuntimeOrigin::signed(GOVERNANCE), 7, false),
			Error::<Test>::UnknownBoxType
		);
	});
}

#[test]
fn genesis_creates_box_types() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> { box_types: vec![details(), only(Treasure::Crystals(3))] }
		.assimilate_storage(&mut storage)
		.unwrap();
	sp_io::TestExternalities::from(storage).execute_with(|| {
		assert_eq!(NextBoxTypeId::<Test>::get(), 2);
		assert_eq!(BoxTypes::<Test>::get(1).unwrap().details(), only(Treasure::Crystals(3)));
		MineBoxes::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "genesis box types must have valid drop tables")]
fn genesis_refuses_a_bad_table() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut bad = details();
	bad.drops[0].ppm = 1;
	let _ = crate::GenesisConfig::<Test> { box_types: vec![bad] }.assimilate_storage(&mut storage);
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(MineBoxes::integrity_test);
}

use sp_runtime::BuildStorage;
