//! The chain's node authorization from the node's first moment.
//!
//! `pallet-node-authorization`'s offchain worker hands the network the peers this node may
//! talk to (reserved peers, reserved-only mode) on every block it imports as its new best.
//! Until it first runs, the network admits anyone: a node that restarts while its chain does
//! not advance (a full node of a stalled chain, a node still catching up, during which
//! offchain workers do not run) would serve its blocks to any peer that dials it.
//!
//! So the network starts in reserved-only mode ([`deny_until_authorised`]) and, before it
//! dials anyone, is given the peers the offchain worker would give it from the state of the
//! node's best block ([`apply_from_state`]); the offchain worker keeps them current from then
//! on. Same rule as the pallet's: a well-known node talks to the other well-known nodes and to
//! its additional connections; any other node to its additional connections only.

use std::collections::{BTreeSet, HashSet};

use codec::Decode;
use csop_runtime::{opaque::Block, Runtime};
use sc_client_api::{HeaderBackend, StorageProvider};
use sc_network::{config::NonReservedPeerMode, service::traits::NetworkPeers, PeerId};
use sp_core::{storage::StorageKey, OpaquePeerId};

/// Starts the network's default peer set in reserved-only mode, with no reserved peer yet.
pub fn deny_until_authorised(network: &mut sc_network::config::NetworkConfiguration) {
	network.default_peers_set.non_reserved_mode = NonReservedPeerMode::Deny;
}

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

/// Gives `network` (node `own`) the peers it may talk to, from the state of `client`'s best
/// block, in reserved-only mode (what the offchain worker does on every new best block).
/// Returns how many.
pub fn apply_from_state<C, B>(
	client: &C,
	network: &dyn NetworkPeers,
	own: &PeerId,
) -> sp_blockchain::Result<usize>
where
	C: HeaderBackend<Block> + StorageProvider<Block, B>,
	B: sc_client_api::Backend<Block>,
{
	let peers = authorised_peers(client, own)?;
	let count = peers.len();
	network.set_authorized_peers(peers);
	network.set_authorized_only(true);
	Ok(count)
}
