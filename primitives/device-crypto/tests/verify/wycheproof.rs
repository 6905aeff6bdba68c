//! Project Wycheproof's ECDSA P-256 / SHA-256 test set (IEEE P1363 signatures), vendored in
//! `tests/data/`: every case's expected result, through `verify_p256` and through
//! `verify_batch`. Wycheproof's public keys are uncompressed; the device key form is the
//! compressed point, so each key is compressed first.

use csop_device_crypto::{device_crypto, KeyType, SignatureCheck};
use serde_json::Value;

fn hex(s: &str) -> Vec<u8> {
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
		.collect()
}

/// The compressed SEC1 form of an uncompressed point `04 ‖ x ‖ y`.
fn compress(uncompressed: &[u8]) -> Vec<u8> {
	assert_eq!((uncompressed.len(), uncompressed[0]), (65, 4), "an uncompressed point");
	let mut key = vec![if uncompressed[64] & 1 == 0 { 2 } else { 3 }];
	key.extend_from_slice(&uncompressed[1..33]);
	key
}

struct Case {
	id: u64,
	key: Vec<u8>,
	message: Vec<u8>,
	signature: Vec<u8>,
	valid: bool,
	flags: Vec<String>,
}

fn cases() -> Vec<Case> {
	let text = include_str!("../data/ecdsa_secp256r1_sha256_p1363_test.json");
	let set: Value = serde_json::from_str(text).unwrap();
	assert_eq!(set["algorithm"], "ECDSA");
	let mut cases = Vec::new();
	for group in set["testGroups"].as_array().unwrap() {
		assert_eq!(group["sha"], "SHA-256");
		assert_eq!(group["publicKey"]["curve"], "secp256r1");
		let key = compress(&hex(group["publicKey"]["uncompressed"].as_str().unwrap()));
		for test in group["tests"].as_array().unwrap() {
			let result = test["result"].as_str().unwrap();
			assert!(result == "valid" || result == "invalid", "no 'acceptable' cases in this set");
			cases.push(Case {
				id: test["tcId"].as_u64().unwrap(),
				key: key.clone(),
				message: hex(test["msg"].as_str().unwrap()),
				signature: hex(test["sig"].as_str().unwrap()),
				valid: result == "valid",
				flags: test["flags"]
					.as_array()
					.unwrap()
					.iter()
					.map(|f| f.as_str().unwrap().to_owned())
					.collect(),
			});
		}
	}
	assert_eq!(cases.len() as u64, set["numberOfTests"].as_u64().unwrap());
	cases
}

#[test]
fn every_wycheproof_case_verifies_as_expected() {
	let cases = cases();
	let mut wrong = Vec::new();
	for case in &cases {
		let verified = match (
			<[u8; 64]>::try_from(case.signature.as_slice()),
			<[u8; 33]>::try_from(case.key.as_slice()),
		) {
			(Ok(signature), Ok(key)) => {
				let host = device_crypto::verify_p256(&signature, &case.message, &key);
				let rustcrypto =
					csop_device_crypto::verify_p256_rustcrypto(&signature, &case.message, &key);
				assert_eq!(host, rustcrypto, "ring and RustCrypto agree on case {}", case.id);
				host
			},
			// A signature of another length cannot even be passed: it is invalid.
			_ => false,
		};
		if verified != case.valid {
			wrong.push((case.id, case.valid, case.flags.clone()));
		}
	}
	assert!(wrong.is_empty(), "cases verified wrongly (id, expected, flags): {wrong:?}");
	let valid = cases.iter().filter(|c| c.valid).count();
	assert!(valid > 100 && cases.len() - valid > 50, "both kinds are covered");
	// The set's high-s case ("signature malleability") is valid, and so accepted.
	let malleable = cases.iter().find(|c| c.id == 1).unwrap();
	assert!(malleable.valid && malleable.flags.contains(&"ValidSignature".into()));
}

#[test]
fn the_batch_gives_every_wycheproof_case_its_own_result() {
	let cases = cases();
	let checks: Vec<SignatureCheck> = cases
		.iter()
		.map(|c| SignatureCheck {
			key_type: KeyType::P256,
			public_key: c.key.clone(),
			message: c.message.clone(),
			signature: c.signature.clone(),
		})
		.collect();
	let results = device_crypto::verify_batch(checks);
	assert_eq!(results, cases.iter().map(|c| c.valid).collect::<Vec<_>>());
}
