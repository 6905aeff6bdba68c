//! `csop_vehicle`, `csop_vehiclesOf`, `csop_vehicleMining`, `csop_miningSchedule`: the vehicle
//! registry and mileage mining over JSON-RPC, read through the runtime's `VehiclesApi` and
//! `MileageMiningApi`.
//!
//! Amounts are decimal strings in the smallest stone unit; metres of effective mileage are
//! decimal strings too (`u128`). A malformed account or vehicle id is an `invalid params` error
//! (-32602); an unknown vehicle is `null`.

use std::sync::Arc;

use csop_primitives::VehicleId;
use csop_runtime::{opaque::Block, AccountId, Balance, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_mileage_mining::runtime_api::{MileageMiningApi, ScheduleInfo, VehicleMiningInfo};
use pallet_vehicles::runtime_api::{VehicleDetails, VehiclesApi};
use serde::Serialize;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::MultiSigner;

use super::common::{block_at, invalid_params, parse_account, parse_hex, runtime_error};

/// Parses a vehicle id: `0x` and 64 hex digits (the salted VIN hash).
pub fn parse_vehicle_id(input: &str) -> Result<VehicleId, ErrorObjectOwned> {
	parse_hex::<32>(input).map(VehicleId::from).ok_or_else(|| {
		invalid_params(format!(
			"invalid vehicle id {input:?}: expected a 0x-prefixed 32-byte hex id (the salted VIN \
			 hash)"
		))
	})
}

fn device_key_json(key: &MultiSigner) -> Value {
	let (scheme, bytes): (&str, &[u8]) = match key {
		MultiSigner::Sr25519(k) => ("sr25519", k.as_ref()),
		MultiSigner::Ed25519(k) => ("ed25519", k.as_ref()),
		MultiSigner::Ecdsa(k) => ("ecdsa", k.as_ref()),
		// The registry refuses Ethereum-style keys; shown for completeness.
		MultiSigner::Eth(k) => ("eth", k.as_ref()),
	};
	json!({ "scheme": scheme, "public": format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes)) })
}

fn vehicle_json(id: VehicleId, v: VehicleDetails<AccountId>) -> Value {
	json!({
		"id": format!("{id:?}"),
		"owner": v.owner.to_ss58check(),
		"deviceKey": device_key_json(&v.device_key),
		"model": v.model,
		"activatedAtMs": v.activated_at_ms,
		"status": format!("{:?}", v.status),
		"consent": v.consent.map(|c| json!({
			"grantedAtMs": c.granted_at_ms,
			"expiresAtMs": c.expires_at_ms,
		})),
		"angelNumber": v.angel_number,
		"angelMileage": v.angel_mileage.iter().map(|y| json!({
			"year": y.year, "meters": y.meters,
		})).collect::<Vec<_>>(),
		"entitlements": v.entitlements.iter().map(|e| json!({
			"kind": format!("{:?}", e.kind),
			"earnedInYear": e.earned_in_year,
			"earnedAtMs": e.earned_at_ms,
			"status": format!("{:?}", e.status),
		})).collect::<Vec<_>>(),
	})
}

/// A vehicle's mining state, as `csop_vehicleMining` returns it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VehicleMiningJson {
	pub vehicle: String,
	pub last_seq: u64,
	pub last_odometer_m: u64,
	pub last_time_ms: u64,
	/// Metres that count in the current batch.
	pub live_meters: String,
	/// Stones the owner can claim now (smallest unit).
	pub pending: String,
}

impl VehicleMiningJson {
	fn new(id: VehicleId, m: VehicleMiningInfo<Balance>) -> Self {
		VehicleMiningJson {
			vehicle: format!("{id:?}"),
			last_seq: m.last_seq,
			last_odometer_m: m.last_odometer_m,
			last_time_ms: m.last_time_ms,
			live_meters: m.live_meters.to_string(),
			pending: m.pending.to_string(),
		}
	}
}

fn schedule_json(s: ScheduleInfo<Balance>) -> Value {
	json!({
		"currentBatch": s.current_batch,
		"nextCloseBlock": s.next_close_block,
		"batchReward": s.batch_reward.to_string(),
		"released": s.released.to_string(),
		"claimed": s.claimed.to_string(),
		"poolRemaining": s.pool_remaining.to_string(),
		"effectiveMeters": s.effective_meters.to_string(),
		"batchPeriod": s.batch_period,
		"bucketBatches": s.bucket_batches,
		"windowBuckets": s.window_buckets,
		"halvingPeriod": s.halving_period,
		"initialBatchReward": s.initial_batch_reward.to_string(),
		"params": {
			"topSpeedKmh": s.params.top_speed_kmh,
			"minReportIntervalMs": s.params.min_report_interval_ms,
			"maxClockDriftMs": s.params.max_clock_drift_ms,
		},
	})
}

/// The `csop_*` vehicle and mining methods.
#[rpc(server, namespace = "csop")]
pub trait VehiclesRpc {
	/// A vehicle's registration: owner, device key, model, activation, status, consent, angel
	/// programme progress and entitlements; `null` if unknown.
	#[method(name = "vehicle")]
	fn vehicle(&self, id: String, at: Option<Hash>) -> RpcResult<Value>;

	/// The ids of the vehicles `account` owns.
	#[method(name = "vehiclesOf")]
	fn vehicles_of(&self, account: String, at: Option<Hash>) -> RpcResult<Value>;

	/// A vehicle's mileage mining summary (last report, live metres, pending reward); `null`
	/// if it never reported.
	#[method(name = "vehicleMining")]
	fn vehicle_mining(&self, id: String, at: Option<Hash>) -> RpcResult<Option<VehicleMiningJson>>;

	/// The mining schedule: current batch, per-batch reward, released and claimed totals,
	/// effective metres, the constants and the report parameters.
	#[method(name = "miningSchedule")]
	fn mining_schedule(&self, at: Option<Hash>) -> RpcResult<Value>;
}

/// Implements [`VehiclesRpcServer`] on a client.
pub struct Vehicles<C> {
	client: Arc<C>,
}

impl<C> Vehicles<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> VehiclesRpcServer for Vehicles<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: VehiclesApi<Block, AccountId> + MileageMiningApi<Block, Balance>,
{
	fn vehicle(&self, id: String, at: Option<Hash>) -> RpcResult<Value> {
		let id = parse_vehicle_id(&id)?;
		let at = block_at(&*self.client, at)?;
		let v = VehiclesApi::vehicle(&*self.client.runtime_api(), at, id).map_err(runtime_error)?;
		Ok(v.map(|v| vehicle_json(id, v)).unwrap_or(Value::Null))
	}

	fn vehicles_of(&self, account: String, at: Option<Hash>) -> RpcResult<Value> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let ids = self.client.runtime_api().vehicles_of(at, who.clone()).map_err(runtime_error)?;
		Ok(json!({
			"account": who.to_ss58check(),
			"vehicles": ids.iter().map(|id| format!("{id:?}")).collect::<Vec<_>>(),
		}))
	}

	fn vehicle_mining(&self, id: String, at: Option<Hash>) -> RpcResult<Option<VehicleMiningJson>> {
		let id = parse_vehicle_id(&id)?;
		let at = block_at(&*self.client, at)?;
		let m = MileageMiningApi::vehicle(&*self.client.runtime_api(), at, id)
			.map_err(runtime_error)?;
		Ok(m.map(|m| VehicleMiningJson::new(id, m)))
	}

	fn mining_schedule(&self, at: Option<Hash>) -> RpcResult<Value> {
		let at = block_at(&*self.client, at)?;
		let s = self.client.runtime_api().schedule(at).map_err(runtime_error)?;
		Ok(schedule_json(s))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use jsonrpsee::types::error::INVALID_PARAMS_CODE;

	#[test]
	fn vehicle_ids_parse_and_bad_ones_are_refused_clearly() {
		let id = VehicleId::repeat_byte(0xab);
		assert_eq!(parse_vehicle_id(&format!("{id:?}")).unwrap(), id);
		for bad in ["", "0x", "abab", "0x12", &format!("{id:?}00"), "WBA0000000000000"] {
			let e = parse_vehicle_id(bad).unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE, "{bad}");
			assert!(e.message().contains("salted VIN hash"), "{bad}");
		}
	}
}
