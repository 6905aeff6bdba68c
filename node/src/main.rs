//! `csop-node`: the CSOP Chain node binary.
//!
//! A thin shell around the runtime: command line ([`cli`]), subcommands ([`command`]), the
//! consensus and networking service ([`service`]), JSON-RPC ([`rpc`]), chain specs
//! ([`chain_spec`]) and the refusal to start a Live chain with development keys
//! ([`dev_keys`]). No business logic lives here.

// sc-cli's and sc-service's errors are large (176 bytes and more), and every command and service
// function returns them, as in polkadot-sdk's node templates: boxing them would only move the
// allocation to the error path of start-up code.
#![allow(clippy::result_large_err, reason = "sc-cli and sc-service return their large errors")]

mod chain_spec;
mod cli;
mod command;
mod dev_keys;
mod node_authorization;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
