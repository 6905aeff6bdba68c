//! `csop-rpc-load`: a bounded load test of a local node's `csop_*` reads over WebSocket.
//! Prints the achieved rate and p50/p99/max latency per method (see docs/operators.md, "RPC
//! nodes"). It connects to 127.0.0.1 only.

use std::time::Duration;

use clap::Parser;
use csop_client::load::{run, wallet_reads, LoadConfig};

#[derive(Parser)]
#[command(about = "Load test of a local CSOP node's csop_* JSON-RPC reads (loopback only)")]
struct Cli {
	/// The node's RPC port on 127.0.0.1.
	#[arg(long, default_value_t = 9944)]
	port: u16,
	/// Requests per second, all connections together (at most 5,000).
	#[arg(long, default_value_t = 200)]
	rate: u32,
	/// Seconds to run (at most 600).
	#[arg(long, default_value_t = 20)]
	duration: u64,
	/// WebSocket connections sharing the rate (at most 64).
	#[arg(long, default_value_t = 4)]
	connections: u32,
	/// The account the per-account reads ask about (SS58 or 0x hex); Alice by default.
	#[arg(long, default_value = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")]
	account: String,
}

fn main() {
	let cli = Cli::parse();
	let config = LoadConfig {
		port: cli.port,
		rate: cli.rate,
		duration: Duration::from_secs(cli.duration),
		connections: cli.connections,
		calls: wallet_reads(&cli.account),
	};
	match run(&config) {
		Ok(report) => print!("{}", report.render()),
		Err(e) => {
			eprintln!("csop-rpc-load: {e}");
			std::process::exit(1);
		},
	}
}
