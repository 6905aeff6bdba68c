//! The genesis presets build the state the node starts from.

use crate::common::*;

#[test]
fn presets_are_listed_and_unknown_ones_refused() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(
		names,
		vec!["development".to_string(), "local_testnet".to_string(), "production".to_string()]
	);
	assert!(genesis_config_presets::get_preset(&"staging".into()).is_none());
}

#[test]
fn development_preset_has_one_validator_sudo_and_endowed_accounts() {
	genesis("development").execute_with(|| {
		assert_eq!(Session::validators(), vec![Alice.to_account_id()]);
		assert_eq!(Babe::authorities().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		for who in endowed() {
			assert_eq!(Balances::balance(&who.to_account_id()), DEV_ENDOWMENT, "{who:?}");
		}
		assert_eq!(Balances::total_issuance(), DEV_ENDOWMENT * endowed().len() as u128);
		assert_stones_invariants();
		// Short mileage-mining periods on development chains.
		assert_eq!(
			csop_runtime::MileageMining::reward_period(),
			genesis_config_presets::DEV_REWARD_PERIOD
		);
	});
}

#[test]
fn local_testnet_preset_has_four_validators_who_are_the_consortium() {
	genesis("local_testnet").execute_with(|| {
		let four: Vec<_> = [Alice, Bob, Charlie, Dave].iter().map(|k| k.to_account_id()).collect();
		assert_eq!(Session::validators(), four);
		assert_eq!(ValidatorSet::validators(), four);
		assert_eq!(Babe::authorities().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		let mut members = four.clone();
		members.sort();
		assert_eq!(pallet_membership::Members::<Runtime, Instance1>::get().into_inner(), members);
		assert_eq!(pallet_collective::Members::<Runtime, Instance1>::get(), members);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		// The nodes of the fixed node keys 0x..01 to 0x..04 are authorised.
		let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
		assert_eq!(nodes.len(), 4);
		for id in genesis_config_presets::FIXED_NODE_PEER_IDS {
			assert!(nodes.contains(&sp_core::OpaquePeerId(id.to_vec())));
		}
		// Eve is a registered user: she can sign (e.g. her session keys, once a validator).
		assert_eq!(
			Consortium::class_of(&Eve.to_account_id()),
			Some(pallet_consortium::AccountClass::User)
		);
		// Production's 10-minute periods.
		assert_eq!(csop_runtime::MileageMining::reward_period(), 200);
	});
}

#[test]
fn production_preset_has_no_sudo_no_endowments_and_a_governing_consortium() {
	genesis("production").execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "no sudo in production");
		assert_eq!(Balances::total_issuance(), 0, "every stone comes from its pool");
		assert_eq!(Session::validators().len(), 4);
		assert_eq!(pallet_membership::Members::<Runtime, Instance1>::get().len(), 4);
		assert_eq!(pallet_consortium::UserCount::<Runtime>::get(), 0);
		// Members, validators and the role holder exist (they can sign) without stones.
		for who in [Alice, Bob, Charlie, Dave] {
			assert!(System::account_exists(&who.to_account_id()), "{who:?}");
		}
		assert_eq!(Consortium::class_of(&Eve.to_account_id()), None);
		pallet_consortium::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn development_endowments_are_issued_from_the_cultivation_pool() {
	genesis("development").execute_with(|| {
		let endowed = DEV_ENDOWMENT * endowed().len() as u128;
		assert_eq!(
			pallet_stones::Issued::<Runtime>::get(csop_primitives::Pool::Cultivation),
			endowed
		);
		assert_eq!(
			csop_runtime::Stones::remaining(csop_primitives::Pool::Cultivation),
			csop_runtime::CULTIVATION_CAP - endowed
		);
		assert_eq!(
			pallet_stones::Policy::<Runtime>::get(),
			csop_primitives::TransferPolicy::Bound,
			"stones are bound to their accounts by default"
		);
		assert_stones_invariants();
	});
}

#[test]
fn development_preset_publishes_activity_rules_and_box_types() {
	genesis("development").execute_with(|| {
		assert_eq!(
			csop_runtime::Crystals::activity_rules(),
			genesis_config_presets::activity_rules()
		);
		assert_eq!(csop_runtime::Crystals::activity_rules().len(), 7);
		let types = csop_runtime::MineBoxes::box_types();
		assert_eq!(
			types.into_iter().map(|(_, t)| t).collect::<Vec<_>>(),
			genesis_config_presets::box_types()
		);
		assert_eq!(pallet_mine_boxes::NextBoxTypeId::<Runtime>::get(), 2);
	});
}

/// Every chain starts with the angel round's upgrades in its catalog: the lidar upgrade and
/// the battery (at least 120 kWh), free with the entitlement an angel vehicle earned.
#[test]
fn every_preset_lists_the_angel_rounds_upgrades() {
	use csop_primitives::EntitlementKind::{BatteryUpgrade, LidarUpgrade};
	for preset in genesis_config_presets::preset_names() {
		genesis(&preset).execute_with(|| {
			let items: Vec<_> = pallet_redemptions::Items::<Runtime>::iter().collect();
			assert_eq!(items.len(), 2, "{preset}");
			let item = |id| pallet_redemptions::Items::<Runtime>::get(id).unwrap();
			let (lidar, battery) = (item(0), item(1));
			assert_eq!(lidar.eligibility.entitlement, Some(LidarUpgrade));
			assert_eq!(battery.eligibility.entitlement, Some(BatteryUpgrade));
			let name = String::from_utf8(battery.name.to_vec()).unwrap();
			assert!(name.contains("battery") && name.contains("120 kWh"), "{name}");
			for item in [lidar, battery] {
				assert_eq!(item.price, 0);
				assert_eq!(item.category, pallet_redemptions::Category::HardwareUpgrade);
				assert!(item.open);
			}
		});
	}
}
