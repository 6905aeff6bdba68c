//! A Live chain must not start with keys everyone knows: the node refuses a `Live` chain
//! spec whose genesis holds a development account (sr25519 or ed25519 as `sp-keyring` derives
//! them: Alice, Bob, …) or a development node key (`0x00..01`–`0x00..04`, whose peer ids the
//! `local` and `production` presets authorise). `scripts/production-spec.sh` makes a spec
//! from the operators' own keys instead (docs/operators.md).

use csop_runtime::genesis_config_presets::FIXED_NODE_PEER_IDS;
use sc_service::{ChainSpec, ChainType};
use sp_core::{crypto::Ss58Codec, storage::well_known_keys::CODE};

/// A publicly known key: what it is, and the 32 bytes that appear in storage where it is used.
pub struct WellKnownKey {
	pub name: String,
	pub public: [u8; 32],
}

/// The development accounts of both schemes and the development node keys.
pub fn well_known_keys() -> Vec<WellKnownKey> {
	let sr = sp_keyring::Sr25519Keyring::iter().map(|k| WellKnownKey {
		name: format!("the sr25519 development account {k:?} ({})", k.public().to_ss58check()),
		public: k.public().0,
	});
	let ed = sp_keyring::Ed25519Keyring::iter().map(|k| WellKnownKey {
		name: format!("the ed25519 development key {k:?} ({})", k.public().to_ss58check()),
		public: k.public().0,
	});
	let nodes = FIXED_NODE_PEER_IDS.iter().enumerate().map(|(i, peer)| {
		let mut public = [0u8; 32];
		public.copy_from_slice(&peer[6..]);
		WellKnownKey {
			name: format!(
				"the development node key 0x{}{} (`--node-key`; its peer id is authorised)",
				"0".repeat(63),
				i + 1
			),
			public,
		}
	});
	sr.chain(ed).chain(nodes).collect()
}

/// `Err` naming the first well-known key found in `spec`'s genesis storage (the runtime code
/// aside), if `spec` is a `Live` chain; `Ok` for other chain types.
pub fn refuse_well_known_keys(spec: &dyn ChainSpec) -> Result<(), String> {
	if spec.chain_type() != ChainType::Live {
		return Ok(());
	}
	let storage = spec.build_storage()?;
	let entries = storage
		.top
		.iter()
		.filter(|(key, _)| key.as_slice() != CODE)
		.chain(storage.children_default.values().flat_map(|child| child.data.iter()));
	let keys = well_known_keys();
	for (key, value) in entries {
		if let Some(known) =
			keys.iter().find(|k| contains(key, &k.public) || contains(value, &k.public))
		{
			return Err(format!(
				"refusing to start the Live chain {:?}: its genesis holds {}, a key everyone \
				 knows. Make the chain spec from the operators' own keys \
				 (scripts/production-spec.sh, docs/operators.md).",
				spec.id(),
				known.name
			));
		}
	}
	Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_list_has_every_development_account_and_node_key() {
		let keys = well_known_keys();
		let alice = sp_keyring::Sr25519Keyring::Alice.public().0;
		assert!(keys.iter().any(|k| k.public == alice && k.name.contains("Alice")));
		assert_eq!(keys.iter().filter(|k| k.name.contains("node key")).count(), 4);
	}

	#[test]
	fn contains_finds_a_key_anywhere_in_a_value() {
		let key = [7u8; 32];
		let mut value = vec![1, 2, 3];
		assert!(!contains(&value, &key));
		value.extend_from_slice(&key);
		value.push(9);
		assert!(contains(&value, &key));
	}
}
