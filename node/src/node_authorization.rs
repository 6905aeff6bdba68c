//! The chain's node authorization from the node's first moment.
//!
//! `pallet-node-authorization`'s offchain worker hands the network the peers this node may
//! talk to (reserved peers, reserved-only mode) on every block it imports as its new best.
//! Until it first runs, the network admits anyone: a node that restarts while its chain does
//! not advance (a full node of a stalled chain, a node still catching up, during which
//! offchain workers do not run) would sync with any peer that dials it.
//!
//! So a node that the state it holds authorises (a well-known node, or one with additional
//! connections) starts its network reserved-only ([`restrict_from_start`]), with the peers the
//! offchain worker would give it from the state of its best block ([`apply`]); the offchain
//! worker keeps them current from then on. The pallet's rule: a well-known node talks to the
//! other well-known nodes and to its additional connections; any other node to its additional
//! connections only. A node its state does not authorise (a new node whose authorising motion
//! is not in its state yet) starts open, as it did before, and takes the list at its first
//! block: restricting it would leave it nobody to sync from.

use std::collections::{BTreeSet, HashSet};

use codec::Decode;
use csop_runtime::{opaque::Block, Runtime};
use sc_client_api::{HeaderBackend, StorageProvider};
use sc_network::{
	config::{NetworkConfiguration, NonReservedPeerMode},
	service::traits::NetworkPeers,
	PeerId,
};
use sp_core::{storage::StorageKey, OpaquePeerId};

/// The peers node `own` may talk to, as `pallet-node-authorization` decides, read from the
/// state of `client`'s best block.
pub fn authorised_peers<C, B>(client: &C, own: &PeerId) -> sp_blockchain::Result<HashSet<PeerId>>
where
	C: HeaderBackend<Block> + StorageProvider<Block, B>,
	B: sc_client_api::Backend<Block>,
{
	let best = client.info().best_hash;
	let read = |key: Vec<u8>| -> sp_blockchain::Result<BTreeSet<OpaquePeerId>> {
		match client.storage(best, &StorageKey(key))? {
			None => Ok(BTreeSet::new()),
			Some(data) => BTreeSet::decode(&mut &data.0[..]).map_err(|e| {
				sp_blockchain::Error::Application(
					format!("node authorization state does not decode: {e}").into(),
				)
			}),
		}
	};
	let own = OpaquePeerId(own.to_bytes());
	let mut nodes =
		read(pallet_node_authorization::AdditionalConnections::<Runtime>::hashed_key_for(&own))?;
	let well_known =
		read(pallet_node_authorization::WellKnownNodes::<Runtime>::hashed_key().to_vec())?;
	if well_known.contains(&own) {
		nodes.extend(well_known.into_iter().filter(|node| *node != own));
	}
	Ok(nodes.into_iter().filter_map(|node| PeerId::from_bytes(&node.0).ok()).collect())
}

/// If the state of `client`'s best block authorises this node (the node key of `network`),
/// starts the network's default peer set reserved-only and returns the peers to give it
/// ([`apply`], once the network is built). `None` (the network starts open) for a node its
/// state does not authorise, or whose node key is made anew at every start (`Secret::New`:
/// its peer id cannot be known before the network has it).
pub fn restrict_from_start<C, B>(
	client: &C,
	network: &mut NetworkConfiguration,
) -> sp_blockchain::Result<Option<HashSet<PeerId>>>
where
	C: HeaderBackend<Block> + StorageProvider<Block, B>,
	B: sc_client_api::Backend<Block>,
{
	use sc_network::config::{NodeKeyConfig, Secret};
	if matches!(network.node_key, NodeKeyConfig::Ed25519(Secret::New)) {
		return Ok(None);
	}
	let keypair = network.node_key.clone().into_keypair().map_err(|e| {
		sp_blockchain::Error::Application(format!("the node key cannot be read: {e}").into())
	})?;
	let peers = authorised_peers(client, &keypair.public().to_peer_id())?;
	if peers.is_empty() {
		return Ok(None);
	}
	network.default_peers_set.non_reserved_mode = NonReservedPeerMode::Deny;
	Ok(Some(peers))
}

/// Gives `network` the authorised `peers`, reserved-only (what the offchain worker does on
/// every new best block).
pub fn apply(network: &dyn NetworkPeers, peers: HashSet<PeerId>) {
	network.set_authorized_peers(peers);
	network.set_authorized_only(true);
}
