//! Device keys: a car's key pair of one of the four schemes the vehicle registry accepts
//! (sr25519, ed25519, ecdsa, P-256), derived from a secret URI (`//vehicle//42`, a mnemonic, a
//! hex seed). A P-256 key stands for a car's secure element: its secret scalar is
//! `blake2_256(b"csop/p256" ++ suri)` (rehashed in the rare case it is not below the group
//! order), since secret URIs derive Substrate keys only.

use csop_primitives::{DeviceSignature, P256Public, P256Signature};
use sp_core::{ecdsa, ed25519, sr25519, Pair};

/// The signature scheme of a device key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
	Sr25519,
	Ed25519,
	Ecdsa,
	P256,
}

impl std::str::FromStr for Scheme {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		match s {
			"sr25519" => Ok(Scheme::Sr25519),
			"ed25519" => Ok(Scheme::Ed25519),
			"ecdsa" => Ok(Scheme::Ecdsa),
			"p256" => Ok(Scheme::P256),
			other => {
				Err(format!("unknown scheme {other:?}: expected sr25519, ed25519, ecdsa or p256"))
			},
		}
	}
}

/// A device key pair. (The ecdsa pair is the largest; a client holds a few keys, so the enum is
/// not boxed.)
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum DeviceKey {
	Sr25519(sr25519::Pair),
	Ed25519(ed25519::Pair),
	Ecdsa(ecdsa::Pair),
	P256(p256::ecdsa::SigningKey),
}

impl DeviceKey {
	/// The key of `scheme` derived from the secret URI `suri`.
	pub fn from_suri(scheme: Scheme, suri: &str) -> Result<Self, String> {
		let err = |e| format!("bad secret URI {suri:?}: {e:?}");
		Ok(match scheme {
			Scheme::Sr25519 => {
				DeviceKey::Sr25519(sr25519::Pair::from_string(suri, None).map_err(err)?)
			},
			Scheme::Ed25519 => {
				DeviceKey::Ed25519(ed25519::Pair::from_string(suri, None).map_err(err)?)
			},
			Scheme::Ecdsa => DeviceKey::Ecdsa(ecdsa::Pair::from_string(suri, None).map_err(err)?),
			Scheme::P256 => {
				let mut secret =
					sp_crypto_hashing::blake2_256(&[b"csop/p256", suri.as_bytes()].concat());
				loop {
					if let Ok(key) = p256::ecdsa::SigningKey::from_slice(&secret) {
						break DeviceKey::P256(key);
					}
					secret = sp_crypto_hashing::blake2_256(&secret);
				}
			},
		})
	}

	/// The scheme of this key.
	pub fn scheme(&self) -> Scheme {
		match self {
			DeviceKey::Sr25519(_) => Scheme::Sr25519,
			DeviceKey::Ed25519(_) => Scheme::Ed25519,
			DeviceKey::Ecdsa(_) => Scheme::Ecdsa,
			DeviceKey::P256(_) => Scheme::P256,
		}
	}

	/// The public key, as the registry stores it.
	pub fn public(&self) -> csop_primitives::DeviceKey {
		match self {
			DeviceKey::Sr25519(p) => p.public().into(),
			DeviceKey::Ed25519(p) => p.public().into(),
			DeviceKey::Ecdsa(p) => p.public().into(),
			DeviceKey::P256(k) => {
				let point = k.verifying_key().to_encoded_point(true);
				let key: [u8; 33] =
					point.as_bytes().try_into().expect("a compressed P-256 point is 33 bytes");
				P256Public(key).into()
			},
		}
	}

	/// Signs `message`: for ecdsa its blake2-256 hash (as `MultiSignature::verify` expects),
	/// for P-256 its SHA-256 (ECDSA as secure elements sign).
	pub fn sign(&self, message: &[u8]) -> DeviceSignature {
		match self {
			DeviceKey::Sr25519(p) => p.sign(message).into(),
			DeviceKey::Ed25519(p) => p.sign(message).into(),
			DeviceKey::Ecdsa(p) => p.sign(message).into(),
			DeviceKey::P256(k) => {
				use p256::ecdsa::signature::Signer;
				let signature: p256::ecdsa::Signature = k.sign(message);
				P256Signature(signature.to_bytes().into()).into()
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use csop_device_crypto::{verify_one, KeyType, SignatureCheck};

	/// A key's signature of `message` as the node checks it.
	fn check(key: &DeviceKey, signed: &[u8], message: &[u8]) -> bool {
		use csop_primitives::DeviceKey as K;
		use DeviceSignature as S;
		let (key_type, public_key, signature) = match (key.public(), key.sign(signed)) {
			(K::Sr25519(k), S::Sr25519(s)) => (KeyType::Sr25519, k.0.to_vec(), s.0.to_vec()),
			(K::Ed25519(k), S::Ed25519(s)) => (KeyType::Ed25519, k.0.to_vec(), s.0.to_vec()),
			(K::Ecdsa(k), S::Ecdsa(s)) => (KeyType::Ecdsa, k.0.to_vec(), s.0.to_vec()),
			(K::P256(k), S::P256(s)) => (KeyType::P256, k.0.to_vec(), s.0.to_vec()),
			_ => panic!("a key signs with its own type"),
		};
		verify_one(&SignatureCheck { key_type, public_key, message: message.to_vec(), signature })
	}

	#[test]
	fn every_scheme_signs_what_the_node_verifies() {
		for scheme in [Scheme::Sr25519, Scheme::Ed25519, Scheme::Ecdsa, Scheme::P256] {
			let key = DeviceKey::from_suri(scheme, "//vehicle//1").unwrap();
			assert_eq!(key.scheme(), scheme);
			assert!(check(&key, b"report", b"report"), "{scheme:?}");
			assert!(!check(&key, b"report", b"other"), "{scheme:?}");
		}
		// P-256 keys differ by secret URI, and are the same for the same one.
		let a = DeviceKey::from_suri(Scheme::P256, "//vehicle//1").unwrap().public();
		let b = DeviceKey::from_suri(Scheme::P256, "//vehicle//2").unwrap().public();
		assert_ne!(a, b);
		assert_eq!(a, DeviceKey::from_suri(Scheme::P256, "//vehicle//1").unwrap().public());
	}

	#[test]
	fn bad_input_is_a_clear_error() {
		assert!("rsa".parse::<Scheme>().unwrap_err().contains("expected sr25519"));
		assert!(DeviceKey::from_suri(Scheme::Sr25519, "not a uri at all !!").is_err());
	}
}
