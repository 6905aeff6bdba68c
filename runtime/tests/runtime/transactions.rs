//! Signed extrinsics checked and dispatched by the real runtime: signatures, nonces, rate limits
//! and what a block and a transaction are charged.

use crate::common::*;

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

#[test]
fn a_signed_transaction_pays_the_signature_check_the_base_weight_leaves_out() {
	use csop_runtime::{
		configs::base_extrinsic_weight,
		signature_check::{SignatureCheckWeights, WeightInfo as _},
		weights::extrinsic_weights::ExtrinsicBaseWeight,
	};
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_consortium::WeightInfo as _;
	use sp_runtime::traits::TransactionExtension;
	type ConsortiumWeights = <Runtime as pallet_consortium::Config>::WeightInfo;
	genesis("development").execute_with(|| {
		initialize_block_one();
		// The base every extrinsic pays is the measured base of a signed remark less the
		// sr25519 check that remark made: general transactions (device-signed mileage reports)
		// and inherents check no signature.
		assert_eq!(
			base_extrinsic_weight().saturating_add(SignatureCheckWeights::verify_sr25519()),
			ExtrinsicBaseWeight::get()
		);
		assert!(base_extrinsic_weight().ref_time() > 0);
		// The extension that admits signers charges the check instead, for the costliest key
		// type an account may sign with.
		let call = remark(b"hi");
		let admission = pallet_consortium::CheckKnownSigner::<Runtime>::new().weight(&call);
		let signature = SignatureCheckWeights::costliest();
		assert_eq!(admission, ConsortiumWeights::check_known_signer().saturating_add(signature));
		for each in [
			SignatureCheckWeights::verify_sr25519(),
			SignatureCheckWeights::verify_ed25519(),
			SignatureCheckWeights::verify_ecdsa(),
		] {
			assert!(signature.all_gte(each));
		}
		// Mileage reports are charged by the same figures: the costliest device key type's
		// check (P-256 included) on top of the ecdsa one their benchmarks made.
		let device = SignatureCheckWeights::costliest_device();
		assert!(device.all_gte(signature) && device.all_gte(SignatureCheckWeights::verify_p256()));
		assert_eq!(
			csop_runtime::MileageMining::signature_surcharge(),
			device.saturating_sub(SignatureCheckWeights::verify_ecdsa())
		);

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
