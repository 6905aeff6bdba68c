//! How fast one core verifies device signatures: each of the three key types one by one, as
//! the runtime does (through the crates the node's host functions use), and sr25519 and ed25519
//! in batches, which the runtime cannot do (the host has no batch verification). R, the
//! benchmark's unit, is the sr25519 rate; see docs/mileage-benchmark.md.

use std::time::{Duration, Instant};

use pallet_mileage_mining::MileageReport;
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};

/// Verifications per second on one core.
#[derive(Clone, Copy, Debug)]
pub struct VerificationRates {
	/// sr25519, one by one (R).
	pub sr25519: f64,
	/// ed25519, one by one.
	pub ed25519: f64,
	/// ecdsa (secp256k1), one by one: public key recovery and comparison, as the runtime
	/// verifies an ecdsa report.
	pub ecdsa: f64,
	/// sr25519 in batches of [`Self::batch`] signatures of distinct keys.
	pub sr25519_batch: f64,
	/// ed25519 in batches of [`Self::batch`] signatures of distinct keys.
	pub ed25519_batch: f64,
	/// Signatures per batch.
	pub batch: usize,
}

/// `n` signed messages of a mileage report's signing-payload length, each by its own key.
struct Signed<P: Pair> {
	messages: Vec<Vec<u8>>,
	publics: Vec<P::Public>,
	signatures: Vec<P::Signature>,
}

impl<P: Pair> Signed<P> {
	fn new(n: usize) -> Self {
		let template = MileageReport {
			genesis: H256::zero(),
			vehicle: H256::zero(),
			seq: 0,
			odometer_m: 0,
			time_ms: 0,
			trip_hash: H256::zero(),
		}
		.signing_payload();
		let messages: Vec<Vec<u8>> = (0..n as u64)
			.map(|i| {
				let mut m = template.clone();
				m[..8].copy_from_slice(&i.to_le_bytes());
				m
			})
			.collect();
		let pairs: Vec<P> = (0..n)
			.map(|i| P::from_string(&format!("//verify-rate//{i}"), None).unwrap())
			.collect();
		let signatures = pairs.iter().zip(&messages).map(|(p, m)| p.sign(m)).collect();
		Self { messages, publics: pairs.iter().map(|p| p.public()).collect(), signatures }
	}

	/// Verifies every signature one by one; whether all are valid.
	fn verify_each(&self) -> bool {
		self.messages
			.iter()
			.zip(&self.publics)
			.zip(&self.signatures)
			.all(|((m, p), s)| P::verify(s, m, p))
	}
}

impl Signed<sr25519::Pair> {
	/// Verifies all signatures as one batch (from their bytes, as a host function would get
	/// them, in the signing context the runtime verifies with); whether all are valid.
	fn verify_batch(&self) -> bool {
		let decoded: Option<(Vec<_>, Vec<_>)> = self
			.publics
			.iter()
			.zip(&self.signatures)
			.map(|(p, s)| {
				Some((
					schnorrkel::PublicKey::from_bytes(&p.0).ok()?,
					schnorrkel::Signature::from_bytes(&s.0).ok()?,
				))
			})
			.collect::<Option<Vec<_>>>()
			.map(|pairs| pairs.into_iter().unzip());
		let Some((publics, signatures)) = decoded else { return false };
		let context = schnorrkel::signing_context(b"substrate");
		let transcripts = self.messages.iter().map(|m| context.bytes(m));
		schnorrkel::verify_batch(transcripts, &signatures, &publics, false).is_ok()
	}
}

impl Signed<ed25519::Pair> {
	/// Verifies all signatures as one batch; whether all are valid.
	fn verify_batch(&self) -> bool {
		let mut verifier = ed25519_zebra::batch::Verifier::new();
		for ((m, p), s) in self.messages.iter().zip(&self.publics).zip(&self.signatures) {
			verifier.queue((
				ed25519_zebra::VerificationKeyBytes::from(p.0),
				ed25519_zebra::Signature::from_bytes(&s.0),
				m,
			));
		}
		verifier.verify(rand_core::OsRng).is_ok()
	}
}

/// Runs `round` (which verifies `per_round` signatures and says whether all were valid) for
/// about `time`; verifications per second.
///
/// # Panics
/// If a round finds an invalid signature: the figure would measure failures.
fn per_second(time: Duration, per_round: usize, mut round: impl FnMut() -> bool) -> f64 {
	let start = Instant::now();
	let mut count = 0u64;
	while start.elapsed() < time {
		assert!(round(), "every measured signature is valid");
		count += per_round as u64;
	}
	count as f64 / start.elapsed().as_secs_f64()
}

/// Measures each rate on this thread for about `time`, batches of `batch` signatures.
pub fn measure(time: Duration, batch: usize) -> VerificationRates {
	let batch = batch.max(1);
	let sr = Signed::<sr25519::Pair>::new(batch);
	let ed = Signed::<ed25519::Pair>::new(batch);
	let ec = Signed::<ecdsa::Pair>::new(batch);
	VerificationRates {
		sr25519: per_second(time, batch, || sr.verify_each()),
		ed25519: per_second(time, batch, || ed.verify_each()),
		ecdsa: per_second(time, batch, || ec.verify_each()),
		sr25519_batch: per_second(time, batch, || sr.verify_batch()),
		ed25519_batch: per_second(time, batch, || ed.verify_batch()),
		batch,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn batches_accept_valid_signatures_and_refuse_a_bad_one() {
		let mut sr = Signed::<sr25519::Pair>::new(8);
		let mut ed = Signed::<ed25519::Pair>::new(8);
		let mut ec = Signed::<ecdsa::Pair>::new(8);
		assert!(sr.verify_each() && sr.verify_batch());
		assert!(ed.verify_each() && ed.verify_batch());
		assert!(ec.verify_each());
		// The runtime's sr25519 verification accepts what the batch accepts.
		assert!(sp_runtime::traits::Verify::verify(
			&sp_runtime::MultiSignature::Sr25519(sr.signatures[3]),
			&sr.messages[3][..],
			&sp_runtime::AccountId32::from(sr.publics[3]),
		));
		sr.messages[5][20] ^= 1;
		ed.messages[5][20] ^= 1;
		ec.messages[5][20] ^= 1;
		assert!(!sr.verify_each() && !sr.verify_batch());
		assert!(!ed.verify_each() && !ed.verify_batch());
		assert!(!ec.verify_each());
	}

	#[test]
	fn measures_every_rate() {
		let rates = measure(Duration::from_millis(20), 4);
		assert_eq!(rates.batch, 4);
		for rate in
			[rates.sr25519, rates.ed25519, rates.ecdsa, rates.sr25519_batch, rates.ed25519_batch]
		{
			assert!(rate > 0.0);
		}
	}
}
