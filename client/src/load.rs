//! A bounded load test of a node's JSON-RPC reads, for operators sizing an RPC node.
//!
//! `connections` WebSocket connections share a fixed request `rate` for `duration`; each sends
//! its calls on a fixed schedule (open loop) and waits for each answer before the next. A
//! call's latency is measured from the time it was *scheduled*, so a slow answer that delays
//! the next calls counts against them too (no coordinated omission). The methods are called in
//! turn. It connects to 127.0.0.1 only and caps the rate, the duration and the connections: it
//! is a measuring tool, not a way to flood someone else's node.

use std::{
	thread,
	time::{Duration, Instant},
};

use serde_json::{json, Value};

use crate::ws::WsRpc;

/// The highest request rate the tool accepts, per second.
pub const MAX_RATE: u32 = 5_000;
/// The longest run the tool accepts.
pub const MAX_DURATION: Duration = Duration::from_secs(600);
/// The most connections the tool opens (the node's default `--rpc-max-connections` is 100).
pub const MAX_CONNECTIONS: u32 = 64;

/// What to run.
#[derive(Clone, Debug)]
pub struct LoadConfig {
	/// The node's RPC port on 127.0.0.1.
	pub port: u16,
	/// Requests per second, all connections together.
	pub rate: u32,
	pub duration: Duration,
	pub connections: u32,
	/// `(method, params)` called in turn.
	pub calls: Vec<(String, Value)>,
}

/// Latencies of one method, in microseconds, sorted.
#[derive(Clone, Debug, Default)]
pub struct MethodFigures {
	pub method: String,
	pub latencies_us: Vec<u64>,
	pub errors: u64,
}

impl MethodFigures {
	/// The `p`-th percentile (0..=100) of the latencies, in microseconds (nearest rank).
	pub fn percentile(&self, p: u32) -> u64 {
		percentile(&self.latencies_us, p)
	}
}

/// The outcome of a run.
#[derive(Clone, Debug)]
pub struct LoadReport {
	pub config_rate: u32,
	pub connections: u32,
	pub elapsed: Duration,
	/// Answers received (results and errors).
	pub answered: u64,
	pub per_method: Vec<MethodFigures>,
	/// All methods together.
	pub all: MethodFigures,
}

impl LoadReport {
	/// Answers per second achieved.
	pub fn achieved_rate(&self) -> f64 {
		self.answered as f64 / self.elapsed.as_secs_f64().max(1e-9)
	}

	/// A table for people.
	pub fn render(&self) -> String {
		let mut out = format!(
			"{} requests at {}/s stated over {} WebSocket connections: {:.1}/s achieved in {:.1} s\n",
			self.answered,
			self.config_rate,
			self.connections,
			self.achieved_rate(),
			self.elapsed.as_secs_f64()
		);
		out.push_str(&format!(
			"{:<22} {:>8} {:>7} {:>10} {:>10} {:>10}\n",
			"method", "calls", "errors", "p50 ms", "p99 ms", "max ms"
		));
		for m in self.per_method.iter().chain(std::iter::once(&self.all)) {
			out.push_str(&format!(
				"{:<22} {:>8} {:>7} {:>10.2} {:>10.2} {:>10.2}\n",
				m.method,
				m.latencies_us.len() as u64 + m.errors,
				m.errors,
				m.percentile(50) as f64 / 1000.0,
				m.percentile(99) as f64 / 1000.0,
				m.latencies_us.last().copied().unwrap_or(0) as f64 / 1000.0,
			));
		}
		out
	}
}

/// The nearest-rank percentile of sorted values (0 if empty).
pub fn percentile(sorted: &[u64], p: u32) -> u64 {
	if sorted.is_empty() {
		return 0;
	}
	let rank = (sorted.len() as u64 * u64::from(p.min(100))).div_ceil(100).max(1);
	sorted[(rank - 1) as usize]
}

/// The reads a wallet makes when it opens: supply, the account's view, its stones, crystals
/// and boxes, the mining schedule, the catalog and the box types.
pub fn wallet_reads(account: &str) -> Vec<(String, serde_json::Value)> {
	[
		("csop_supply", json!([])),
		("csop_account", json!([account])),
		("csop_equityShare", json!([account])),
		("csop_crystals", json!([account])),
		("csop_boxes", json!([account])),
		("csop_miningSchedule", json!([])),
		("csop_catalog", json!([])),
		("csop_boxTypes", json!([])),
	]
	.into_iter()
	.map(|(m, p)| (m.to_owned(), p))
	.collect()
}

/// Runs the load and collects the figures.
pub fn run(config: &LoadConfig) -> Result<LoadReport, String> {
	if config.rate == 0 || config.rate > MAX_RATE {
		return Err(format!("rate must be 1..={MAX_RATE} requests per second"));
	}
	if config.duration.is_zero() || config.duration > MAX_DURATION {
		return Err(format!("duration must be at most {} s", MAX_DURATION.as_secs()));
	}
	if config.connections == 0 || config.connections > MAX_CONNECTIONS {
		return Err(format!("connections must be 1..={MAX_CONNECTIONS}"));
	}
	if config.calls.is_empty() {
		return Err("no methods to call".into());
	}
	let connections = config.connections.min(config.rate);
	let total = (u64::from(config.rate) * config.duration.as_millis() as u64 / 1000).max(1);
	// Request k (over all connections) is scheduled at start + k / rate; connection c sends
	// requests c, c + connections, ...
	let interval = Duration::from_secs_f64(1.0 / f64::from(config.rate));
	let mut sockets = Vec::new();
	for _ in 0..connections {
		sockets.push(WsRpc::connect(config.port, Duration::from_secs(30))?);
	}
	let start = Instant::now() + Duration::from_millis(100);
	let workers: Vec<_> = sockets
		.into_iter()
		.enumerate()
		.map(|(c, mut socket)| {
			let calls = config.calls.clone();
			thread::spawn(move || {
				let mut samples: Vec<(usize, Option<u64>)> = Vec::new();
				let mut k = c as u64;
				while k < total {
					let due = start + interval.mul_f64(k as f64);
					if let Some(wait) = due.checked_duration_since(Instant::now()) {
						thread::sleep(wait);
					}
					let which = (k as usize) % calls.len();
					let (method, params) = &calls[which];
					let ok = socket.call(k, method, params)?.get("result").is_some();
					let latency = Instant::now().saturating_duration_since(due);
					samples.push((which, ok.then_some(latency.as_micros() as u64)));
					k += u64::from(connections);
				}
				Ok::<_, String>(samples)
			})
		})
		.collect();
	let mut per_method: Vec<MethodFigures> = config
		.calls
		.iter()
		.map(|(m, _)| MethodFigures { method: m.clone(), ..Default::default() })
		.collect();
	let mut all = MethodFigures { method: "all".into(), ..Default::default() };
	let mut answered = 0;
	for worker in workers {
		let samples = worker.join().map_err(|_| "a load worker panicked".to_string())??;
		for (which, latency) in samples {
			answered += 1;
			match latency {
				Some(us) => {
					per_method[which].latencies_us.push(us);
					all.latencies_us.push(us);
				},
				None => {
					per_method[which].errors += 1;
					all.errors += 1;
				},
			}
		}
	}
	let elapsed = start.elapsed();
	for m in per_method.iter_mut().chain(std::iter::once(&mut all)) {
		m.latencies_us.sort_unstable();
	}
	Ok(LoadReport { config_rate: config.rate, connections, elapsed, answered, per_method, all })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn percentiles_are_nearest_rank() {
		let v: Vec<u64> = (1..=100).collect();
		assert_eq!(percentile(&v, 50), 50);
		assert_eq!(percentile(&v, 99), 99);
		assert_eq!(percentile(&v, 100), 100);
		assert_eq!(percentile(&[7], 99), 7);
		assert_eq!(percentile(&[], 50), 0);
	}

	#[test]
	fn out_of_bounds_runs_are_refused() {
		let base = LoadConfig {
			port: 1,
			rate: 10,
			duration: Duration::from_secs(1),
			connections: 1,
			calls: vec![("csop_supply".into(), json!([]))],
		};
		for bad in [
			LoadConfig { rate: 0, ..base.clone() },
			LoadConfig { rate: MAX_RATE + 1, ..base.clone() },
			LoadConfig { duration: MAX_DURATION + Duration::from_secs(1), ..base.clone() },
			LoadConfig { connections: 0, ..base.clone() },
			LoadConfig { calls: vec![], ..base.clone() },
		] {
			assert!(run(&bad).is_err(), "{bad:?}");
		}
	}
}
