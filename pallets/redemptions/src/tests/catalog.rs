//! Listing, updating, opening and closing catalog items.

use super::*;

#[test]
fn manager_lists_an_item_with_public_price() {
	build_and_execute(|| {
		let id = list(100, Some(5), Some(1), Eligibility::default());
		let item = Items::<Test>::get(id).unwrap();
		assert_eq!(
			(item.price, item.stock, item.cash_part, item.open),
			(100, Some(5), Some(19_900), true)
		);
		assert_eq!(redemption_events(), vec![Event::ItemListed { item: id, price: 100 }]);
	});
}

#[test]
fn catalog_lists_items_by_id() {
	build_and_execute(|| {
		let a = list(100, Some(5), None, Eligibility::default());
		let b = list(7, None, Some(2), Eligibility { owners_only: true, ..Default::default() });
		let catalog = Catalog::catalog();
		assert_eq!(
			catalog.iter().map(|(id, i)| (*id, i.price)).collect::<Vec<_>>(),
			vec![(a, 100), (b, 7)]
		);
		assert_eq!(catalog[0].1.name, b"Boutique jacket".to_vec());
		assert!(catalog[1].1.eligibility.owners_only);
	});
}

#[test]
fn others_cannot_list() {
	build_and_execute(|| {
		assert_noop!(
			Catalog::list_item(RuntimeOrigin::signed(ALICE), details(1)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn name_too_long_and_zero_price_are_refused() {
	build_and_execute(|| {
		let long = vec![b'x'; 33];
		assert_noop!(
			Catalog::list_item(
				RuntimeOrigin::signed(MANAGER),
				ItemDetails { name: long, ..details(1) }
			),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			Catalog::list_item(RuntimeOrigin::signed(MANAGER), details(0)),
			Error::<Test>::ZeroPrice
		);
	});
}

#[test]
fn update_replaces_details_and_unknown_items_fail() {
	build_and_execute(|| {
		let id = list(100, None, None, Eligibility::default());
		assert_ok!(Catalog::update_item(
			RuntimeOrigin::signed(MANAGER),
			id,
			ItemDetails { name: b"OTA pack".to_vec(), stock: Some(3), ..details(80) }
		));
		assert_eq!(Items::<Test>::get(id).unwrap().price, 80);
		assert_noop!(
			Catalog::update_item(RuntimeOrigin::signed(MANAGER), 99, details(1)),
			Error::<Test>::UnknownItem
		);
	});
}

#[test]
fn open_and_close() {
	build_and_execute(|| {
		let id = list(100, None, None, Eligibility::default());
		assert_ok!(Catalog::set_item_open(RuntimeOrigin::signed(MANAGER), id, false));
		assert_eq!(redemption_events().last(), Some(&Event::ItemOpenSet { item: id, open: false }));
		assert_noop!(
			Catalog::redeem(RuntimeOrigin::signed(ALICE), id, None),
			Error::<Test>::ItemClosed
		);
		assert_noop!(
			Catalog::set_item_open(RuntimeOrigin::signed(MANAGER), 99, true),
			Error::<Test>::UnknownItem
		);
		assert_noop!(
			Catalog::set_item_open(RuntimeOrigin::signed(ALICE), id, true),
			DispatchError::BadOrigin
		);
	});
}
