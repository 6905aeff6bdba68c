//! Data rights through the real runtime (docs/privacy.md): what the chain's state keeps about
//! a car after its owner had it deregistered.

use crate::common::*;
use frame_support::storage::StoragePrefixedMap;
use pallet_mileage_mining::MileageReport;
use sp_core::{sr25519, H256};

/// Every key and value of the state.
fn state() -> Vec<(Vec<u8>, Vec<u8>)> {
	let mut entries = Vec::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		let value = sp_io::storage::get(&next).map(|v| v.to_vec()).unwrap_or_default();
		entries.push((next.clone(), value));
		key = next;
	}
	entries
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	haystack.windows(needle.len()).any(|w| w == needle)
}

/// A car registered to an angel buyer, with consent, reports, an entitlement and mining
/// rewards, then deregistered: no device key, owner link, model, consent, mileage or
/// entitlement of it is left in state, only its id where it keeps the id from being
/// registered again (its tombstone) and its angel number taken (the angel-number index).
#[test]
fn a_deregistered_car_leaves_only_its_id_in_state() {
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let key = sr25519::Pair::from_seed(&[0x5A; 32]);
	let id = H256::repeat_byte(0x5A);
	genesis("development").execute_with(|| {
		initialize_block_one();
		let register = RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: id,
			device_key: csop_primitives::DeviceKey::Sr25519(key.public()),
			model: 4_711,
			activated_at_ms: 0,
			owner: Dave.to_account_id(),
			angel_number: Some(42),
		});
		assert_eq!(apply(sudo(register), Alice), Ok(Ok(())));
		let consent = RuntimeCall::Vehicles(pallet_vehicles::Call::grant_consent {
			vehicle: id,
			expires_at_ms: None,
		});
		assert_eq!(apply(consent, Dave), Ok(Ok(())));
		let params = pallet_mileage_mining::MiningParams {
			top_speed_kmh: u32::MAX,
			min_report_interval_ms: 1_000,
			max_clock_drift_ms: 300_000,
		};
		let set = RuntimeCall::MileageMining(pallet_mileage_mining::Call::set_params { params });
		assert_eq!(apply(sudo(set), Alice), Ok(Ok(())));
		for (seq, odometer_m) in [(1, 0), (2, 6_000_000)] {
			next_block();
			let report = MileageReport {
				genesis: System::block_hash(0),
				vehicle: id,
				seq,
				odometer_m,
				time_ms: pallet_timestamp::Now::<Runtime>::get(),
				trip_hash: H256::repeat_byte(seq as u8),
			};
			let signature =
				csop_primitives::DeviceSignature::Sr25519(key.sign(&report.signing_payload()));
			let call = RuntimeCall::MileageMining(pallet_mileage_mining::Call::report {
				report,
				signature,
			});
			let xt = UncheckedExtrinsic::new_transaction(call, tx_extension(0, Era::Immortal));
			assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		}
		// Driven past the angel threshold: an entitlement, angel mileage, mining state.
		assert!(pallet_vehicles::VehicleEntitlements::<Runtime>::iter_prefix(id)
			.next()
			.is_some());
		assert!(pallet_mileage_mining::VehicleStates::<Runtime>::contains_key(id));
		next_block();
		let public = key.public().0;
		assert!(state().iter().any(|(k, v)| contains(k, &public) || contains(v, &public)));

		let deregister = RuntimeCall::Vehicles(pallet_vehicles::Call::deregister { vehicle: id });
		assert_eq!(apply(sudo(deregister), Alice), Ok(Ok(())));
		// The next block clears the last block's events.
		next_block();

		let tombstones = pallet_vehicles::Tombstones::<Runtime>::final_prefix();
		let angel_numbers = pallet_vehicles::AngelNumbers::<Runtime>::final_prefix();
		let mut kept = Vec::new();
		for (k, v) in state() {
			assert!(
				!contains(&k, &public) && !contains(&v, &public),
				"the device key is kept under {}",
				sp_core::hexdisplay::HexDisplay::from(&k)
			);
			if contains(&k, id.as_bytes()) || contains(&v, id.as_bytes()) {
				kept.push(k);
			}
		}
		assert_eq!(kept.len(), 2, "the id is kept only in its tombstone and its angel number");
		assert!(kept.iter().any(|k| k.starts_with(&tombstones)));
		assert!(kept.iter().any(|k| k.starts_with(&angel_numbers)));
	});
}
