//! Which calls each class of signer may make, and with how much input: the table
//! `CheckKnownSigner` applies to every signed transaction, in the pool and in blocks.
//!
//! A class may make a call only if a signed origin of that class can succeed with it: calls
//! that take root or a consortium motion (upgrades, parameters, the validator set) are refused
//! to every signer, since a member reaches them through `ConsortiumCollective.propose`, which
//! the table allows; inherents and device-signed reports are not signed and not filtered.
//! A call missing from the table is refused to every class, so a pallet added to the runtime
//! is closed until the table says otherwise (a test walks the metadata and fails first).
//!
//! Bounds on input, beyond what the class may call at all:
//! - a remark by an owner or a user is at most [`MAX_USER_REMARK`] bytes;
//! - a node has at most [`MAX_NODE_CONNECTIONS`] additional connections, in one call or over
//!   several.
//!
//! The table is published in docs/operators.md ("Calls by signer class"); a test renders it
//! and fails when the two differ.

use crate::{Runtime, RuntimeCall};
use frame_support::traits::GetCallMetadata;
use pallet_consortium::{AccountClass, CallRefusal, SignerPolicy};

/// The most bytes an owner's or a user's remark may have (a member's is bounded only by the
/// block).
pub const MAX_USER_REMARK: usize = 256;

/// Connections a node may have besides the well-known nodes (`NodeAuthorization`).
pub const MAX_NODE_CONNECTIONS: u32 = 16;

/// The classes of known signer that may make a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signers {
	pub consortium: bool,
	pub owner: bool,
	pub user: bool,
}

impl Signers {
	/// No signer: the call takes root, a motion, an inherent or a device signature.
	pub const NONE: Self = Self { consortium: false, owner: false, user: false };
	/// Consortium members, validators and role holders.
	pub const CONSORTIUM: Self = Self { consortium: true, owner: false, user: false };
	/// The consortium and certified owners.
	pub const OWNERS: Self = Self { consortium: true, owner: true, user: false };
	/// Every known signer.
	pub const ALL: Self = Self { consortium: true, owner: true, user: true };

	/// Whether a signer of `class` may make the call.
	pub fn allow(&self, class: AccountClass) -> bool {
		match class {
			AccountClass::Consortium => self.consortium,
			AccountClass::Owner => self.owner,
			AccountClass::User => self.user,
		}
	}
}

/// One row of the table: pallet, call, who may sign it, and why.
pub type Row = (&'static str, &'static str, Signers, &'static str);

use Signers as S;

/// Every call of the runtime, sorted by pallet and call name (as in the metadata).
#[rustfmt::skip]
pub const CALLS: &[Row] = &[
	("AccountRecovery", "advance", S::ALL, "anyone, once the delay passed (the new account's wallet)"),
	("AccountRecovery", "cancel", S::ALL, "the lost account's key, a registrar"),
	("AccountRecovery", "open", S::CONSORTIUM, "registrar"),
	("AccountRecovery", "set_delay", S::NONE, "motion"),
	("Babe", "plan_config_change", S::NONE, "root"),
	("Babe", "report_equivocation", S::CONSORTIUM, "a validator reports a double-authoring validator"),
	("Babe", "report_equivocation_unsigned", S::NONE, "unsigned, from a validator's node"),
	("Consortium", "appoint", S::NONE, "motion"),
	("Consortium", "deregister_user", S::CONSORTIUM, "registrar"),
	("Consortium", "dismiss", S::NONE, "motion"),
	("Consortium", "dispatch_as_root", S::NONE, "motion"),
	("Consortium", "register_user", S::CONSORTIUM, "registrar"),
	("Consortium", "set_rate_limit", S::NONE, "motion"),
	("ConsortiumCollective", "close", S::CONSORTIUM, "members"),
	("ConsortiumCollective", "disapprove_proposal", S::NONE, "motion"),
	("ConsortiumCollective", "execute", S::CONSORTIUM, "members"),
	("ConsortiumCollective", "kill", S::NONE, "motion"),
	("ConsortiumCollective", "propose", S::CONSORTIUM, "members"),
	("ConsortiumCollective", "release_proposal_cost", S::CONSORTIUM, "members"),
	("ConsortiumCollective", "set_members", S::NONE, "root (the membership pallet sets members)"),
	("ConsortiumCollective", "vote", S::CONSORTIUM, "members"),
	("ConsortiumMembership", "add_member", S::NONE, "motion"),
	("ConsortiumMembership", "change_key", S::CONSORTIUM, "a member moves to a new key"),
	("ConsortiumMembership", "clear_prime", S::NONE, "motion"),
	("ConsortiumMembership", "remove_member", S::NONE, "motion"),
	("ConsortiumMembership", "reset_members", S::NONE, "motion"),
	("ConsortiumMembership", "set_prime", S::NONE, "motion"),
	("ConsortiumMembership", "swap_member", S::NONE, "motion"),
	("Crystals", "award", S::CONSORTIUM, "activity oracle"),
	("Crystals", "set_activity_rule", S::NONE, "motion"),
	("Crystals", "set_reference_retention", S::NONE, "motion"),
	("Grandpa", "note_stalled", S::NONE, "root"),
	("Grandpa", "report_equivocation", S::CONSORTIUM, "a validator reports an equivocating voter"),
	("Grandpa", "report_equivocation_unsigned", S::NONE, "unsigned, from a validator's node"),
	("MileageMining", "claim", S::OWNERS, "a vehicle's owner"),
	("MileageMining", "report", S::NONE, "device-signed general transaction"),
	("MileageMining", "report_bundle", S::NONE, "device-signed general transaction"),
	("MileageMining", "set_params", S::NONE, "motion"),
	("MineBoxes", "buy_box", S::ALL, "crystal holders"),
	("MineBoxes", "create_box_type", S::NONE, "motion"),
	("MineBoxes", "reveal", S::ALL, "the box's owner; anyone a day after its draw"),
	("MineBoxes", "set_box_type_open", S::NONE, "motion"),
	("MineBoxes", "set_reveal_delay", S::NONE, "motion"),
	("MineBoxes", "use_right", S::CONSORTIUM, "catalog manager"),
	("NodeAuthorization", "add_connections", S::CONSORTIUM, "a node's owner; bounded"),
	("NodeAuthorization", "add_well_known_node", S::NONE, "motion"),
	("NodeAuthorization", "claim_node", S::CONSORTIUM, "an operator claims its node"),
	("NodeAuthorization", "remove_claim", S::CONSORTIUM, "a node's owner"),
	("NodeAuthorization", "remove_connections", S::CONSORTIUM, "a node's owner"),
	("NodeAuthorization", "remove_well_known_node", S::NONE, "motion"),
	("NodeAuthorization", "reset_well_known_nodes", S::NONE, "motion"),
	("NodeAuthorization", "swap_well_known_node", S::NONE, "motion"),
	("NodeAuthorization", "transfer_node", S::CONSORTIUM, "a node's owner"),
	("Redemptions", "cancel", S::ALL, "the redemption's holder"),
	("Redemptions", "fulfil", S::CONSORTIUM, "catalog manager"),
	("Redemptions", "list_item", S::CONSORTIUM, "catalog manager"),
	("Redemptions", "redeem", S::ALL, "stone holders"),
	("Redemptions", "reject", S::CONSORTIUM, "catalog manager"),
	("Redemptions", "set_fulfilment_period", S::NONE, "motion"),
	("Redemptions", "set_item_open", S::CONSORTIUM, "catalog manager"),
	("Redemptions", "update_item", S::CONSORTIUM, "catalog manager"),
	("Session", "purge_keys", S::CONSORTIUM, "validators"),
	("Session", "set_keys", S::CONSORTIUM, "validators"),
	("Stones", "burn", S::ALL, "stone holders"),
	("Stones", "set_transfer_policy", S::NONE, "motion"),
	("Stones", "transfer", S::ALL, "stone holders, as the transfer policy allows"),
	("Sudo", "remove_key", S::CONSORTIUM, "the sudo key (development chains)"),
	("Sudo", "set_key", S::CONSORTIUM, "the sudo key (development chains)"),
	("Sudo", "sudo", S::CONSORTIUM, "the sudo key (development chains)"),
	("Sudo", "sudo_as", S::CONSORTIUM, "the sudo key (development chains)"),
	("Sudo", "sudo_unchecked_weight", S::CONSORTIUM, "the sudo key (development chains)"),
	("System", "apply_authorized_upgrade", S::CONSORTIUM, "after a motion authorised the upgrade"),
	("System", "authorize_upgrade", S::NONE, "root"),
	("System", "authorize_upgrade_without_checks", S::NONE, "root"),
	("System", "kill_prefix", S::NONE, "root"),
	("System", "kill_storage", S::NONE, "root"),
	("System", "remark", S::ALL, "owners and users: at most 256 bytes"),
	("System", "remark_with_event", S::ALL, "owners and users: at most 256 bytes"),
	("System", "set_code", S::NONE, "root"),
	("System", "set_code_without_checks", S::NONE, "root"),
	("System", "set_heap_pages", S::NONE, "root"),
	("System", "set_storage", S::NONE, "root"),
	("Timestamp", "set", S::NONE, "inherent"),
	("ValidatorSet", "add_validator", S::NONE, "motion"),
	("ValidatorSet", "remove_validator", S::NONE, "motion"),
	("Vehicles", "deregister", S::CONSORTIUM, "registrar"),
	("Vehicles", "grant_consent", S::OWNERS, "the vehicle's owner"),
	("Vehicles", "register", S::CONSORTIUM, "registrar"),
	("Vehicles", "revoke_consent", S::OWNERS, "the vehicle's owner"),
	("Vehicles", "rotate_device_key", S::CONSORTIUM, "registrar"),
	("Vehicles", "transfer_ownership", S::CONSORTIUM, "registrar"),
];

/// Who may sign `pallet`'s `call`, if the table has it.
pub fn signers_of(pallet: &str, call: &str) -> Option<Signers> {
	CALLS
		.binary_search_by(|(p, c, _, _)| (*p, *c).cmp(&(pallet, call)))
		.ok()
		.and_then(|i| CALLS.get(i))
		.map(|(_, _, signers, _)| *signers)
}

/// The runtime's [`SignerPolicy`]: the table, then the bounds on input.
pub struct CallsBySignerClass;

impl SignerPolicy<RuntimeCall> for CallsBySignerClass {
	fn check(class: AccountClass, call: &RuntimeCall) -> Result<(), CallRefusal> {
		let name = call.get_call_metadata();
		let signers = signers_of(name.pallet_name, name.function_name);
		if !signers.is_some_and(|s| s.allow(class)) {
			return Err(CallRefusal::NotAllowed);
		}
		within_bounds(class, call)
	}
}

/// The bounds on input of the calls that take a list or bytes from a signer.
fn within_bounds(class: AccountClass, call: &RuntimeCall) -> Result<(), CallRefusal> {
	use frame_system::Call as SystemCall;
	use pallet_node_authorization::Call as NodeCall;
	match call {
		RuntimeCall::System(
			SystemCall::remark { remark } | SystemCall::remark_with_event { remark },
		) if class != AccountClass::Consortium && remark.len() > MAX_USER_REMARK => {
			Err(CallRefusal::TooLarge)
		},
		RuntimeCall::NodeAuthorization(NodeCall::add_connections { node, connections }) => {
			if connections.len() > MAX_NODE_CONNECTIONS as usize {
				return Err(CallRefusal::TooLarge);
			}
			// The pallet keeps a set: count the connections the node would have after the
			// call (one read, charged in the call's weight).
			let mut all = pallet_node_authorization::AdditionalConnections::<Runtime>::get(node);
			all.extend(connections.iter().cloned());
			if all.len() > MAX_NODE_CONNECTIONS as usize {
				return Err(CallRefusal::TooLarge);
			}
			Ok(())
		},
		_ => Ok(()),
	}
}

/// The table as the markdown docs/operators.md publishes.
#[cfg(feature = "std")]
pub fn markdown() -> alloc::string::String {
	use alloc::{format, string::String};
	let mark = |yes: bool| if yes { "yes" } else { "—" };
	let mut out = String::from(
		"| Pallet | Call | Consortium | Owner | User | Who, or why none |\n| --- | --- | :-: | :-: | :-: | --- |\n",
	);
	for (pallet, call, s, why) in CALLS {
		out.push_str(&format!(
			"| {pallet} | `{call}` | {} | {} | {} | {why} |\n",
			mark(s.consortium),
			mark(s.owner),
			mark(s.user)
		));
	}
	out
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::collections::BTreeSet;

	#[test]
	fn the_table_is_sorted_and_names_every_call_of_the_runtime_once() {
		assert!(CALLS.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)), "sorted, unique");
		let mut missing = vec![];
		let mut known = BTreeSet::new();
		for pallet in RuntimeCall::get_module_names() {
			for call in RuntimeCall::get_call_names(pallet) {
				known.insert((*pallet, *call));
				if signers_of(pallet, call).is_none() {
					missing.push(format!("{pallet}.{call}"));
				}
			}
		}
		assert!(missing.is_empty(), "calls missing from the signer table: {missing:?}");
		let stale: Vec<_> =
			CALLS.iter().filter(|(p, c, _, _)| !known.contains(&(*p, *c))).collect();
		assert!(stale.is_empty(), "rows for calls the runtime does not have: {stale:?}");
	}

	#[test]
	fn docs_publish_the_table() {
		let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/operators.md");
		let docs = std::fs::read_to_string(path).unwrap();
		let (start, end) = ("<!-- signer-table:start -->\n", "<!-- signer-table:end -->");
		let from = docs.find(start).expect("docs/operators.md has the start marker") + start.len();
		let to = docs.find(end).expect("docs/operators.md has the end marker");
		let table = markdown();
		if docs[from..to] != table {
			if std::env::var_os("CSOP_BLESS").is_some() {
				std::fs::write(path, format!("{}{table}{}", &docs[..from], &docs[to..])).unwrap();
			} else {
				panic!("docs/operators.md's signer table is stale (CSOP_BLESS=1 rewrites it):\n{table}");
			}
		}
	}
}
