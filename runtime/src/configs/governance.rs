//! Governance. For now only `pallet-sudo`, and only development presets set a sudo key;
//! consortium governance (membership + collective) replaces it (issue #6).

use crate::{Runtime, RuntimeCall, RuntimeEvent};

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
