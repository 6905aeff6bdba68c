//! JSON-RPC: the node's own RPC methods on top of the standard ones (`author_*`, `chain_*`,
//! `state_*`, `system_*`, `rpc_methods`) that `sc-service` installs.
//!
//! Added here: `system_accountNextIndex` (nonce for wallets), `grandpa_*` (finality status and
//! proofs), `babe_epochAuthorship` (unsafe: which slots this node's keys may author), and the
//! chain's own `csop_*` methods ([`account`], [`stones`], [`redemptions`], [`vehicles`],
//! [`mining`], [`cultivation`]).

pub mod account;
pub mod common;
pub mod cultivation;
pub mod mining;
pub mod redemptions;
pub mod stones;
pub mod vehicles;

use std::sync::Arc;

use csop_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_consensus_babe::BabeWorkerHandle;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_consensus::SelectChain;
use sp_consensus_babe::BabeApi;
use sp_keystore::KeystorePtr;

/// What the BABE RPC needs.
pub struct BabeDeps {
	/// A handle to the BABE worker for epoch data.
	pub babe_worker_handle: BabeWorkerHandle<Block>,
	/// The keystore that manages the keys of the node.
	pub keystore: KeystorePtr,
}

/// What the GRANDPA RPC needs.
pub struct GrandpaDeps<B> {
	/// Voting round info.
	pub shared_voter_state: SharedVoterState,
	/// Authority set info.
	pub shared_authority_set: SharedAuthoritySet<csop_runtime::Hash, csop_runtime::BlockNumber>,
	/// Receives notifications about justification events from GRANDPA.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Executor to drive the subscription manager in the GRANDPA RPC handler.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Finality proof provider.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// Full client dependencies.
pub struct FullDeps<C, P, SC, B> {
	/// The client instance to use.
	pub client: Arc<C>,
	/// Transaction pool instance.
	pub pool: Arc<P>,
	/// The chain selection rule (for BABE's epoch lookups).
	pub select_chain: SC,
	/// BABE specific dependencies.
	pub babe: BabeDeps,
	/// GRANDPA specific dependencies.
	pub grandpa: GrandpaDeps<B>,
}

/// Instantiate all full RPC extensions.
pub fn create_full<C, P, SC, B>(
	deps: FullDeps<C, P, SC, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: BabeApi<Block>,
	C::Api: BlockBuilder<Block>,
	C::Api: csop_runtime::account_api::AccountApi<Block, AccountId, Balance>,
	C::Api: pallet_stones::runtime_api::StonesApi<Block, AccountId, Balance>,
	C::Api: pallet_redemptions::runtime_api::RedemptionsApi<Block, AccountId, Balance>,
	C::Api: pallet_vehicles::runtime_api::VehiclesApi<Block, AccountId>,
	C::Api: pallet_mileage_mining::runtime_api::MileageMiningApi<Block, Balance>,
	C::Api: pallet_crystals::runtime_api::CrystalsApi<Block, AccountId>,
	C::Api: pallet_consortium::runtime_api::ConsortiumApi<Block, AccountId>,
	C::Api: pallet_mine_boxes::runtime_api::MineBoxesApi<
		Block,
		AccountId,
		csop_runtime::Hash,
		Balance,
		csop_runtime::BlockNumber,
	>,
	P: TransactionPool + 'static,
	SC: SelectChain<Block> + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
{
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, select_chain, babe, grandpa } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(account::AccountRpcServer::into_rpc(account::Account::new(client.clone())))?;
	module.merge(stones::StonesRpcServer::into_rpc(stones::Stones::new(client.clone())))?;
	module.merge(redemptions::RedemptionsRpcServer::into_rpc(redemptions::Redemptions::new(
		client.clone(),
	)))?;
	module.merge(vehicles::VehiclesRpcServer::into_rpc(vehicles::Vehicles::new(client.clone())))?;
	module.merge(mining::MiningRpcServer::into_rpc(mining::Mining::new(client.clone())))?;
	module.merge(cultivation::CultivationRpcServer::into_rpc(cultivation::Cultivation::new(
		client.clone(),
	)))?;
	module.merge(
		Babe::new(client, babe.babe_worker_handle, babe.keystore, select_chain).into_rpc(),
	)?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;

	Ok(module)
}
