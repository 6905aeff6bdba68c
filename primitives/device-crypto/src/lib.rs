//! # CSOP Chain device crypto
//!
//! Host functions (a runtime interface, `device_crypto`, implemented natively by the node) that
//! check the signatures of cars' telematics units:
//!
//! - [`device_crypto::verify_p256`]: ECDSA over NIST P-256 (secp256r1) with SHA-256, the curve
//!   automotive secure elements and HSMs sign with. Keys are 33-byte compressed SEC1 points,
//!   signatures 64 bytes `r ‖ s` (IEEE P1363). Malformed input is `false`, never a panic.
//!   RustCrypto `p256` checks and decompresses the key, `ring` verifies.
//! - [`device_crypto::is_valid_p256_key`]: whether 33 bytes are a compressed P-256 point, for
//!   registering a device key.
//! - [`device_crypto::verify_batch`]: many device signatures of any key type (sr25519, ed25519,
//!   secp256k1 ECDSA, P-256), verified on a bounded pool of threads sized to the machine, the
//!   calling thread one of them. Each item's result is the one it would have alone.
//!
//! **High-s signatures.** `(r, s)` and `(r, n − s)` are both valid P-256 signatures of the same
//! message; secure elements produce either, and gateways cannot be asked to normalise what a car
//! signed. Both are accepted (as Wycheproof's test set expects). A second signature of the same
//! report gains nothing: a report is identified by its vehicle and sequence number, not by its
//! signature, so the copy is refused as a replay.
//!
//! **Versioning.** The interface is version 1 of each function. A runtime that imports them on a
//! node without them does not start: the executor refuses a runtime whose imports the host lacks,
//! naming the function (`ext_device_crypto_verify_p256_version_1`). A change of behaviour is a
//! new `#[version(2)]` of the function, next to the old one, so that old blocks still import.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_runtime_interface::{
	pass_by::{
		AllocateAndReturnByCodec, PassFatPointerAndDecode, PassFatPointerAndRead,
		PassPointerAndRead,
	},
	runtime_interface,
};

#[cfg(feature = "std")]
mod native;

/// Length of a compressed SEC1 P-256 public key.
pub const P256_PUBLIC_KEY_LEN: usize = 33;
/// Length of a P-256 signature `r ‖ s`.
pub const P256_SIGNATURE_LEN: usize = 64;
/// The most threads a batch is verified on (the calling thread included).
pub const MAX_WORKERS: usize = 8;

/// The order `n` of the P-256 group, big-endian: `(r, n − s)` is the high-s twin of `(r, s)`.
pub const P256_ORDER: [u8; 32] = [
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// A fixed P-256 key for benchmarks and tests (the runtime cannot make P-256 keys): the
/// secret is 32 bytes of `0x5a`. [`BENCH_P256_SIGNATURE`] is its signature of
/// [`BENCH_MESSAGE`].
pub const BENCH_P256_KEY: [u8; P256_PUBLIC_KEY_LEN] = [
	0x03, 0xf6, 0x8b, 0x1d, 0xe0, 0xf5, 0xce, 0x68, 0x61, 0x92, 0xf4, 0xbd, 0x0f, 0xd3, 0x41, 0x63,
	0x86, 0x3f, 0x2e, 0x89, 0xd3, 0x85, 0xf8, 0xbc, 0xfb, 0x85, 0x97, 0x95, 0x33, 0xa5, 0x7a, 0xc9,
	0xb0,
];
/// The message [`BENCH_P256_SIGNATURE`] signs: 256 bytes of `0x5a`.
pub const BENCH_MESSAGE: [u8; 256] = [0x5a; 256];
/// [`BENCH_P256_KEY`]'s signature of [`BENCH_MESSAGE`].
pub const BENCH_P256_SIGNATURE: [u8; P256_SIGNATURE_LEN] = [
	0x8e, 0xea, 0xfe, 0x80, 0x2c, 0x6a, 0xe7, 0xc7, 0x43, 0x04, 0x44, 0x18, 0xb8, 0x8a, 0x1b, 0x13,
	0x94, 0x9e, 0xad, 0xe5, 0x6e, 0x28, 0x5f, 0x02, 0xe6, 0x33, 0x5b, 0x5c, 0x30, 0x3c, 0x5c, 0x3b,
	0x86, 0x62, 0xa4, 0x51, 0xb4, 0xa5, 0x8c, 0x68, 0x3b, 0x5e, 0x54, 0xc2, 0xb1, 0x1d, 0x1b, 0x2b,
	0x47, 0xdb, 0x09, 0xac, 0x19, 0x9b, 0x01, 0xda, 0x83, 0xe9, 0x6f, 0x5b, 0x7f, 0xa1, 0xcd, 0x52,
];

/// The high-s twin `(r, n − s)` of a P-256 signature `(r, s)` (for tests of the high-s rule;
/// `s` must be below `n`, as in any valid signature).
pub fn p256_high_s_twin(signature: &[u8; P256_SIGNATURE_LEN]) -> [u8; P256_SIGNATURE_LEN] {
	let mut twin = *signature;
	let mut borrow = 0u8;
	for i in (0..32).rev() {
		let (d, b1) = P256_ORDER[i].overflowing_sub(signature[32 + i]);
		let (d, b2) = d.overflowing_sub(borrow);
		twin[32 + i] = d;
		borrow = u8::from(b1 || b2);
	}
	twin
}

/// The key type of a device signature in a batch.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyType {
	/// ed25519: 32-byte key, 64-byte signature.
	Ed25519,
	/// sr25519 (schnorrkel, `substrate` context): 32-byte key, 64-byte signature.
	Sr25519,
	/// secp256k1 ECDSA as Substrate signs it: 33-byte compressed key, 65-byte recoverable
	/// signature over `blake2_256(message)`.
	Ecdsa,
	/// P-256 ECDSA with SHA-256: 33-byte compressed key, 64-byte `r ‖ s`.
	P256,
}

/// One signature to check: the key type, the public key, the signed message and the signature,
/// as bytes (a wrong length is an invalid signature, not an error).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SignatureCheck {
	pub key_type: KeyType,
	pub public_key: Vec<u8>,
	pub message: Vec<u8>,
	pub signature: Vec<u8>,
}

/// The node's device-signature checks.
#[runtime_interface]
pub trait DeviceCrypto {
	/// Whether `signature` (`r ‖ s`) is a valid P-256 ECDSA signature with SHA-256 of `message`
	/// by `public_key` (compressed SEC1). `false` for a malformed key or signature.
	fn verify_p256(
		signature: PassPointerAndRead<&[u8; P256_SIGNATURE_LEN], P256_SIGNATURE_LEN>,
		message: PassFatPointerAndRead<&[u8]>,
		public_key: PassPointerAndRead<&[u8; P256_PUBLIC_KEY_LEN], P256_PUBLIC_KEY_LEN>,
	) -> bool {
		native::verify_p256(signature, message, public_key)
	}

	/// Whether `public_key` is a compressed SEC1 point on P-256 (not the identity): what a
	/// device key must be to be registered.
	fn is_valid_p256_key(
		public_key: PassPointerAndRead<&[u8; P256_PUBLIC_KEY_LEN], P256_PUBLIC_KEY_LEN>,
	) -> bool {
		native::is_valid_p256_key(public_key)
	}

	/// Each check's result, in order: verified in parallel on up to [`MAX_WORKERS`] threads
	/// (fewer on a smaller machine), each result the same as the check's alone.
	fn verify_batch(
		checks: PassFatPointerAndDecode<Vec<SignatureCheck>>,
	) -> AllocateAndReturnByCodec<Vec<bool>> {
		native::verify_batch(&checks)
	}
}

/// Verifies one check on the calling thread (what [`device_crypto::verify_batch`] does for
/// each item): for the node, for tests that compare the two, and for benchmarks.
#[cfg(feature = "std")]
pub fn verify_one(check: &SignatureCheck) -> bool {
	native::verify_one(check)
}

/// P-256 verification by RustCrypto `p256` alone (the host function verifies with `ring`): for
/// tests that compare the two.
#[cfg(feature = "std")]
pub fn verify_p256_rustcrypto(signature: &[u8; 64], message: &[u8], public_key: &[u8; 33]) -> bool {
	native::verify_p256_rustcrypto(signature, message, public_key)
}

/// The host functions to give an executor that runs a CSOP runtime.
#[cfg(feature = "std")]
pub type HostFunctions = device_crypto::HostFunctions;
