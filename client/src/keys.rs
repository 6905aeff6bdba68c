//! Device keys: a car's key pair of one of the three schemes the vehicle registry accepts
//! (sr25519, ed25519, ecdsa), derived from a secret URI (`//vehicle//42`, a mnemonic, a hex seed).

use sp_core::{ecdsa, ed25519, sr25519, Pair};
use sp_runtime::{MultiSignature, MultiSigner};

/// The signature scheme of a device key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
	Sr25519,
	Ed25519,
	Ecdsa,
}

impl std::str::FromStr for Scheme {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		match s {
			"sr25519" => Ok(Scheme::Sr25519),
			"ed25519" => Ok(Scheme::Ed25519),
			"ecdsa" => Ok(Scheme::Ecdsa),
			other => Err(format!("unknown scheme {other:?}: expected sr25519, ed25519 or ecdsa")),
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
		})
	}

	/// The scheme of this key.
	pub fn scheme(&self) -> Scheme {
		match self {
			DeviceKey::Sr25519(_) => Scheme::Sr25519,
			DeviceKey::Ed25519(_) => Scheme::Ed25519,
			DeviceKey::Ecdsa(_) => Scheme::Ecdsa,
		}
	}

	/// The public key, as the registry stores it.
	pub fn public(&self) -> MultiSigner {
		match self {
			DeviceKey::Sr25519(p) => p.public().into(),
			DeviceKey::Ed25519(p) => p.public().into(),
			DeviceKey::Ecdsa(p) => p.public().into(),
		}
	}

	/// Signs `message` (for ecdsa: its blake2-256 hash, as `MultiSignature::verify` expects).
	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			DeviceKey::Sr25519(p) => p.sign(message).into(),
			DeviceKey::Ed25519(p) => p.sign(message).into(),
			DeviceKey::Ecdsa(p) => p.sign(message).into(),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	#[test]
	fn every_scheme_signs_what_multisignature_verifies() {
		for scheme in [Scheme::Sr25519, Scheme::Ed25519, Scheme::Ecdsa] {
			let key = DeviceKey::from_suri(scheme, "//vehicle//1").unwrap();
			assert_eq!(key.scheme(), scheme);
			let signer = key.public().into_account();
			let sig = key.sign(b"report");
			assert!(sig.verify(&b"report"[..], &signer), "{scheme:?}");
			assert!(!sig.verify(&b"other"[..], &signer), "{scheme:?}");
		}
	}

	#[test]
	fn bad_input_is_a_clear_error() {
		assert!("rsa".parse::<Scheme>().unwrap_err().contains("expected sr25519"));
		assert!(DeviceKey::from_suri(Scheme::Sr25519, "not a uri at all !!").is_err());
	}
}
