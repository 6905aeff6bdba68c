//! The command line: the global `--rpc` option and the subcommands with their flags.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Simulated vehicles for CSOP Chain: register, drive, benchmark")]
pub(crate) struct Cli {
	/// The node's JSON-RPC endpoint (HTTP).
	#[arg(long, default_value = "127.0.0.1:9944", global = true)]
	pub(crate) rpc: String,
	#[command(subcommand)]
	pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
