//! What each class of signer may dispatch: the table in `csop_runtime::signer_policy`
//! (published in docs/operators.md), enforced by `CheckKnownSigner` in the pool and in blocks.

use crate::common::*;
use pallet_node_authorization::{AdditionalConnections, Owners};
use sp_core::OpaquePeerId as PeerId;

fn refused(code: u8) -> sp_runtime::ApplyExtrinsicResult {
	Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code)))
}

fn peer(i: u32) -> PeerId {
	PeerId(i.to_le_bytes().to_vec())
}

fn claim(node: u32) -> RuntimeCall {
	RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node { node: peer(node) })
}

fn add_connections(node: u32, connections: core::ops::Range<u32>) -> RuntimeCall {
	RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
		node: peer(node),
		connections: connections.map(peer).collect(),
	})
}

#[test]
fn a_user_cannot_bloat_state_or_blocks_and_a_member_keeps_bounded_node_calls() {
	let not_allowed = refused(pallet_consortium::CALL_NOT_ALLOWED);
	let too_large = refused(pallet_consortium::CALL_TOO_LARGE);
	genesis("development").execute_with(|| {
		initialize_block_one();
		// Eve is a registered user: she may not claim a node, nor add 100,000 connections to
		// it, nor put a 1 MiB remark in a block.
		let nonce = System::account_nonce(Eve.to_account_id());
		assert_eq!(apply(claim(1), Eve), not_allowed);
		assert_eq!(apply(add_connections(1, 2..100_002), Eve), not_allowed);
		assert_eq!(apply(remark(&vec![7u8; 1 << 20]), Eve), too_large);
		assert_eq!(System::account_nonce(Eve.to_account_id()), nonce, "nothing applied");
		assert_eq!(Owners::<Runtime>::get(peer(1)), None);
		assert!(AdditionalConnections::<Runtime>::get(peer(1)).is_empty());
		// A short remark is still hers to make.
		assert_eq!(apply(remark(&[7u8; 256]), Eve), Ok(Ok(())));

		// Bob is a member: he claims a node and adds a bounded list of connections...
		assert_eq!(apply(claim(1), Bob), Ok(Ok(())));
		let bound = csop_runtime::signer_policy::MAX_NODE_CONNECTIONS;
		assert_eq!(apply(add_connections(1, 2..2 + bound), Bob), Ok(Ok(())));
		assert_eq!(AdditionalConnections::<Runtime>::get(peer(1)).len(), bound as usize);
		// ...but not past the bound, in one call or over several.
		assert_eq!(apply(add_connections(1, 1_000..1_001 + bound), Bob), too_large);
		assert_eq!(apply(add_connections(1, 1_000..1_001), Bob), too_large);
		assert_eq!(AdditionalConnections::<Runtime>::get(peer(1)).len(), bound as usize);
	});
}
