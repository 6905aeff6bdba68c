//! Subcommand dispatch and the `SubstrateCli` description of this node.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"CSOP Chain Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"see docs/operators.md in the CSOP Chain repository".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	/// `dev` (also `--dev`), `local`, `production`, or a path to a chain spec JSON file.
	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			"production" => Box::new(chain_spec::production_chain_spec()?),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

/// Parse the command line and run the node or the chosen subcommand.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<csop_runtime::opaque::Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			use frame_benchmarking_cli::BenchmarkCmd;
			match cmd {
				// Runs against a runtime wasm (`--runtime PATH --genesis-builder runtime`) or the
				// chain spec given with `--chain`.
				BenchmarkCmd::Pallet(cmd) => {
					let runner = cli.create_runner(cmd)?;
					// The runtime's own host functions besides sp-io's and frame-benchmarking's.
					runner.sync_run(|config| {
						cmd.run_with_spec::<
							sp_runtime::traits::HashingFor<csop_runtime::opaque::Block>,
							csop_device_crypto::HostFunctions,
						>(Some(config.chain_spec))
					})
				},
				// The per-block and per-extrinsic base weights (`BlockExecutionWeight`,
				// `ExtrinsicBaseWeight`): empty blocks and blocks of `System::remark`s signed by
				// the development chain's Alice, against the runtime wasm given with `--runtime`
				// (`--genesis-builder-preset development`) or the chain spec file given with
				// `--chain`.
				BenchmarkCmd::Overhead(cmd) => {
					let runner = cli.create_runner(cmd)?;
					runner.sync_run(|_config| {
						cmd.run_with_default_builder_and_spec::<
							csop_runtime::opaque::Block,
							csop_device_crypto::HostFunctions,
						>(None)
					})
				},
				// The database weights (`DbWeight`: one read, one write) on this node's database
				// at `--base-path` and the chain given with `--chain`: run it on a copy of a
				// production node's database, whose state has the production's size.
				BenchmarkCmd::Storage(cmd) => {
					let runner = cli.create_runner(cmd)?;
					runner.sync_run(|config| {
						let PartialComponents { client, backend, .. } =
							service::new_partial(&config)?;
						let db = backend.expose_db();
						let storage = backend.expose_storage();
						let shared_trie_cache = backend.expose_shared_trie_cache();
						cmd.run(config, client, db, storage, shared_trie_cache)
					})
				},
				_ => Err("only `benchmark pallet`, `benchmark overhead` and `benchmark storage` \
				          are supported by csop-node"
					.into()),
			}
		},
		None => {
			// The runtime restricts peers by node authorization, which takes effect only
			// where the offchain worker runs (it hands the network the authorised peers): so
			// every node runs it, authority or not, and one cannot be told not to.
			if matches!(
				cli.run.offchain_worker_params.enabled,
				sc_cli::OffchainWorkerEnabled::Never
			) {
				return Err(sc_cli::Error::Input(
					"`--offchain-worker never` would let any peer connect: this chain admits \
					 only the peers its node authorization names, which the offchain worker \
					 applies. Leave the flag out."
						.into(),
				));
			}
			let runner = cli.create_runner(&cli.run)?;
			crate::dev_keys::refuse_well_known_keys(&*runner.config().chain_spec)
				.map_err(sc_cli::Error::Input)?;
			runner.run_node_until_exit(|mut config| async move {
				config.offchain_worker.enabled = true;
				service::new_full::<sc_network::NetworkWorker<_, _>>(config)
					.map_err(sc_cli::Error::Service)
			})
		},
	}
}
