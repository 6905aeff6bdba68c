//! Runtime integration tests: the genesis presets build the state the node starts from, and
//! signed extrinsics are checked and dispatched by the real runtime (natively, through
//! `Executive`, as the wasm blob does on the node).

use codec::Encode;
use csop_runtime::{
	genesis_config_presets::{self, DEV_ENDOWMENT},
	tx_extension, tx_implicit, Babe, Balances, Executive, Grandpa, Header, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, Session, SignedPayload, System, UncheckedExtrinsic, STONE,
	VERSION,
};
use frame_support::traits::fungible::Inspect;
use serde_json::Value;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie};
use sp_runtime::{
	generic::Era,
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	BuildStorage, Digest, DigestItem, MultiAddress, MultiSignature,
};

/// Applies a JSON merge patch (objects merge key by key; anything else replaces).
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) =>
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			},
		(base, patch) => *base = patch,
	}
}

/// The genesis state of a named preset, built as the node builds it (defaults + preset patch).
fn genesis(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	config.build_storage().unwrap().into()
}

fn endowed() -> Vec<Sr25519Keyring> {
	Sr25519Keyring::iter().collect()
}

#[test]
fn presets_are_listed_and_unknown_ones_refused() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names, vec!["development".to_string(), "local_testnet".to_string()]);
	assert!(genesis_config_presets::get_preset(&"production".into()).is_none());
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
		// Short mileage-mining batches on development chains.
		assert_eq!(
			csop_runtime::MileageMining::batch_period(),
			genesis_config_presets::DEV_BATCH_PERIOD
		);
	});
}

#[test]
fn local_testnet_preset_has_three_validators() {
	genesis("local_testnet").execute_with(|| {
		assert_eq!(
			Session::validators(),
			vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()]
		);
		assert_eq!(Babe::authorities().len(), 3);
		assert_eq!(Grandpa::grandpa_authorities().len(), 3);
		// Production's 10-minute batches.
		assert_eq!(csop_runtime::MileageMining::batch_period(), 200);
	});
}

/// A block header for block 1 with a BABE pre-digest for slot 1 authored by validator 0.
fn initialize_block_one() {
	use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
	let pre =
		PreDigest::SecondaryPlain(SecondaryPlainPreDigest { authority_index: 0, slot: 1.into() });
	let digest = Digest {
		logs: vec![DigestItem::PreRuntime(sp_consensus_babe::BABE_ENGINE_ID, pre.encode())],
	};
	let header =
		Header::new(1, Default::default(), Default::default(), System::block_hash(0), digest);
	Executive::initialize_block(&header);
}

/// `call` signed as `signer` with `key` (a key that is not the signer's forges the signature).
fn signed_by(
	call: RuntimeCall,
	signer: sp_core::sr25519::Public,
	key: &sp_core::sr25519::Pair,
	nonce: u32,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce, Era::Immortal);
	let genesis = System::block_hash(0);
	let implicit = tx_implicit(VERSION.spec_version, VERSION.transaction_version, genesis, genesis);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| key.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(signer.into()),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

fn signed(
	call: RuntimeCall,
	signer: Sr25519Keyring,
	key: Sr25519Keyring,
	nonce: u32,
) -> UncheckedExtrinsic {
	signed_by(call, signer.public(), &key.pair(), nonce)
}

fn remark(text: &[u8]) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark_with_event { remark: text.to_vec() })
}

#[test]
fn signed_extrinsic_is_applied_and_emits_its_event_without_fees() {
	genesis("development").execute_with(|| {
		initialize_block_one();
		let before = Balances::balance(&Alice.to_account_id());
		let result = Executive::apply_extrinsic(signed(remark(b"hi"), Alice, Alice, 0));
		assert_eq!(result, Ok(Ok(())));
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::System(frame_system::Event::Remarked {
				sender: Alice.to_account_id(),
				hash: sp_core::H256(sp_crypto_hashing::blake2_256(b"hi")),
			})));
		assert_eq!(System::account_nonce(Alice.to_account_id()), 1);
		assert_eq!(Balances::balance(&Alice.to_account_id()), before, "users pay no fees");
	});
}

#[test]
fn bad_signature_stale_nonce_and_unknown_sender_are_refused() {
	genesis("development").execute_with(|| {
		initialize_block_one();
		assert_eq!(
			Executive::apply_extrinsic(signed(remark(b"x"), Alice, Bob, 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		assert_eq!(Executive::apply_extrinsic(signed(remark(b"x"), Alice, Alice, 0)), Ok(Ok(())));
		assert_eq!(
			Executive::apply_extrinsic(signed(remark(b"x"), Alice, Alice, 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		// An account the chain does not know (no balance, no providers) cannot transact, even
		// with a valid signature and no fees to pay.
		let stranger = sp_core::sr25519::Pair::from_string("//Stranger", None).unwrap();
		assert_eq!(
			Executive::apply_extrinsic(signed_by(remark(b"x"), stranger.public(), &stranger, 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Payment))
		);
		assert_eq!(System::account_nonce(Bob.to_account_id()), 0, "Bob's nonce untouched");
	});
}

/// The stones invariants, checked from outside the pallet (its `do_try_state` is compiled for
/// its own tests and try-runtime only).
fn assert_stones_invariants() {
	use csop_primitives::Pool;
	use csop_runtime::{CULTIVATION_CAP, MAX_SUPPLY, MILEAGE_MINING_CAP};
	let mileage = pallet_stones::Issued::<Runtime>::get(Pool::MileageMining);
	let cultivation = pallet_stones::Issued::<Runtime>::get(Pool::Cultivation);
	assert!(mileage <= MILEAGE_MINING_CAP, "invariant 1 (mileage)");
	assert!(cultivation <= CULTIVATION_CAP, "invariant 1 (cultivation)");
	assert!(mileage + cultivation <= MAX_SUPPLY, "invariant 2");
	assert_eq!(
		Balances::total_issuance(),
		mileage + cultivation - pallet_stones::Burned::<Runtime>::get(),
		"invariant 3"
	);
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
			device_key: sp_runtime::MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw(
				[byte; 32],
			)),
			model: 7,
			activated_at_ms: 0,
			owner: who.to_account_id(),
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
				name: b"Next-gen lidar".to_vec(),
				category: Category::HardwareUpgrade,
				price: 100 * STONE,
				cash_part: None,
				stock: Some(10),
				per_account_limit: Some(1),
				eligibility: Eligibility::default(),
				open: true,
			},
		});
		assert_eq!(Executive::apply_extrinsic(signed(sudo(list), Alice, Alice, 0)), Ok(Ok(())));
		let redeem = RuntimeCall::Redemptions(pallet_redemptions::Call::redeem { item: 0 });
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
		assert_eq!(csop_runtime::Redemptions::catalog()[0].1.stock, Some(9));
		assert_stones_invariants();
	});
}

/// Finalises the current block and initialises the next, authored in the next slot.
fn next_block() {
	use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
	// The timestamp inherent of the current block (slot = block number, 3-second slots).
	let now = u64::from(System::block_number()) * csop_runtime::SLOT_DURATION;
	let set = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
	assert_eq!(Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(set)), Ok(Ok(())));
	let parent = Executive::finalize_block();
	let number = parent.number + 1;
	let pre = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		authority_index: 0,
		slot: u64::from(number).into(),
	});
	let digest = Digest {
		logs: vec![DigestItem::PreRuntime(sp_consensus_babe::BABE_ENGINE_ID, pre.encode())],
	};
	let header = Header::new(number, Default::default(), Default::default(), parent.hash(), digest);
	Executive::initialize_block(&header);
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

/// Through `Executive`, as on the node: sudo (the oracle until #6) awards crystals to an owner
/// and to a non-owner, both brand-new accounts without stones; each signs `buy_box` (a crystal
/// holder is a known account), the boxes are revealed after the delay, and only the owner is
/// paid stones, from the cultivation pool.
#[test]
fn crystals_open_boxes_and_only_owners_receive_stones_through_the_real_runtime() {
	use pallet_mine_boxes::{BoxType, Drop, Treasure, PPM};
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let owner = sp_core::sr25519::Pair::from_string("//cultivation-owner", None).unwrap();
	let fan = sp_core::sr25519::Pair::from_string("//cultivation-fan", None).unwrap();
	let id = |p: &sp_core::sr25519::Pair| sp_runtime::AccountId32::from(p.public());
	genesis("development").execute_with(|| {
		initialize_block_one();
		let now = pallet_timestamp::Now::<Runtime>::get();
		let mut nonce = 0;
		let mut as_sudo = |call: RuntimeCall| {
			let xt = signed(sudo(call), Alice, Alice, nonce);
			nonce += 1;
			assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		};
		// A brand-new account cannot sign anything yet.
		let buy = |t| RuntimeCall::MineBoxes(pallet_mine_boxes::Call::buy_box { box_type: t });
		assert_eq!(
			Executive::apply_extrinsic(signed_by(buy(0), fan.public(), &fan, 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Payment))
		);
		as_sudo(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: sp_core::H256::repeat_byte(9),
			device_key: sp_runtime::MultiSigner::Sr25519(sp_core::sr25519::Public::from_raw(
				[9; 32],
			)),
			model: 1,
			activated_at_ms: 0,
			owner: id(&owner),
		}));
		for (who, reference) in [(&fan, 1u8), (&owner, 2u8)] {
			as_sudo(RuntimeCall::Crystals(pallet_crystals::Call::award {
				who: MultiAddress::Id(id(who)),
				activity: pallet_crystals::Activity::SignUp,
				occurred_at_ms: now,
				reference: sp_core::H256::repeat_byte(reference),
			}));
		}
		as_sudo(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::create_box_type {
			details: BoxType {
				name: b"stones".to_vec(),
				price: 100,
				drops: vec![Drop { treasure: Treasure::Stones(3 * STONE), ppm: PPM, rare: false }],
				fallback: Some(Treasure::Crystals(40)),
				daily_supply: None,
				per_account_daily: None,
				pity: None,
				open: true,
			},
		}));
		let t = 2; // after the preset's two types
		let issued_before =
			pallet_stones::Issued::<Runtime>::get(csop_primitives::Pool::Cultivation);
		for who in [&fan, &owner] {
			assert_eq!(
				Executive::apply_extrinsic(signed_by(buy(t), who.public(), who, 0)),
				Ok(Ok(()))
			);
		}
		assert_eq!(csop_runtime::Crystals::crystals(&id(&fan)), 0);
		for _ in 0..csop_runtime::configs::RevealDelay::get() {
			next_block();
		}
		for (box_id, nonce) in [(0u64, 1u32), (1, 2)] {
			let reveal = RuntimeCall::MineBoxes(pallet_mine_boxes::Call::reveal { id: box_id });
			assert_eq!(
				Executive::apply_extrinsic(signed_by(reveal, owner.public(), &owner, nonce)),
				Ok(Ok(()))
			);
		}
		assert_eq!(Balances::balance(&id(&owner)), 3 * STONE);
		assert_eq!(Balances::balance(&id(&fan)), 0, "a non-owner never receives stones");
		assert_eq!(csop_runtime::Crystals::crystals(&id(&fan)), 40, "the fallback");
		assert_eq!(
			pallet_stones::Issued::<Runtime>::get(csop_primitives::Pool::Cultivation),
			issued_before + 3 * STONE
		);
		assert_eq!(pallet_mine_boxes::TotalDraws::<Runtime>::get(t), 2);
		assert!(pallet_mine_boxes::PendingBoxes::<Runtime>::get(id(&owner)).is_empty());
		assert_eq!(pallet_mine_boxes::StonesGiven::<Runtime>::get(), 3 * STONE);
		// Crystals: 2 x 100 awarded, 2 x 100 spent, 40 granted as the fallback.
		assert_eq!(pallet_crystals::TotalCrystals::<Runtime>::get(), 40);
		assert_eq!(pallet_crystals::TotalSpent::<Runtime>::get(), 200);
		assert_stones_invariants();
	});
}
