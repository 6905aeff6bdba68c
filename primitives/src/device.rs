//! Device keys and signatures: what a car's telematics unit signs its mileage reports with.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	MultiSignature, MultiSigner,
};

/// A compressed SEC1 NIST P-256 (secp256r1) public key: `0x02`/`0x03` and the x coordinate.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct P256Public(pub [u8; 33]);

/// In JSON (chain specs), a `0x`-prefixed hex string.
impl serde::Serialize for P256Public {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		const HEX: &[u8; 16] = b"0123456789abcdef";
		let mut text = alloc::string::String::with_capacity(2 + 66);
		text.push_str("0x");
		for byte in self.0 {
			text.push(HEX[usize::from(byte >> 4)] as char);
			text.push(HEX[usize::from(byte & 0xf)] as char);
		}
		serializer.serialize_str(&text)
	}
}

impl<'de> serde::Deserialize<'de> for P256Public {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		use serde::de::Error;
		let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
		let hex = text.strip_prefix("0x").unwrap_or(&text).as_bytes();
		if hex.len() != 66 {
			return Err(D::Error::custom("a P-256 key is 33 bytes of hex"));
		}
		let digit = |c: u8| match c {
			b'0'..=b'9' => Ok(c - b'0'),
			b'a'..=b'f' => Ok(c - b'a' + 10),
			b'A'..=b'F' => Ok(c - b'A' + 10),
			_ => Err(D::Error::custom("not a hex digit")),
		};
		let mut key = [0u8; 33];
		for (i, byte) in key.iter_mut().enumerate() {
			*byte = digit(hex[2 * i])? << 4 | digit(hex[2 * i + 1])?;
		}
		Ok(P256Public(key))
	}
}

/// A P-256 ECDSA signature with SHA-256: `r ‖ s`, 32 bytes each, big-endian (IEEE P1363).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct P256Signature(pub [u8; 64]);

/// A vehicle's device public key. The Substrate types encode exactly like the same
/// [`MultiSigner`] variant (indices 0–2), so that clients built for those keep working; P-256,
/// which secure elements and automotive HSMs sign with, is index 4 (`MultiSigner::Eth`'s 3 is
/// no device's). Bounded: 34 bytes encoded at most. In JSON (chain specs) like `MultiSigner`:
/// `{"Sr25519": "5Grw…"}` (SS58), and `{"P256": "0x02…"}`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum DeviceKey {
	/// An ed25519 public key (`MultiSigner::Ed25519`, index 0).
	#[codec(index = 0)]
	Ed25519(ed25519::Public),
	/// An sr25519 public key (`MultiSigner::Sr25519`, index 1).
	#[codec(index = 1)]
	Sr25519(sr25519::Public),
	/// A compressed secp256k1 ECDSA public key (`MultiSigner::Ecdsa`, index 2).
	#[codec(index = 2)]
	Ecdsa(ecdsa::Public),
	/// A compressed P-256 public key (index 4).
	#[codec(index = 4)]
	P256(P256Public),
}

impl DeviceKey {
	/// The key of the device-key index: `blake2_256` of the key's encoding (for the Substrate
	/// types the same as of the equivalent [`MultiSigner`]).
	pub fn index_hash(&self) -> [u8; 32] {
		BlakeTwo256::hash_of(self).0
	}
}

impl TryFrom<MultiSigner> for DeviceKey {
	type Error = ();

	/// `MultiSigner::Eth` is refused: it is an ECDSA key too, and accepting both forms would let
	/// one physical key belong to two vehicles.
	fn try_from(signer: MultiSigner) -> Result<Self, ()> {
		match signer {
			MultiSigner::Ed25519(key) => Ok(Self::Ed25519(key)),
			MultiSigner::Sr25519(key) => Ok(Self::Sr25519(key)),
			MultiSigner::Ecdsa(key) => Ok(Self::Ecdsa(key)),
			MultiSigner::Eth(_) => Err(()),
		}
	}
}

impl From<sr25519::Public> for DeviceKey {
	fn from(key: sr25519::Public) -> Self {
		Self::Sr25519(key)
	}
}
impl From<ed25519::Public> for DeviceKey {
	fn from(key: ed25519::Public) -> Self {
		Self::Ed25519(key)
	}
}
impl From<ecdsa::Public> for DeviceKey {
	fn from(key: ecdsa::Public) -> Self {
		Self::Ecdsa(key)
	}
}
impl From<P256Public> for DeviceKey {
	fn from(key: P256Public) -> Self {
		Self::P256(key)
	}
}

/// A device's signature of a mileage report, of its key's type. The Substrate types encode
/// exactly like the same [`MultiSignature`] variant (indices 0–2); P-256 is index 4.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum DeviceSignature {
	/// An ed25519 signature (`MultiSignature::Ed25519`, index 0).
	#[codec(index = 0)]
	Ed25519(ed25519::Signature),
	/// An sr25519 signature (`MultiSignature::Sr25519`, index 1).
	#[codec(index = 1)]
	Sr25519(sr25519::Signature),
	/// A recoverable secp256k1 ECDSA signature of the message's `blake2_256`
	/// (`MultiSignature::Ecdsa`, index 2).
	#[codec(index = 2)]
	Ecdsa(ecdsa::Signature),
	/// A P-256 ECDSA signature of the message's SHA-256 (index 4).
	#[codec(index = 4)]
	P256(P256Signature),
}

impl TryFrom<MultiSignature> for DeviceSignature {
	type Error = ();

	/// `MultiSignature::Eth` is no device's.
	fn try_from(signature: MultiSignature) -> Result<Self, ()> {
		match signature {
			MultiSignature::Ed25519(s) => Ok(Self::Ed25519(s)),
			MultiSignature::Sr25519(s) => Ok(Self::Sr25519(s)),
			MultiSignature::Ecdsa(s) => Ok(Self::Ecdsa(s)),
			MultiSignature::Eth(_) => Err(()),
		}
	}
}

impl From<sr25519::Signature> for DeviceSignature {
	fn from(s: sr25519::Signature) -> Self {
		Self::Sr25519(s)
	}
}
impl From<ed25519::Signature> for DeviceSignature {
	fn from(s: ed25519::Signature) -> Self {
		Self::Ed25519(s)
	}
}
impl From<ecdsa::Signature> for DeviceSignature {
	fn from(s: ecdsa::Signature) -> Self {
		Self::Ecdsa(s)
	}
}
impl From<P256Signature> for DeviceSignature {
	fn from(s: P256Signature) -> Self {
		Self::P256(s)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	#[test]
	fn substrate_keys_and_signatures_encode_like_their_multi_types() {
		let sr = sr25519::Public::from_raw([1; 32]);
		let ed = ed25519::Public::from_raw([2; 32]);
		let ec = ecdsa::Public::from_raw([3; 33]);
		for (signer, key) in [
			(MultiSigner::Sr25519(sr), DeviceKey::Sr25519(sr)),
			(MultiSigner::Ed25519(ed), DeviceKey::Ed25519(ed)),
			(MultiSigner::Ecdsa(ec), DeviceKey::Ecdsa(ec)),
		] {
			assert_eq!(signer.encode(), key.encode());
			assert_eq!(DeviceKey::try_from(signer), Ok(key.clone()));
			assert!(key.encode().len() <= DeviceKey::max_encoded_len());
		}
		let sig = sr25519::Signature::from_raw([9; 64]);
		assert_eq!(MultiSignature::Sr25519(sig).encode(), DeviceSignature::Sr25519(sig).encode());
		let ec_sig = ecdsa::Signature::from_raw([8; 65]);
		assert_eq!(MultiSignature::Ecdsa(ec_sig).encode(), DeviceSignature::Ecdsa(ec_sig).encode());
		let eth = MultiSigner::decode(&mut &[&[3u8][..], &[3; 33][..]].concat()[..]).unwrap();
		assert_eq!(DeviceKey::try_from(eth), Err(()));
		let eth_sig =
			MultiSignature::decode(&mut &[&[3u8][..], &[8; 65][..]].concat()[..]).unwrap();
		assert_eq!(DeviceSignature::try_from(eth_sig), Err(()));
	}

	#[test]
	fn device_keys_read_like_multi_signers_in_json() {
		let sr = sr25519::Public::from_raw([1; 32]);
		let json = serde_json::to_string(&MultiSigner::Sr25519(sr)).unwrap();
		assert_eq!(serde_json::to_string(&DeviceKey::Sr25519(sr)).unwrap(), json);
		assert_eq!(serde_json::from_str::<DeviceKey>(&json).unwrap(), DeviceKey::Sr25519(sr));
		let p256 = DeviceKey::P256(P256Public([0xab; 33]));
		let json = serde_json::to_string(&p256).unwrap();
		assert_eq!(json, format!("{{\"P256\":\"0x{}\"}}", "ab".repeat(33)));
		assert_eq!(serde_json::from_str::<DeviceKey>(&json).unwrap(), p256);
		assert!(serde_json::from_str::<DeviceKey>("{\"P256\":\"0xab\"}").is_err());
	}

	#[test]
	fn p256_is_index_four() {
		let key = DeviceKey::P256(P256Public([2; 33]));
		assert_eq!(key.encode()[0], 4);
		assert_eq!(key.encode().len(), 34);
		assert_eq!(DeviceKey::max_encoded_len(), 34);
		let sig = DeviceSignature::P256(P256Signature([7; 64]));
		assert_eq!(sig.encode()[0], 4);
		// An index-3 (Eth) encoding is no device key.
		let mut eth = key.encode();
		eth[0] = 3;
		assert!(DeviceKey::decode(&mut &eth[..]).is_err());
	}
}
