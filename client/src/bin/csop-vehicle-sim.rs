//! `csop-vehicle-sim`: simulated cars for CSOP Chain.
//!
//! - `chain-spec`: adds N simulated vehicles (registered, consent granted) to a chain spec, for
//!   load tests; optionally with other mining parameters.
//! - `register`: registers N vehicles on a running development chain through sudo and grants their
//!   data consent, signed by their owner.
//! - `drive`: the cars drive and report their mileage in real time, alone or through a gateway.
//! - `verify-rates`: how fast one core verifies device signatures (each key type, alone and in
//!   batches); needs no node.
//! - `bench`: measures report throughput and latency on a running node (see
//!   docs/mileage-benchmark.md and scripts/bench/bench-mileage.sh).

use std::{
	collections::HashMap,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	thread,
	time::{Duration, Instant},
};

use clap::{Parser, Subcommand};
use codec::Encode;
use csop_client::{
	chain,
	rpc::{from_hex, to_hex},
	tx::{self, ChainInfo},
	vehicle::{bundle_extrinsic, report_extrinsic, SignedReport, SimVehicle},
	verify_rates, Rpc,
};
use csop_runtime::{Runtime, RuntimeCall};
use pallet_mileage_mining::MiningParams;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};

#[derive(Parser)]
#[command(about = "Simulated vehicles for CSOP Chain: register, drive, benchmark")]
struct Cli {
	/// The node's JSON-RPC endpoint (HTTP).
	#[arg(long, default_value = "127.0.0.1:9944", global = true)]
	rpc: String,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Adds vehicles 0..N (registered, consent granted) to a chain spec JSON file.
	ChainSpec {
		/// The chain spec to extend (from `csop-node export-chain-spec --chain dev`).
		#[arg(long)]
		input: String,
		/// Where to write the extended chain spec.
		#[arg(long)]
		output: String,
		#[arg(long, default_value_t = 1_000)]
		vehicles: u32,
		/// The minimum interval between two reports of a vehicle (a load test's cars report
		/// more often than real ones).
		#[arg(long)]
		min_report_interval_ms: Option<u64>,
	},
	/// Registers vehicles FIRST..FIRST+N through sudo; their owner grants consent.
	Register {
		#[arg(long, default_value_t = 3)]
		vehicles: u32,
		#[arg(long, default_value_t = 0)]
		first: u32,
		/// The registrar: the sudo key of a development chain.
		#[arg(long, default_value = "//Alice")]
		sudo: String,
		/// The owner (signs the consent; must have an account on chain).
		#[arg(long, default_value = "//Bob")]
		owner: String,
	},
	/// The vehicles drive ROUNDS rounds, one report per vehicle and round, a round every
	/// INTERVAL seconds of real time.
	Drive {
		#[arg(long, default_value_t = 3)]
		vehicles: u32,
		#[arg(long, default_value_t = 0)]
		first: u32,
		#[arg(long, default_value_t = 3)]
		rounds: u32,
		#[arg(long, default_value_t = 61)]
		interval: u64,
		/// Metres per report.
		#[arg(long, default_value_t = 1_000)]
		meters: u64,
		/// Send through a gateway in bundles of this many reports (0: each car alone).
		#[arg(long, default_value_t = 0)]
		gateway_bundle: usize,
	},
	/// Measures how fast one core verifies device signatures (R: sr25519, one by one), each
	/// key type alone and in batches; needs no node.
	VerifyRates {
		/// Signatures per batch.
		#[arg(long, default_value_t = 64)]
		batch: usize,
	},
	/// Measures R (sr25519 verifications per second on one core) and the node's report
	/// throughput and submit-to-finalised latency, alone and through gateway bundles.
	Bench {
		/// Vehicles in the chain spec (`chain-spec --vehicles`).
		#[arg(long, default_value_t = 20_000)]
		vehicles: u32,
		/// Seconds of each phase's measurement window.
		#[arg(long, default_value_t = 60)]
		seconds: u64,
		/// Seconds each phase loads the node before its window opens, so that the window
		/// sees the sustained rate rather than the first reports' way to finality.
		#[arg(long, default_value_t = 20)]
		warmup: u64,
		/// Reports per gateway bundle.
		#[arg(long, default_value_t = 64)]
		gateway_bundle: usize,
		/// Most single reports submitted but not yet finalised at any time (keeps the pool
		/// bounded). The phase's throughput can be no more than this over the
		/// submit-to-finalised time: it must exceed what the chain takes in that time.
		#[arg(long, default_value_t = 12_000)]
		in_flight: usize,
		/// The same for reports in gateway bundles.
		#[arg(long, default_value_t = 30_000)]
		gateway_in_flight: usize,
	},
}

fn main() {
	let cli = Cli::parse();
	let rpc = Rpc::new(&cli.rpc);
	let result = match cli.command {
		Command::ChainSpec { input, output, vehicles, min_report_interval_ms } => {
			chain_spec(&input, &output, vehicles, min_report_interval_ms)
		},
		Command::Register { vehicles, first, sudo, owner } => {
			register(&rpc, first, vehicles, &sudo, &owner)
		},
		Command::Drive { vehicles, first, rounds, interval, meters, gateway_bundle } => {
			drive(&rpc, first, vehicles, rounds, interval, meters, gateway_bundle)
		},
		Command::VerifyRates { batch } => {
			print_verification_rates(batch);
			Ok(())
		},
		Command::Bench {
			vehicles,
			seconds,
			warmup,
			gateway_bundle,
			in_flight,
			gateway_in_flight,
		} => bench(
			&rpc,
			vehicles,
			Window { warmup: Duration::from_secs(warmup), length: Duration::from_secs(seconds) },
			gateway_bundle,
			(in_flight, gateway_in_flight),
		),
	};
	if let Err(e) = result {
		eprintln!("error: {e}");
		std::process::exit(1);
	}
}

type Result<T> = std::result::Result<T, String>;

fn sr25519_pair(suri: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(suri, None).map_err(|e| format!("bad secret URI {suri:?}: {e:?}"))
}

/// The owner of simulated vehicle `index` in a generated chain spec: 64 vehicles per owner.
fn spec_owner(index: u32) -> sp_runtime::AccountId32 {
	sr25519::Pair::from_string(&format!("//owner//{}", index / 64), None)
		.expect("a derivation path is a valid secret URI")
		.public()
		.into()
}

fn chain_spec(input: &str, output: &str, vehicles: u32, interval: Option<u64>) -> Result<()> {
	let text = std::fs::read_to_string(input).map_err(|e| format!("reading {input}: {e}"))?;
	let mut spec: Value = serde_json::from_str(&text).map_err(|e| format!("{input}: {e}"))?;
	let patch = spec
		.pointer_mut("/genesis/runtimeGenesis/patch")
		.ok_or("the chain spec has no genesis patch: export it without --raw")?;
	let genesis_vehicles: Vec<pallet_vehicles::GenesisVehicleOf<Runtime>> = (0..vehicles)
		.map(|i| {
			let car = SimVehicle::numbered(i);
			pallet_vehicles::GenesisVehicle {
				id: car.id,
				device_key: car.key.public(),
				model: 1,
				activated_at_ms: 0,
				owner: spec_owner(i),
				consent: Some(pallet_vehicles::Consent { granted_at_ms: 0, expires_at_ms: None }),
			}
		})
		.collect();
	let vehicles_config = pallet_vehicles::GenesisConfig::<Runtime> { vehicles: genesis_vehicles };
	patch["vehicles"] = serde_json::to_value(&vehicles_config).map_err(|e| e.to_string())?;
	if let Some(ms) = interval {
		let params = MiningParams { min_report_interval_ms: ms, ..Default::default() };
		patch["mileageMining"] =
			json!({ "params": serde_json::to_value(params).map_err(|e| e.to_string())? });
	}
	std::fs::write(output, serde_json::to_string(&spec).map_err(|e| e.to_string())?)
		.map_err(|e| format!("writing {output}: {e}"))?;
	println!("wrote {output}: {vehicles} vehicles");
	Ok(())
}

/// Submits `xts` and waits until every one is in a finalised block.
fn submit_and_finalise(rpc: &Rpc, xts: &[csop_runtime::UncheckedExtrinsic]) -> Result<()> {
	let mut pending: HashMap<[u8; 32], usize> = HashMap::new();
	for (i, xt) in xts.iter().enumerate() {
		let bytes = xt.encode();
		tx::submit(rpc, xt).map_err(|e| format!("extrinsic {i} refused: {e}"))?;
		pending.insert(sp_crypto_hashing::blake2_256(&bytes), i);
	}
	let mut finalized = finalized_number(rpc)?;
	let deadline = Instant::now() + Duration::from_secs(120);
	while !pending.is_empty() {
		if Instant::now() > deadline {
			return Err(format!("{} extrinsics not finalised within 120 s", pending.len()));
		}
		thread::sleep(Duration::from_millis(500));
		let head = finalized_number(rpc)?;
		for n in finalized + 1..=head {
			for xt in block_extrinsics(rpc, n)? {
				pending.remove(&sp_crypto_hashing::blake2_256(&xt));
			}
		}
		finalized = head;
	}
	Ok(())
}

fn register(rpc: &Rpc, first: u32, n: u32, sudo: &str, owner: &str) -> Result<()> {
	let chain = ChainInfo::fetch(rpc).map_err(|e| e.to_string())?;
	let sudo = sr25519_pair(sudo)?;
	let owner = sr25519_pair(owner)?;
	let owner_id: sp_runtime::AccountId32 = owner.public().into();
	let sudo_nonce = tx::next_nonce(rpc, &sudo).map_err(|e| e.to_string())?;
	let owner_nonce = tx::next_nonce(rpc, &owner).map_err(|e| e.to_string())?;
	let mut registrations = Vec::new();
	let mut consents = Vec::new();
	for (k, i) in (first..first + n).enumerate() {
		let k = k as u32;
		let car = SimVehicle::numbered(i);
		let call = RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: car.id,
			device_key: car.key.public(),
			model: 1,
			activated_at_ms: chain::now_ms(),
			owner: owner_id.clone(),
		});
		let sudo_call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
		registrations.push(tx::signed(&chain, sudo_call, &sudo, &sudo, sudo_nonce + k));
		let consent = RuntimeCall::Vehicles(pallet_vehicles::Call::grant_consent {
			vehicle: car.id,
			expires_at_ms: None,
		});
		consents.push(tx::signed(&chain, consent, &owner, &owner, owner_nonce + k));
		println!(
			"vehicle {i}: id {:?}, {:?} device key, VIN {}",
			car.id,
			car.key.scheme(),
			car.vin
		);
	}
	submit_and_finalise(rpc, &registrations)?;
	submit_and_finalise(rpc, &consents)?;
	println!("registered {n} vehicles owned by {owner_id}, consent granted");
	Ok(())
}

fn drive(
	rpc: &Rpc,
	first: u32,
	n: u32,
	rounds: u32,
	interval: u64,
	meters: u64,
	gateway_bundle: usize,
) -> Result<()> {
	let chain = ChainInfo::fetch(rpc).map_err(|e| e.to_string())?;
	let mut cars: Vec<SimVehicle> = (first..first + n).map(SimVehicle::numbered).collect();
	for car in &mut cars {
		resume(rpc, car)?;
	}
	for round in 0..rounds {
		let t = chain::now_ms();
		let reports: Vec<SignedReport> = cars
			.iter_mut()
			.map(|car| car.drive_and_report(chain.genesis, meters, t))
			.collect();
		let xts: Vec<_> = if gateway_bundle == 0 {
			reports.into_iter().map(report_extrinsic).collect()
		} else {
			reports
				.chunks(gateway_bundle)
				.map(|c| {
					bundle_extrinsic(c.to_vec())
						.ok_or_else(|| "gateway bundle larger than the runtime allows".to_string())
				})
				.collect::<Result<_>>()?
		};
		submit_and_finalise(rpc, &xts)?;
		println!("round {}: {} reports of {meters} m finalised", round + 1, cars.len());
		if round + 1 < rounds {
			thread::sleep(Duration::from_secs(interval));
		}
	}
	Ok(())
}

/// Continues a car's sequence and odometer from the chain (a restarted simulator).
fn resume(rpc: &Rpc, car: &mut SimVehicle) -> Result<()> {
	let info = rpc
		.call("csop_vehicleMining", json!([format!("{:?}", car.id)]))
		.map_err(|e| e.to_string())?;
	if !info.is_null() {
		car.seq = info["lastSeq"].as_u64().unwrap_or(0);
		car.odometer_m = info["lastOdometerM"].as_u64().unwrap_or(0);
		car.time_ms = info["lastTimeMs"].as_u64().unwrap_or(0);
	}
	Ok(())
}

/// Waits, at most `timeout`, until the transaction pool is empty and the best block of that
/// moment final, so that what one phase left in the pool does not count against the next.
fn drain(rpc: &Rpc, timeout: Duration) -> Result<()> {
	let end = Instant::now() + timeout;
	let mut emptied_at: Option<u32> = None;
	while Instant::now() < end {
		match emptied_at {
			None => {
				let pool =
					rpc.call("author_pendingExtrinsics", json!([])).map_err(|e| e.to_string())?;
				if pool.as_array().is_some_and(|xts| xts.is_empty()) {
					emptied_at = Some(chain::best_number(rpc).map_err(|e| e.to_string())?);
				}
			},
			Some(best) if finalized_number(rpc)? >= best => return Ok(()),
			Some(_) => {},
		}
		thread::sleep(Duration::from_secs(1));
	}
	Err(format!("the pool did not drain within {} s", timeout.as_secs()))
}

/// The number of the last finalised block.
fn finalized_number(rpc: &Rpc) -> Result<u32> {
	chain::finalized_number(rpc).map_err(|e| e.to_string())
}

/// The encoded extrinsics of block `n` (to be matched by their hash).
fn block_extrinsics(rpc: &Rpc, n: u32) -> Result<Vec<Vec<u8>>> {
	let Some(hash) = chain::block_hash(rpc, n).map_err(|e| e.to_string())? else {
		return Ok(Vec::new());
	};
	let xts = chain::block_extrinsics(rpc, &hash).map_err(|e| e.to_string())?;
	Ok(xts.iter().filter_map(|x| from_hex(x)).collect())
}

/// Measures how fast this thread verifies device signatures (2 s per figure) and prints the
/// figures; returns R, the sr25519 rate.
fn print_verification_rates(batch: usize) -> f64 {
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
struct Window {
	warmup: Duration,
	length: Duration,
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

fn bench(
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
