//! `verify_batch` against one-by-one verification, over mixed key types and bad input.

use csop_device_crypto::{device_crypto, verify_one, KeyType, SignatureCheck};
use p256::ecdsa::{signature::Signer, SigningKey};
use proptest::prelude::*;
use sp_core::{ecdsa, ed25519, sr25519, Pair};

/// A valid check of `key_type` for `message`, from a key made of `seed`.
fn signed(key_type: KeyType, seed: u8, message: &[u8]) -> SignatureCheck {
	let (public_key, signature) = match key_type {
		KeyType::Ed25519 => {
			let pair = ed25519::Pair::from_seed(&[seed; 32]);
			(pair.public().0.to_vec(), pair.sign(message).0.to_vec())
		},
		KeyType::Sr25519 => {
			let pair = sr25519::Pair::from_seed(&[seed; 32]);
			(pair.public().0.to_vec(), pair.sign(message).0.to_vec())
		},
		KeyType::Ecdsa => {
			let pair = ecdsa::Pair::from_seed(&[seed; 32]);
			(pair.public().0.to_vec(), pair.sign(message).0.to_vec())
		},
		KeyType::P256 => {
			let key = SigningKey::from_slice(&[seed.max(1); 32]).unwrap();
			let signature: p256::ecdsa::Signature = key.sign(message);
			let public = key.verifying_key().to_encoded_point(true);
			(public.as_bytes().to_vec(), signature.to_bytes().to_vec())
		},
	};
	SignatureCheck { key_type, public_key, message: message.to_vec(), signature }
}

const TYPES: [KeyType; 4] = [KeyType::Ed25519, KeyType::Sr25519, KeyType::Ecdsa, KeyType::P256];

#[test]
fn a_mixed_batch_gives_each_item_its_own_result() {
	let mut checks = Vec::new();
	let mut expected = Vec::new();
	for i in 0..64u8 {
		let key_type = TYPES[usize::from(i) % 4];
		let mut check = signed(key_type, i, &[i; 40]);
		// Every fifth item is spoiled one way or another.
		let valid = match i % 5 {
			1 => {
				check.message[0] ^= 1;
				false
			},
			3 => {
				let last = check.signature.len() - 2;
				check.signature[last] ^= 0x40;
				false
			},
			4 if i % 2 == 0 => {
				check.public_key.pop();
				false
			},
			_ => true,
		};
		expected.push(valid);
		checks.push(check);
	}
	for (check, valid) in checks.iter().zip(&expected) {
		assert_eq!(verify_one(check), *valid, "{check:?}");
	}
	assert_eq!(device_crypto::verify_batch(checks), expected);
}

#[test]
fn batches_of_every_small_size_match_one_by_one() {
	for n in 0..12u8 {
		let checks: Vec<_> =
			(0..n).map(|i| signed(TYPES[usize::from(i) % 4], i, b"report")).collect();
		let alone: Vec<bool> = checks.iter().map(verify_one).collect();
		assert!(alone.iter().all(|v| *v));
		assert_eq!(device_crypto::verify_batch(checks), alone);
	}
}

#[test]
fn a_high_s_p256_signature_is_accepted_like_its_low_s_twin() {
	let check = signed(KeyType::P256, 9, b"odometer 1234");
	let signature: [u8; 64] = check.signature.clone().try_into().unwrap();
	let mut twin = check.clone();
	twin.signature = csop_device_crypto::p256_high_s_twin(&signature).to_vec();
	assert_eq!(twin.signature[..32], check.signature[..32], "the same r");
	assert_ne!(twin.signature, check.signature);
	assert!(verify_one(&check));
	assert!(verify_one(&twin), "(r, n - s) is valid too");
}

#[test]
fn malformed_p256_keys_and_signatures_are_false() {
	let check = signed(KeyType::P256, 3, b"m");
	let mut bad_prefix = check.clone();
	bad_prefix.public_key[0] = 0x05;
	let mut uncompressed = check.clone();
	uncompressed.public_key = vec![4; 65];
	let mut zero_r = check.clone();
	zero_r.signature[..32].fill(0);
	let mut all_ff = check.clone();
	all_ff.signature.fill(0xff);
	let mut off_curve = check.clone();
	off_curve.public_key[1..].fill(0xff);
	for bad in [bad_prefix, uncompressed, zero_r, all_ff, off_curve] {
		assert!(!verify_one(&bad), "{bad:?}");
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	/// Random bytes of random lengths, of every key type: never a panic, the batch equal to
	/// one by one.
	#[test]
	fn random_input_never_panics(
		items in proptest::collection::vec(
			(0usize..4, proptest::collection::vec(any::<u8>(), 0..70),
			 proptest::collection::vec(any::<u8>(), 0..40),
			 proptest::collection::vec(any::<u8>(), 0..70)),
			0..20,
		),
		sig in proptest::array::uniform32(any::<u8>()),
		sig2 in proptest::array::uniform32(any::<u8>()),
		key in proptest::array::uniform32(any::<u8>()),
		prefix in any::<u8>(),
	) {
		let checks: Vec<SignatureCheck> = items
			.into_iter()
			.map(|(t, public_key, message, signature)| SignatureCheck {
				key_type: TYPES[t],
				public_key,
				message,
				signature,
			})
			.collect();
		let alone: Vec<bool> = checks.iter().map(verify_one).collect();
		prop_assert_eq!(device_crypto::verify_batch(checks), alone);
		let mut signature = [0u8; 64];
		signature[..32].copy_from_slice(&sig);
		signature[32..].copy_from_slice(&sig2);
		let mut public_key = [prefix; 33];
		public_key[1..].copy_from_slice(&key);
		let _ = device_crypto::verify_p256(&signature, b"random", &public_key);
	}
}

#[test]
fn the_bench_key_signs_the_bench_message() {
	use csop_device_crypto::{BENCH_MESSAGE, BENCH_P256_KEY, BENCH_P256_SIGNATURE};
	assert!(device_crypto::verify_p256(&BENCH_P256_SIGNATURE, &BENCH_MESSAGE, &BENCH_P256_KEY));
	let twin = csop_device_crypto::p256_high_s_twin(&BENCH_P256_SIGNATURE);
	assert!(device_crypto::verify_p256(&twin, &BENCH_MESSAGE, &BENCH_P256_KEY));
	assert_eq!(csop_device_crypto::p256_high_s_twin(&twin), BENCH_P256_SIGNATURE);
}

#[test]
fn only_compressed_points_on_the_curve_are_valid_p256_keys() {
	let good = signed(KeyType::P256, 3, b"m").public_key;
	let good: [u8; 33] = good.try_into().unwrap();
	assert!(device_crypto::is_valid_p256_key(&good));
	let mut wrong_prefix = good;
	wrong_prefix[0] = 4;
	let mut off_curve = good;
	off_curve[1..].fill(0xff);
	for bad in [wrong_prefix, off_curve, [0; 33]] {
		assert!(!device_crypto::is_valid_p256_key(&bad), "{bad:?}");
	}
}
