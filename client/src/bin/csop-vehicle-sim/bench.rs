//! The throughput benchmark: signature verification rates, and report throughput and latency
//! of a running node in timed phases; with the finalised-block queries it relies on.

use std::{
	collections::HashMap,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	thread,
	time::{Duration, Instant},
};

use codec::Encode;
use csop_client::{
	chain,
	rpc::{from_hex, to_hex},
	tx::ChainInfo,
	vehicle::{bundle_extrinsic, report_extrinsic, SimVehicle},
	verify_rates, Rpc,
};
use serde_json::{json, Value};

use crate::{drive::drain, Result};

/// The number of the last finalised block.
pub(crate) fn finalized_number(rpc: &Rpc) -> Result<u32> {
	chain::finalized_number(rpc).map_err(|e| e.to_string())
}

/// The encoded extrinsics of block `n` (to be matched by their hash).
pub(crate) fn block_extrinsics(rpc: &Rpc, n: u32) -> Result<Vec<Vec<u8>>> {
	let Some(hash) = chain::block_hash(rpc, n).map_err(|e| e.to_string())? else {
		return Ok(Vec::new());
	};
	let xts = chain::block_extrinsics(rpc, &hash).map_err(|e| e.to_string())?;
	Ok(xts.iter().filter_map(|x| from_hex(x)).collect())
}

/// Measures how fast this thread verifies device signatures (2 s per figure) and prints the
/// figures; returns R, the sr25519 rate.
pub(crate) fn print_verification_rates(batch: usize) -> f64 {
	println!(
		"measuring R: sr25519 verifications per second on one core, and the other key types ..."
	);
	let v = verify_rates::measure(Duration::from_secs(2), batch);
	let r = v.sr25519;
	println!("R = {r:.0} sr25519 verifications/s (one core)");
	println!(
		"one by one: ed25519 {:.0}/s ({:.2} R), ecdsa {:.0}/s ({:.2} R); in batches of {}: \
		 sr25519 {:.0}/s ({:.2} R), ed25519 {:.0}/s ({:.2} R)",
		v.ed25519,
		v.ed25519 / r,
		v.ecdsa,
		v.ecdsa / r,
		v.batch,
		v.sr25519_batch,
		v.sr25519_batch / r,
		v.ed25519_batch,
		v.ed25519_batch / r,
	);
	r
}

/// Submitted, not yet finalised extrinsics: hash -> (submitted at, reports in it).
type Pending = Arc<Mutex<HashMap<[u8; 32], (Instant, u64)>>>;

/// A phase's measurement window: it opens `warmup` after the phase starts loading the node
/// and lasts `length`.
#[derive(Clone, Copy)]
pub(crate) struct Window {
	pub(crate) warmup: Duration,
	pub(crate) length: Duration,
}

struct PhaseResult {
	/// Reports finalised within the window (submitted during the phase).
	finalized_reports: u64,
	/// `finalized_reports` per second of the window.
	rate: f64,
	/// Reports finalised within the first `length` of loading (no warm-up), per second.
	cold_rate: f64,
	/// Submit-to-finalised latency of the reports finalised within the window.
	p50_ms: u64,
	p99_ms: u64,
	submitted: u64,
	refused: u64,
}

/// Reports finalised: in the window, and from a cold start.
#[derive(Default)]
struct Finalised {
	in_window: u64,
	cold: u64,
}

/// One phase: submit reports of `cars` (single, or gateway bundles of `bundle`) from the start
/// of the warm-up to the end of the window, keeping at most `in_flight` unfinalised; count the
/// reports finalised within the window and their submit-to-finalised latency.
fn phase(
	rpc: &Rpc,
	chain: &ChainInfo,
	cars: &mut [SimVehicle],
	window: Window,
	bundle: usize,
	in_flight: usize,
	interval_ms: u64,
) -> Result<PhaseResult> {
	let pending: Pending = Arc::default();
	let latencies: Arc<Mutex<Vec<u64>>> = Arc::default();
	let finalized_reports: Arc<Mutex<Finalised>> = Arc::default();
	let stop = Arc::new(AtomicBool::new(false));
	let start = Instant::now();
	let opens = start + window.warmup;
	let end = opens + window.length;
	let cold_end = start + window.length;

	let watcher = {
		let (rpc, pending, latencies, finalized_reports, stop) = (
			rpc.clone(),
			pending.clone(),
			latencies.clone(),
			finalized_reports.clone(),
			stop.clone(),
		);
		thread::spawn(move || -> Result<()> {
			let mut seen = finalized_number(&rpc)?;
			while !stop.load(Ordering::Relaxed) {
				thread::sleep(Duration::from_millis(100));
				let head = finalized_number(&rpc)?;
				for n in seen + 1..=head {
					let xts = block_extrinsics(&rpc, n)?;
					let now = Instant::now();
					let mut pending = pending.lock().unwrap();
					for xt in xts {
						if let Some((at, reports)) =
							pending.remove(&sp_crypto_hashing::blake2_256(&xt))
						{
							let mut finalised = finalized_reports.lock().unwrap();
							if now <= cold_end {
								finalised.cold += reports;
							}
							if opens <= now && now <= end {
								finalised.in_window += reports;
								latencies.lock().unwrap().push((now - at).as_millis() as u64);
							}
						}
					}
				}
				seen = head;
			}
			Ok(())
		})
	};

	let mut next_car = 0usize;
	let (mut submitted, mut refused) = (0u64, 0u64);
	let mut last_round_ms = vec![0u64; cars.len()];
	while Instant::now() < end {
		let outstanding: u64 = pending.lock().unwrap().values().map(|(_, r)| *r).sum();
		if outstanding as usize >= in_flight {
			thread::sleep(Duration::from_millis(20));
			continue;
		}
		// Next chunk: up to 256 extrinsics in one JSON-RPC batch.
		let t = chain::now_ms();
		let mut xts = Vec::new();
		let per_xt = bundle.max(1);
		while xts.len() < 256 && (xts.len() * per_xt + outstanding as usize) < in_flight {
			let mut reports = Vec::with_capacity(per_xt);
			while reports.len() < per_xt {
				let i = next_car;
				next_car = (next_car + 1) % cars.len();
				// Each car reports at most once per minimum interval of device time.
				let time = t.max(last_round_ms[i] + interval_ms);
				if time > t + 250_000 {
					break; // every car is ahead of the clock: wait for time to pass
				}
				last_round_ms[i] = time;
				reports.push(cars[i].drive_and_report(chain.genesis, 50, time));
			}
			if reports.is_empty() {
				break;
			}
			let count = reports.len() as u64;
			let xt = if bundle == 0 {
				report_extrinsic(reports.pop().expect("one report"))
			} else {
				bundle_extrinsic(reports).ok_or("gateway bundle larger than the runtime allows")?
			};
			xts.push((xt.encode(), count));
		}
		if xts.is_empty() {
			thread::sleep(Duration::from_millis(50));
			continue;
		}
		let calls: Vec<(&str, Value)> = xts
			.iter()
			.map(|(b, _)| ("author_submitExtrinsic", json!([to_hex(b)])))
			.collect();
		let at = Instant::now();
		let answers = rpc.batch(&calls).map_err(|e| e.to_string())?;
		let mut pending = pending.lock().unwrap();
		for ((bytes, count), answer) in xts.into_iter().zip(answers) {
			match answer {
				Ok(_) => {
					submitted += count;
					pending.insert(sp_crypto_hashing::blake2_256(&bytes), (at, count));
				},
				Err(e) => {
					refused += count;
					if refused <= count {
						eprintln!("a report was refused: {e}");
					}
				},
			}
		}
	}
	// Give the last block in time to finalise a moment, then stop the watcher.
	thread::sleep(Duration::from_millis(200));
	stop.store(true, Ordering::Relaxed);
	watcher.join().map_err(|_| "watcher panicked")??;
	let finalised = std::mem::take(&mut *finalized_reports.lock().unwrap());
	let seconds = window.length.as_secs_f64();
	let mut lat = latencies.lock().unwrap().clone();
	lat.sort_unstable();
	let pct = |p: f64| {
		lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
			.copied()
			.unwrap_or(0)
	};
	Ok(PhaseResult {
		finalized_reports: finalised.in_window,
		rate: finalised.in_window as f64 / seconds,
		cold_rate: finalised.cold as f64 / seconds,
		p50_ms: pct(0.50),
		p99_ms: pct(0.99),
		submitted,
		refused,
	})
}

pub(crate) fn bench(
	rpc: &Rpc,
	vehicles: u32,
	window: Window,
	gateway_bundle: usize,
	(in_flight, gateway_in_flight): (usize, usize),
) -> Result<()> {
	let r = print_verification_rates(gateway_bundle);
	let chain = ChainInfo::fetch(rpc).map_err(|e| e.to_string())?;
	let params = rpc.call("csop_miningSchedule", json!([])).map_err(|e| e.to_string())?;
	let interval_ms = params["params"]["minReportIntervalMs"].as_u64().unwrap_or(60_000);
	let mut cars: Vec<SimVehicle> = (0..vehicles).map(SimVehicle::numbered).collect();
	// Half the cars report alone, the other half through a gateway.
	let (alone, gatewayed) = cars.split_at_mut(vehicles as usize / 2);
	let (warmup, seconds) = (window.warmup.as_secs(), window.length.as_secs());
	println!(
		"phase 1: {} cars report alone: {warmup} s warm-up, then {seconds} s measured ...",
		alone.len()
	);
	let single = phase(rpc, &chain, alone, window, 0, in_flight, interval_ms)?;
	println!("waiting for the pool to drain and the chain to finalise ...");
	drain(rpc, Duration::from_secs(300))?;
	println!(
		"phase 2: {} cars report through gateway bundles of {gateway_bundle}: {warmup} s \
		 warm-up, then {seconds} s measured ...",
		gatewayed.len()
	);
	let gateway =
		phase(rpc, &chain, gatewayed, window, gateway_bundle, gateway_in_flight, interval_ms)?;
	println!();
	println!("| measure | single reports | gateway bundles of {gateway_bundle} |");
	println!("| --- | --- | --- |");
	println!(
		"| reports submitted (warm-up and window) | {} | {} |",
		single.submitted, gateway.submitted
	);
	println!("| reports refused at submission | {} | {} |", single.refused, gateway.refused);
	println!(
		"| reports finalised in the {seconds} s window | {} | {} |",
		single.finalized_reports, gateway.finalized_reports
	);
	println!(
		"| reports/s verified, included and finalised | {:.0} | {:.0} |",
		single.rate, gateway.rate
	);
	println!("| submit-to-finalised p50 | {} ms | {} ms |", single.p50_ms, gateway.p50_ms);
	println!("| submit-to-finalised p99 | {} ms | {} ms |", single.p99_ms, gateway.p99_ms);
	println!(
		"| ratio to R = {r:.0}/s | {:.3} (target >= 0.15) | {:.3} (target >= 0.30) |",
		single.rate / r,
		gateway.rate / r
	);
	println!(
		"| from a cold start: reports/s finalised in the first {seconds} s | {:.0} | {:.0} |",
		single.cold_rate, gateway.cold_rate
	);
	Ok(())
}
