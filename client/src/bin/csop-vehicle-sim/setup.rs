//! Setting the fleet up: simulated vehicles written into a chain spec, or registered (with
//! consent granted) on a running chain; and waiting for extrinsics to be finalised.

use std::{
	collections::HashMap,
	thread,
	time::{Duration, Instant},
};

use codec::Encode;
use csop_client::{
	chain,
	tx::{self, ChainInfo},
	vehicle::SimVehicle,
	Rpc,
};
use csop_runtime::{Runtime, RuntimeCall};
use pallet_mileage_mining::MiningParams;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};

use crate::{
	bench::{block_extrinsics, finalized_number},
	Result,
};

fn sr25519_pair(suri: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(suri, None).map_err(|e| format!("bad secret URI {suri:?}: {e:?}"))
}

/// The owner of simulated vehicle `index` in a generated chain spec: 64 vehicles per owner.
fn spec_owner(index: u32) -> sp_runtime::AccountId32 {
	sr25519::Pair::from_string(&format!("//owner//{}", index / 64), None)
		.expect("a derivation path is a valid secret URI")
		.public()
		.into()
}

pub(crate) fn chain_spec(
	input: &str,
	output: &str,
	vehicles: u32,
	interval: Option<u64>,
) -> Result<()> {
	let text = std::fs::read_to_string(input).map_err(|e| format!("reading {input}: {e}"))?;
	let mut spec: Value = serde_json::from_str(&text).map_err(|e| format!("{input}: {e}"))?;
	let patch = spec
		.pointer_mut("/genesis/runtimeGenesis/patch")
		.ok_or("the chain spec has no genesis patch: export it without --raw")?;
	let genesis_vehicles: Vec<pallet_vehicles::GenesisVehicleOf<Runtime>> = (0..vehicles)
		.map(|i| {
			let car = SimVehicle::numbered(i);
			pallet_vehicles::GenesisVehicle {
				id: car.id,
				device_key: car.key.public(),
				model: 1,
				activated_at_ms: 0,
				owner: spec_owner(i),
				consent: Some(pallet_vehicles::Consent { granted_at_ms: 0, expires_at_ms: None }),
				// The first 3,000 cars' buyers hold the angel round's places, in order.
				angel_number: (i < 3_000).then_some(i + 1),
			}
		})
		.collect();
	let vehicles_config = pallet_vehicles::GenesisConfig::<Runtime> { vehicles: genesis_vehicles };
	patch["vehicles"] = serde_json::to_value(&vehicles_config).map_err(|e| e.to_string())?;
	if let Some(ms) = interval {
		let params = MiningParams { min_report_interval_ms: ms, ..Default::default() };
		patch["mileageMining"] =
			json!({ "params": serde_json::to_value(params).map_err(|e| e.to_string())? });
	}
	std::fs::write(output, serde_json::to_string(&spec).map_err(|e| e.to_string())?)
		.map_err(|e| format!("writing {output}: {e}"))?;
	println!("wrote {output}: {vehicles} vehicles");
	Ok(())
}

/// Submits `xts` and waits until every one is in a finalised block.
pub(crate) fn submit_and_finalise(
	rpc: &Rpc,
	xts: &[csop_runtime::UncheckedExtrinsic],
) -> Result<()> {
	let mut pending: HashMap<[u8; 32], usize> = HashMap::new();
	for (i, xt) in xts.iter().enumerate() {
		let bytes = xt.encode();
		tx::submit(rpc, xt).map_err(|e| format!("extrinsic {i} refused: {e}"))?;
		pending.insert(sp_crypto_hashing::blake2_256(&bytes), i);
	}
	let mut finalized = finalized_number(rpc)?;
	let deadline = Instant::now() + Duration::from_secs(120);
	while !pending.is_empty() {
		if Instant::now() > deadline {
			return Err(format!("{} extrinsics not finalised within 120 s", pending.len()));
		}
		thread::sleep(Duration::from_millis(500));
		let head = finalized_number(rpc)?;
		for n in finalized + 1..=head {
			for xt in block_extrinsics(rpc, n)? {
				pending.remove(&sp_crypto_hashing::blake2_256(&xt));
			}
		}
		finalized = head;
	}
	Ok(())
}

pub(crate) fn register(rpc: &Rpc, first: u32, n: u32, sudo: &str, owner: &str) -> Result<()> {
	let chain = ChainInfo::fetch(rpc).map_err(|e| e.to_string())?;
	let sudo = sr25519_pair(sudo)?;
	let owner = sr25519_pair(owner)?;
	let owner_id: sp_runtime::AccountId32 = owner.public().into();
	let sudo_nonce = tx::next_nonce(rpc, &sudo).map_err(|e| e.to_string())?;
	let owner_nonce = tx::next_nonce(rpc, &owner).map_err(|e| e.to_string())?;
	let mut registrations = Vec::new();
	let mut consents = Vec::new();
	for (k, i) in (first..first + n).enumerate() {
		let k = k as u32;
		let car = SimVehicle::numbered(i);
		let call = RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: car.id,
			device_key: car.key.public(),
			model: 1,
			activated_at_ms: chain::now_ms(),
			owner: owner_id.clone(),
			angel_number: None,
		});
		let sudo_call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
		registrations.push(tx::signed(&chain, sudo_call, &sudo, &sudo, sudo_nonce + k));
		let consent = RuntimeCall::Vehicles(pallet_vehicles::Call::grant_consent {
			vehicle: car.id,
			expires_at_ms: None,
		});
		consents.push(tx::signed(&chain, consent, &owner, &owner, owner_nonce + k));
		println!(
			"vehicle {i}: id {:?}, {:?} device key, VIN {}",
			car.id,
			car.key.scheme(),
			car.vin
		);
	}
	submit_and_finalise(rpc, &registrations)?;
	submit_and_finalise(rpc, &consents)?;
	println!("registered {n} vehicles owned by {owner_id}, consent granted");
	Ok(())
}
