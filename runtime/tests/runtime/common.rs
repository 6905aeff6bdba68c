//! Shared by the modules: genesis states of the presets, blocks, signed extrinsics, motions,
//! and the stones invariants checked from outside the pallet. Its `pub use` lines are the
//! modules' prelude (`use crate::common::*`).

pub use codec::Encode;
pub use csop_runtime::{
	genesis_config_presets::{self, DEV_ENDOWMENT},
	tx_extension, tx_implicit, Babe, Balances, Consortium, Executive, Grandpa, Header, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, Session, SignedPayload, System,
	UncheckedExtrinsic, ValidatorSet, STONE, VERSION,
};
pub use frame_support::{dispatch::DispatchClass, instances::Instance1, traits::fungible::Inspect};
pub use serde_json::Value;
pub use sp_core::Pair;
pub use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
pub use sp_runtime::{
	generic::Era,
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	BuildStorage, Digest, DigestItem, MultiAddress, MultiSignature,
};

/// Applies a JSON merge patch (objects merge key by key; anything else replaces).
pub fn merge(base: &mut Value, patch: Value) {
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
pub fn genesis(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&preset.into())
		.unwrap_or_else(|| panic!("preset {preset} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	config.build_storage().unwrap().into()
}

pub fn endowed() -> Vec<Sr25519Keyring> {
	Sr25519Keyring::iter().collect()
}

/// A block header for block 1 with a BABE pre-digest for slot 1 authored by validator 0.
pub fn initialize_block_one() {
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
pub fn signed_by(
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

pub fn signed(
	call: RuntimeCall,
	signer: Sr25519Keyring,
	key: Sr25519Keyring,
	nonce: u32,
) -> UncheckedExtrinsic {
	signed_by(call, signer.public(), &key.pair(), nonce)
}

pub fn remark(text: &[u8]) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark_with_event { remark: text.to_vec() })
}

/// The consumed weight of the current block's `class`: `Normal` for signed and general
/// transactions, `Mandatory` for hooks and inherents.
pub fn consumed_weight(class: DispatchClass) -> frame_support::weights::Weight {
	*System::block_weight().get(class)
}

/// The stones invariants, checked from outside the pallet (its `do_try_state` is compiled for
/// its own tests and try-runtime only).
pub fn assert_stones_invariants() {
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

/// Applies the current block's timestamp inherent, finalises the block and initialises the
/// next, authored in the next slot.
pub fn next_block() {
	apply_timestamp();
	finish_block();
}

/// Applies the current block's timestamp inherent (slot = block number, 3-second slots).
pub fn apply_timestamp() {
	let now = u64::from(System::block_number()) * csop_runtime::SLOT_DURATION;
	let set = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
	assert_eq!(Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(set)), Ok(Ok(())));
}

/// Finalises the current block (its timestamp applied), checks every pallet's invariants
/// (`csop_runtime::invariants::check`) and initialises the next.
pub fn finish_block() {
	finish_block_and_start(None);
}

/// [`finish_block`], then starts block `next` (by default the one after), authored in slot
/// `next`. A later block skips the blocks between, as if they had been empty (frame-system
/// starts only the block after the current one, so the current number is moved first): the way
/// to let a week-long delay pass in a test.
pub fn finish_block_and_start(next: Option<u32>) {
	use sp_consensus_babe::digests::{PreDigest, SecondaryPlainPreDigest};
	let parent = Executive::finalize_block();
	csop_runtime::invariants::check()
		.unwrap_or_else(|e| panic!("an invariant broke in block {}: {e:?}", parent.number));
	let number = next.unwrap_or(parent.number + 1);
	System::set_block_number(number - 1);
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

/// Applies `call` signed by `who` with its next nonce.
pub fn apply(call: RuntimeCall, who: Sr25519Keyring) -> sp_runtime::ApplyExtrinsicResult {
	let nonce = System::account_nonce(who.to_account_id());
	Executive::apply_extrinsic(signed(call, who, who, nonce))
}

pub fn collective(call: pallet_collective::Call<Runtime, Instance1>) -> RuntimeCall {
	RuntimeCall::ConsortiumCollective(call)
}

/// A consortium motion through the real runtime: `proposer` proposes `call` with `threshold`
/// and votes aye (a proposal does not count its proposer's vote), each of `ayes` votes aye,
/// then `closer` closes it (unless a threshold of 1 executed it at once). Returns the
/// collective's `Executed` result, if it executed.
pub fn motion(
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
		}) if proposal_hash == hash => Some(result),
		_ => None,
	})
}

pub fn appoint(role: pallet_consortium::Role, who: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::Call::appoint {
		role,
		who: MultiAddress::Id(who.to_account_id()),
	})
}
