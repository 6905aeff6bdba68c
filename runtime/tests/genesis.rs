//! Runtime integration tests: the genesis presets build the state the node starts from, and
//! signed extrinsics are checked and dispatched by the real runtime (natively, through
//! `Executive`, as the wasm blob does on the node).

use codec::Encode;
use csop_runtime::{
	genesis_config_presets::{self, DEV_ENDOWMENT},
	tx_extension, tx_implicit, Babe, Balances, Consortium, Executive, Grandpa, Header, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, Session, SignedPayload, System,
	UncheckedExtrinsic, ValidatorSet, STONE, VERSION,
};
use frame_support::{dispatch::DispatchClass, instances::Instance1, traits::fungible::Inspect};
use serde_json::Value;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{
	generic::Era,
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	BuildStorage, Digest, DigestItem, MultiAddress, MultiSignature,
};

/// Applies a JSON merge patch (objects merge key by key; anything else replaces).
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			}
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
		// Short mileage-mining batches on development chains.
		assert_eq!(
			csop_runtime::MileageMining::batch_period(),
			genesis_config_presets::DEV_BATCH_PERIOD
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
		// Production's 10-minute batches.
		assert_eq!(csop_runtime::MileageMining::batch_period(), 200);
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
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::System(frame_system::Event::Remarked {
				sender: Alice.to_account_id(),
				hash: sp_core::H256(sp_crypto_hashing::blake2_256(b"hi")),
			})));
		assert_eq!(System::account_nonce(Alice.to_account_id()), 1);
		assert_eq!(Balances::balance(&Alice.to_account_id()), before, "users pay no fees");
	});
}

/// The consumed weight of the current block's `class`: `Normal` for signed and general
/// transactions, `Mandatory` for hooks and inherents.
fn consumed_weight(class: DispatchClass) -> frame_support::weights::Weight {
	*System::block_weight().get(class)
}

#[test]
fn a_signed_transaction_pays_the_signature_check_the_base_weight_leaves_out() {
	use csop_runtime::{
		configs::{base_extrinsic_weight, TransactionSignatureWeight},
		weights::extrinsic_weights::ExtrinsicBaseWeight,
	};
	use frame_support::{dispatch::GetDispatchInfo, traits::Get};
	use pallet_consortium::WeightInfo as _;
	use pallet_mileage_mining::WeightInfo as _;
	use sp_runtime::traits::TransactionExtension;
	type MiningWeights = <Runtime as pallet_mileage_mining::Config>::WeightInfo;
	type ConsortiumWeights = <Runtime as pallet_consortium::Config>::WeightInfo;
	genesis("development").execute_with(|| {
		initialize_block_one();
		// The base every extrinsic pays is the measured base of a signed remark less the
		// sr25519 check that remark made: general transactions (device-signed mileage reports)
		// and inherents check no signature.
		assert_eq!(
			base_extrinsic_weight().saturating_add(MiningWeights::verify_sr25519()),
			ExtrinsicBaseWeight::get()
		);
		assert!(base_extrinsic_weight().ref_time() > 0);
		// The extension that admits signers charges the check instead, for the costliest key
		// type an account may sign with.
		let call = remark(b"hi");
		let admission = pallet_consortium::CheckKnownSigner::<Runtime>::new().weight(&call);
		let signature = TransactionSignatureWeight::get();
		assert_eq!(admission, ConsortiumWeights::check_known_signer().saturating_add(signature));
		assert!(signature.all_gte(MiningWeights::verify_sr25519()));

		// A signed transaction keeps all of it in the block: the base, its call and its
		// extensions, the signature check among them (compute time; the block's proof size also
		// counts the extrinsic's length).
		let extensions = tx_extension(0, Era::Immortal).weight(&call);
		let call_weight = call.get_dispatch_info().call_weight;
		let before = consumed_weight(DispatchClass::Normal);
		assert_eq!(Executive::apply_extrinsic(signed(call.clone(), Alice, Alice, 0)), Ok(Ok(())));
		let kept = consumed_weight(DispatchClass::Normal).saturating_sub(before).ref_time();
		assert_eq!(
			kept,
			base_extrinsic_weight()
				.saturating_add(call_weight)
				.saturating_add(extensions)
				.ref_time()
		);
		// So it is charged no less than with the measured base, which included an sr25519 check.
		let measured = ExtrinsicBaseWeight::get()
			.saturating_add(call_weight)
			.saturating_add(extensions.saturating_sub(signature))
			.ref_time();
		assert!(kept >= measured, "{kept} < {measured}");
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
		// An account the chain does not know (not a member, validator, role holder, owner or
		// user) cannot transact, even with a valid signature and no fees to pay.
		let stranger = sp_core::sr25519::Pair::from_string("//Stranger", None).unwrap();
		assert_eq!(
			Executive::apply_extrinsic(signed_by(remark(b"x"), stranger.public(), &stranger, 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner))
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

/// Applies the current block's timestamp inherent, finalises the block and initialises the
/// next, authored in the next slot.
fn next_block() {
	apply_timestamp();
	finish_block();
}

/// Applies the current block's timestamp inherent (slot = block number, 3-second slots).
fn apply_timestamp() {
	let now = u64::from(System::block_number()) * csop_runtime::SLOT_DURATION;
	let set = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
	assert_eq!(Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(set)), Ok(Ok(())));
}

/// Finalises the current block (its timestamp applied) and initialises the next.
fn finish_block() {
	use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
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
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner))
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

/// Applies `call` signed by `who` with its next nonce.
fn apply(call: RuntimeCall, who: Sr25519Keyring) -> sp_runtime::ApplyExtrinsicResult {
	let nonce = System::account_nonce(who.to_account_id());
	Executive::apply_extrinsic(signed(call, who, who, nonce))
}

fn collective(call: pallet_collective::Call<Runtime, Instance1>) -> RuntimeCall {
	RuntimeCall::ConsortiumCollective(call)
}

/// A consortium motion through the real runtime: `proposer` proposes `call` with `threshold`
/// and votes aye (a proposal does not count its proposer's vote), each of `ayes` votes aye,
/// then `closer` closes it (unless a threshold of 1 executed it at once). Returns the
/// collective's `Executed` result, if it executed.
fn motion(
	call: RuntimeCall,
	threshold: u32,
	proposer: Sr25519Keyring,
	ayes: &[Sr25519Keyring],
	closer: Sr25519Keyring,
) -> Option<sp_runtime::DispatchResult> {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Hash;
	let length_bound = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, Instance1>::get();
	let propose =
		pallet_collective::Call::propose { threshold, proposal: Box::new(call), length_bound };
	assert_eq!(apply(collective(propose), proposer), Ok(Ok(())));
	if threshold > 1 {
		for voter in core::iter::once(&proposer).chain(ayes) {
			let vote = pallet_collective::Call::vote { proposal: hash, index, approve: true };
			assert_eq!(apply(collective(vote), *voter), Ok(Ok(())));
		}
		let close = pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound,
		};
		assert_eq!(apply(collective(close), closer), Ok(Ok(())));
	}
	System::events().into_iter().rev().find_map(|r| match r.event {
		RuntimeEvent::ConsortiumCollective(pallet_collective::Event::Executed {
			proposal_hash,
			result,
		}) if proposal_hash == hash => Some(result.map_err(|e| e.into())),
		_ => None,
	})
}

fn appoint(role: pallet_consortium::Role, who: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::Call::appoint {
		role,
		who: MultiAddress::Id(who.to_account_id()),
	})
}

#[test]
fn a_two_thirds_motion_appoints_an_oracle_who_then_awards_crystals() {
	use pallet_consortium::Role;
	genesis("development").execute_with(|| {
		initialize_block_one();
		let award = |reference: u8| {
			RuntimeCall::Crystals(pallet_crystals::Call::award {
				who: MultiAddress::Id(Ferdie.to_account_id()),
				activity: pallet_crystals::Activity::Post,
				occurred_at_ms: pallet_timestamp::Now::<Runtime>::get(),
				reference: sp_core::H256::repeat_byte(reference),
			})
		};
		// Dave is a registered user, not an oracle.
		assert_eq!(apply(award(1), Dave), Ok(Err(sp_runtime::DispatchError::BadOrigin)));
		// One member alone (a threshold of 1) is not governance: the motion executes and fails.
		assert_eq!(
			motion(appoint(Role::ActivityOracle, Dave), 1, Bob, &[], Bob),
			Some(Err(sp_runtime::DispatchError::BadOrigin))
		);
		assert!(!Consortium::has_role(Role::ActivityOracle, &Dave.to_account_id()));
		// A non-member cannot propose.
		let propose = pallet_collective::Call::propose {
			threshold: 2,
			proposal: Box::new(appoint(Role::ActivityOracle, Dave)),
			length_bound: 100,
		};
		assert_eq!(
			apply(collective(propose), Dave),
			Ok(Err(pallet_collective::Error::<Runtime, Instance1>::NotMember.into()))
		);
		// Two of the three members (2/3) appoint Dave; Charlie closes the motion.
		assert_eq!(
			motion(appoint(Role::ActivityOracle, Dave), 2, Alice, &[Bob], Charlie),
			Some(Ok(()))
		);
		assert!(Consortium::has_role(Role::ActivityOracle, &Dave.to_account_id()));
		// Dave now signs awards himself.
		assert_eq!(apply(award(2), Dave), Ok(Ok(())));
		let post = genesis_config_presets::activity_rules()
			.into_iter()
			.find(|(a, _)| *a == pallet_crystals::Activity::Post)
			.unwrap()
			.1;
		assert_eq!(csop_runtime::Crystals::crystals(&Ferdie.to_account_id()), post.crystals);
		pallet_consortium::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn without_sudo_governance_reaches_root_to_authorise_a_runtime_upgrade() {
	genesis("production").execute_with(|| {
		initialize_block_one();
		let code_hash = sp_core::H256::repeat_byte(7);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(authorize.clone()) });
		assert_eq!(
			apply(sudo, Alice),
			Ok(Err(pallet_sudo::Error::<Runtime>::RequireSudo.into())),
			"no sudo key in production"
		);
		let as_root = RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root {
			call: Box::new(authorize),
		});
		// 2 of 4 members is not enough ...
		assert_eq!(
			motion(as_root.clone(), 2, Alice, &[Bob], Charlie),
			Some(Err(sp_runtime::DispatchError::BadOrigin))
		);
		assert!(System::authorized_upgrade().is_none());
		// ... 3 of 4 is.
		assert_eq!(motion(as_root, 3, Alice, &[Bob, Charlie], Dave), Some(Ok(())));
		assert_eq!(System::authorized_upgrade().map(|u| *u.code_hash()), Some(code_hash));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Consortium(pallet_consortium::Event::DispatchedAsRoot {
				result: Ok(())
			})));
	});
}

#[test]
fn a_users_transactions_are_rate_limited_per_window_and_members_are_not() {
	let limited = TransactionValidityError::Invalid(InvalidTransaction::Custom(
		pallet_consortium::RATE_LIMITED,
	));
	genesis("development").execute_with(|| {
		initialize_block_one();
		let user_limit = genesis_config_presets::rate_limits()
			.into_iter()
			.find(|(class, _)| *class == pallet_consortium::AccountClass::User)
			.unwrap()
			.1;
		for _ in 0..user_limit.max_transactions {
			assert_eq!(apply(remark(b"u"), Eve), Ok(Ok(())));
		}
		let nonce = System::account_nonce(Eve.to_account_id());
		assert_eq!(apply(remark(b"u"), Eve), Err(limited));
		assert_eq!(System::account_nonce(Eve.to_account_id()), nonce, "nothing applied");
		// Members (the consortium class) are not limited.
		for _ in 0..(2 * user_limit.max_transactions) {
			assert_eq!(apply(remark(b"m"), Bob), Ok(Ok(())));
		}
		// The next window admits Eve again.
		while System::block_number() < user_limit.period {
			next_block();
		}
		assert_eq!(apply(remark(b"u"), Eve), Ok(Ok(())));
	});
}

#[test]
fn governance_adds_a_validator_planned_at_the_next_session_once_it_has_keys() {
	use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
	let mut ext = genesis("development");
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		initialize_block_one();
		let bob = Bob.to_account_id();
		let add = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			who: MultiAddress::Id(bob.clone()),
		});
		assert_eq!(motion(add, 2, Alice, &[Charlie], Alice), Some(Ok(())));
		assert_eq!(ValidatorSet::validators(), vec![Alice.to_account_id(), bob.clone()]);
		// Without session keys Bob is not planned.
		<ValidatorSet as pallet_session::SessionManager<_>>::new_session(2);
		assert_eq!(pallet_validator_set::Planned::<Runtime>::get().len(), 1);
		// Bob sets keys with a proof that he owns them (as `author_rotateKeysWithOwner` makes).
		let generated = csop_runtime::SessionKeys::generate(&bob.encode(), None);
		let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys {
			keys: generated.keys.clone(),
			proof: generated.proof.encode(),
		});
		// A proof for another owner is refused.
		let forged = csop_runtime::SessionKeys::generate(&Alice.to_account_id().encode(), None);
		let bad = RuntimeCall::Session(pallet_session::Call::set_keys {
			keys: forged.keys,
			proof: forged.proof.encode(),
		});
		assert_eq!(apply(bad, Bob), Ok(Err(pallet_session::Error::<Runtime>::InvalidProof.into())));
		assert_eq!(apply(set_keys, Bob), Ok(Ok(())));
		assert_eq!(
			<ValidatorSet as pallet_session::SessionManager<_>>::new_session(3),
			Some(vec![Alice.to_account_id(), bob])
		);
	});
}

#[test]
fn the_block_that_rotates_the_session_takes_transactions() {
	use csop_runtime::session_rotation::{reclaimed_charge, rotation_weight};
	let block_weights = <Runtime as frame_system::Config>::BlockWeights::get();
	genesis("development").execute_with(|| {
		initialize_block_one();
		next_block();
		// Block 2 rotates nothing: nothing is given back, the block keeps its base weight.
		assert_eq!(Session::current_index(), 0);
		apply_timestamp();
		assert_eq!(Executive::apply_extrinsic(signed(remark(b"2"), Alice, Alice, 0)), Ok(Ok(())));
		assert!(consumed_weight(DispatchClass::Mandatory).all_gte(block_weights.base_block));
		finish_block();

		// Run to the block that rotates the session (BABE's first epoch ends at slot 21).
		let mut rotated = false;
		for _ in 0..2 * csop_runtime::EPOCH_DURATION_IN_SLOTS {
			next_block();
			if Session::current_index() == 1 {
				rotated = true;
				break;
			}
		}
		assert!(rotated, "the session rotates within two epochs");
		assert_eq!(System::block_number(), 1 + csop_runtime::EPOCH_DURATION_IN_SLOTS as u32);
		// `pallet-session` charged the whole block for the rotation (if a new release stops
		// doing so, `ReclaimSessionRotation` must stop giving it back: this fails first).
		assert!(consumed_weight(DispatchClass::Mandatory).all_gte(block_weights.max_block));
		apply_timestamp();
		// After the inherents the block is charged the rotation's measured weight instead,
		// and takes a transaction (before: `ExhaustsResources`).
		assert_eq!(Executive::apply_extrinsic(signed(remark(b"21"), Alice, Alice, 1)), Ok(Ok(())));
		assert!(consumed_weight(DispatchClass::Mandatory).all_gte(reclaimed_charge()));
		assert!(
			consumed_weight(DispatchClass::Mandatory).ref_time()
				< block_weights.max_block.ref_time() / 10
		);
		assert!(reclaimed_charge().ref_time() < block_weights.max_block.ref_time() / 10);
		assert_eq!(reclaimed_charge(), rotation_weight());
	});
}
