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

mod bench;
mod cli;
mod drive;
mod setup;

use std::time::Duration;

use clap::Parser;
use csop_client::Rpc;

use bench::{bench, print_verification_rates, Window};
use cli::{Cli, Command};
use drive::drive;
use setup::{chain_spec, register};

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

pub(crate) type Result<T> = std::result::Result<T, String>;
