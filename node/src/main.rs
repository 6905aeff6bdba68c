//! `csop-node`: the CSOP Chain node binary.
//!
//! A thin shell around the runtime: command line ([`cli`]), subcommands ([`command`]), the
//! consensus and networking service ([`service`]), JSON-RPC ([`rpc`]) and chain specs
//! ([`chain_spec`]). No business logic lives here.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
