//! Stones through the real runtime: issuance, the transfer policy and redemptions.

use crate::common::*;

#[test]
fn balances_has_no_calls_so_nothing_but_the_stones_pallet_can_mint() {
	use frame_support::traits::GetCallMetadata;
	let modules = RuntimeCall::get_module_names();
	assert!(!modules.contains(&"Balances"), "{modules:?}");
	assert!(modules.contains(&"Stones"), "{modules:?}");
}

#[test]
fn stones_transfer_follows_the_policy_through_the_real_runtime() {
	use csop_primitives::TransferPolicy;
	let transfer = |amount| {
		RuntimeCall::Stones(pallet_stones::Call::transfer {
			dest: MultiAddress::Id(Bob.to_account_id()),
			amount,
		})
	};
	genesis("development").execute_with(|| {
		initialize_block_one();
		// Bound by default: the transfer is included but fails with the pallet's error.
		let result = Executive::apply_extrinsic(signed(transfer(10 * STONE), Alice, Alice, 0));
		assert_eq!(result, Ok(Err(pallet_stones::Error::<Runtime>::TransfersDisabled.into())));
		assert_eq!(Balances::balance(&Bob.to_account_id()), DEV_ENDOWMENT, "nothing moved");

		// Governance (sudo on a dev chain) frees transfers; then the transfer goes through.
		let set_policy = RuntimeCall::Sudo(pallet_sudo::Call::sudo {
			call: Box::new(RuntimeCall::Stones(pallet_stones::Call::set_transfer_policy {
				policy: TransferPolicy::Free,
			})),
		});
		assert_eq!(Executive::apply_extrinsic(signed(set_policy, Alice, Alice, 1)), Ok(Ok(())));
		assert_eq!(
			Executive::apply_extrinsic(signed(transfer(10 * STONE), Alice, Alice, 2)),
			Ok(Ok(()))
		);
		assert_eq!(Balances::balance(&Bob.to_account_id()), DEV_ENDOWMENT + 10 * STONE);
		assert_stones_invariants();
	});
}

/// `CertifiedOwners` asks the real vehicle registry: a transfer passes only once both sides own
/// a registered vehicle.
#[test]
fn certified_owner_policy_reads_the_real_vehicle_registry() {
	use csop_primitives::TransferPolicy;
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let register = |who: Sr25519Keyring, byte: u8| {
		sudo(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: sp_core::H256::repeat_byte(byte),
			device_key: csop_primitives::DeviceKey::Sr25519(sp_core::sr25519::Public::from_raw(
				[byte; 32],
			)),
			model: 7,
			activated_at_ms: 0,
			owner: who.to_account_id(),
			angel_number: None,
		}))
	};
	let transfer = || {
		RuntimeCall::Stones(pallet_stones::Call::transfer {
			dest: MultiAddress::Id(Bob.to_account_id()),
			amount: 10 * STONE,
		})
	};
	genesis("development").execute_with(|| {
		initialize_block_one();
		let policy = sudo(RuntimeCall::Stones(pallet_stones::Call::set_transfer_policy {
			policy: TransferPolicy::CertifiedOwners,
		}));
		assert_eq!(Executive::apply_extrinsic(signed(policy, Alice, Alice, 0)), Ok(Ok(())));
		assert_eq!(
			Executive::apply_extrinsic(signed(transfer(), Alice, Alice, 1)),
			Ok(Err(pallet_stones::Error::<Runtime>::SenderNotCertifiedOwner.into()))
		);
		assert_eq!(
			Executive::apply_extrinsic(signed(register(Alice, 1), Alice, Alice, 2)),
			Ok(Ok(()))
		);
		assert_eq!(
			Executive::apply_extrinsic(signed(transfer(), Alice, Alice, 3)),
			Ok(Err(pallet_stones::Error::<Runtime>::RecipientNotCertifiedOwner.into()))
		);
		assert_eq!(
			Executive::apply_extrinsic(signed(register(Bob, 2), Alice, Alice, 4)),
			Ok(Ok(()))
		);
		assert_eq!(Executive::apply_extrinsic(signed(transfer(), Alice, Alice, 5)), Ok(Ok(())));
		assert_eq!(Balances::balance(&Bob.to_account_id()), DEV_ENDOWMENT + 10 * STONE);
		assert_stones_invariants();
	});
}

#[test]
fn redemption_through_the_real_runtime_burns_stones_counted_in_the_supply() {
	use pallet_redemptions::{Category, Eligibility, ItemDetails, Status};
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	genesis("development").execute_with(|| {
		initialize_block_one();
		let list = RuntimeCall::Redemptions(pallet_redemptions::Call::list_item {
			details: ItemDetails {
				name: b"Factory tour".to_vec(),
				category: Category::Experience,
				price: 100 * STONE,
				cash_part: None,
				stock: Some(10),
				per_account_limit: Some(1),
				eligibility: Eligibility::default(),
				open: true,
			},
		});
		assert_eq!(Executive::apply_extrinsic(signed(sudo(list), Alice, Alice, 0)), Ok(Ok(())));
		// Items 0 and 1 are the angel round's, listed at genesis.
		let redeem =
			RuntimeCall::Redemptions(pallet_redemptions::Call::redeem { item: 2, vehicle: None });
		assert_eq!(Executive::apply_extrinsic(signed(redeem.clone(), Bob, Bob, 0)), Ok(Ok(())));
		// The per-account limit holds in the real runtime too.
		assert_eq!(
			Executive::apply_extrinsic(signed(redeem, Bob, Bob, 1)),
			Ok(Err(pallet_redemptions::Error::<Runtime>::OverAccountLimit.into()))
		);
		let fulfil = RuntimeCall::Redemptions(pallet_redemptions::Call::fulfil { redemption: 0 });
		assert_eq!(Executive::apply_extrinsic(signed(sudo(fulfil), Alice, Alice, 1)), Ok(Ok(())));

		assert_eq!(Balances::total_balance(&Bob.to_account_id()), DEV_ENDOWMENT - 100 * STONE);
		assert_eq!(pallet_stones::Burned::<Runtime>::get(), 100 * STONE);
		let mine = csop_runtime::Redemptions::redemptions_of(&Bob.to_account_id());
		assert_eq!(mine.len(), 1);
		assert_eq!(mine[0].1.status, Status::Fulfilled);
		assert_eq!(csop_runtime::Redemptions::catalog()[2].1.stock, Some(9));
		assert_stones_invariants();
	});
}

/// An owner of two cars may not combine them: an item for one model that needs an angel
/// entitlement is redeemed for one named vehicle, which must be of the model and hold the
/// entitlement itself; the redemption records that vehicle.
#[test]
fn an_entitlement_item_checks_model_and_entitlement_on_the_one_vehicle_named() {
	use csop_primitives::{EntitlementKind::LidarUpgrade, OnMileageVerified};
	use pallet_redemptions::{Category, Eligibility, Error, ItemDetails};
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let car = |byte: u8| sp_core::H256::repeat_byte(byte);
	let register = |who: Sr25519Keyring, byte: u8, model: u32| {
		sudo(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: car(byte),
			device_key: csop_primitives::DeviceKey::Sr25519(sp_core::sr25519::Public::from_raw(
				[byte; 32],
			)),
			model,
			activated_at_ms: 0,
			owner: who.to_account_id(),
			// Every car here was bought in the angel round, in the place its byte names.
			angel_number: Some(byte as u32),
		}))
	};
	let list = |model: u32| {
		sudo(RuntimeCall::Redemptions(pallet_redemptions::Call::list_item {
			details: ItemDetails {
				name: b"Next-gen lidar".to_vec(),
				category: Category::HardwareUpgrade,
				price: 0,
				cash_part: None,
				stock: None,
				per_account_limit: None,
				eligibility: Eligibility {
					model: Some(model),
					entitlement: Some(LidarUpgrade),
					..Default::default()
				},
				open: true,
			},
		}))
	};
	let redeem = |item, vehicle: Option<u8>| {
		RuntimeCall::Redemptions(pallet_redemptions::Call::redeem {
			item,
			vehicle: vehicle.map(car),
		})
	};
	genesis("development").execute_with(|| {
		initialize_block_one();
		// Bob's car 0xA1 is a model 7 with no entitlement; his car 0xB1, a model 1, earned
		// the lidar upgrade by driving past the angel threshold. Charlie owns 0xC1.
		for call in [register(Bob, 0xA1, 7), register(Bob, 0xB1, 1), register(Charlie, 0xC1, 7)] {
			assert_eq!(apply(call, Alice), Ok(Ok(())));
		}
		csop_runtime::Vehicles::on_mileage_verified(&car(0xB1), 6_000_000, 0, 1_000);
		assert!(csop_runtime::Vehicles::has_available_entitlement(&car(0xB1), LidarUpgrade));
		assert_eq!(apply(list(7), Alice), Ok(Ok(())));
		assert_eq!(apply(list(1), Alice), Ok(Ok(())));

		let refused = |item, vehicle, error: Error<Runtime>| {
			assert_eq!(apply(redeem(item, vehicle), Bob), Ok(Err(error.into())));
		};
		// The model-7 item: 0xA1 is the model but has no entitlement; 0xB1 has the
		// entitlement but is not the model. Neither lends the other what it lacks.
		refused(2, Some(0xA1), Error::NoEntitlement);
		refused(2, Some(0xB1), Error::NotEligible);
		refused(2, None, Error::VehicleRequired);
		refused(2, Some(0xC1), Error::NotYourVehicle);
		assert!(csop_runtime::Redemptions::redemptions_of(&Bob.to_account_id()).is_empty());

		// The model-1 item, for 0xB1: granted, and the redemption says for which car.
		assert_eq!(apply(redeem(3, Some(0xB1)), Bob), Ok(Ok(())));
		let mine = csop_runtime::Redemptions::redemptions_of(&Bob.to_account_id());
		assert_eq!(mine.len(), 1);
		assert_eq!(mine[0].1.vehicle, Some(car(0xB1)));
		assert_eq!(mine[0].1.entitlement, Some(LidarUpgrade));
		assert!(!csop_runtime::Vehicles::has_available_entitlement(&car(0xB1), LidarUpgrade));
		assert_stones_invariants();
	});
}
