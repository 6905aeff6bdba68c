//! `csop_vehicleMining`, `csop_miningSchedule`, `csop_checkReports`: mileage mining over
//! JSON-RPC, read through the runtime's `MileageMiningApi`.
//!
//! Amounts are decimal strings in the smallest stone unit; metres of effective mileage are
//! decimal strings too (`u128`). A malformed vehicle id is an `invalid params` error (-32602);
//! a vehicle that never reported is `null`.

use std::sync::Arc;

use codec::DecodeAll;
use csop_primitives::DeviceSignature;
use csop_primitives::VehicleId;
use csop_runtime::{opaque::Block, Balance, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_mileage_mining::{
	runtime_api::{MileageMiningApi, ScheduleInfo, VehicleMiningInfo},
	MileageReport, MiningParams,
};
use sp_core::Bytes;

use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use super::{
	common::{block_at, invalid_params, runtime_error},
	vehicles::parse_vehicle_id,
};

/// A vehicle's mining state, as `csop_vehicleMining` returns it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VehicleMiningJson {
	pub vehicle: String,
	pub last_seq: u64,
	pub last_odometer_m: u64,
	pub last_time_ms: u64,
	/// Metres that count in the current period.
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

/// The report parameters governance sets.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MiningParamsJson {
	pub top_speed_kmh: u32,
	pub min_report_interval_ms: u64,
	pub max_clock_drift_ms: u64,
}

impl From<MiningParams> for MiningParamsJson {
	fn from(p: MiningParams) -> Self {
		MiningParamsJson {
			top_speed_kmh: p.top_speed_kmh,
			min_report_interval_ms: p.min_report_interval_ms,
			max_clock_drift_ms: p.max_clock_drift_ms,
		}
	}
}

/// The mining schedule, as `csop_miningSchedule` returns it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleJson {
	pub current_period: u32,
	pub next_close_block: u64,
	pub period_reward: String,
	pub released: String,
	pub backlog: String,
	pub catch_up_periods: u32,
	pub claimed: String,
	pub pool_remaining: String,
	pub effective_meters: String,
	pub reward_period: u32,
	pub bucket_periods: u32,
	pub window_buckets: u32,
	pub halving_period: u32,
	pub initial_period_reward: String,
	pub params: MiningParamsJson,
}

impl From<ScheduleInfo<Balance>> for ScheduleJson {
	fn from(s: ScheduleInfo<Balance>) -> Self {
		ScheduleJson {
			current_period: s.current_period,
			next_close_block: s.next_close_block,
			period_reward: s.period_reward.to_string(),
			released: s.released.to_string(),
			backlog: s.backlog.to_string(),
			catch_up_periods: s.catch_up_periods,
			claimed: s.claimed.to_string(),
			pool_remaining: s.pool_remaining.to_string(),
			effective_meters: s.effective_meters.to_string(),
			reward_period: s.reward_period,
			bucket_periods: s.bucket_periods,
			window_buckets: s.window_buckets,
			halving_period: s.halving_period,
			initial_period_reward: s.initial_period_reward.to_string(),
			params: s.params.into(),
		}
	}
}

/// The `csop_*` mileage mining methods.
#[rpc(server, namespace = "csop")]
pub trait MiningRpc {
	/// A vehicle's mileage mining summary (last report, live metres, pending reward); `null`
	/// if it never reported.
	#[method(name = "vehicleMining")]
	fn vehicle_mining(&self, id: String, at: Option<Hash>) -> RpcResult<Option<VehicleMiningJson>>;

	/// The mining schedule: current period, per-period reward, released and claimed totals,
	/// effective metres, the constants and the report parameters.
	#[method(name = "miningSchedule")]
	fn mining_schedule(&self, at: Option<Hash>) -> RpcResult<ScheduleJson>;

	/// Each report's verdict, as the pool would give it alone (`null`: valid), for signed
	/// reports given as the SCALE encoding of `Vec<(MileageReport, DeviceSignature)>` (at most
	/// a bundle's worth). A gateway asks before it bundles: the pool takes a bundle only if
	/// every report in it is valid.
	#[method(name = "checkReports")]
	fn check_reports(
		&self,
		reports: Bytes,
		at: Option<Hash>,
	) -> RpcResult<Vec<Option<RefusalJson>>>;
}

/// Why a report is refused: its stable code and the reason's name.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct RefusalJson {
	pub code: u8,
	pub reason: String,
}

/// Implements [`MiningRpcServer`] on a client.
pub struct Mining<C> {
	client: Arc<C>,
}

impl<C> Mining<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> MiningRpcServer for Mining<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MileageMiningApi<Block, Balance>,
{
	fn vehicle_mining(&self, id: String, at: Option<Hash>) -> RpcResult<Option<VehicleMiningJson>> {
		let id = parse_vehicle_id(&id)?;
		let at = block_at(&*self.client, at)?;
		let m = self.client.runtime_api().vehicle(at, id).map_err(runtime_error)?;
		Ok(m.map(|m| VehicleMiningJson::new(id, m)))
	}

	fn mining_schedule(&self, at: Option<Hash>) -> RpcResult<ScheduleJson> {
		let at = block_at(&*self.client, at)?;
		let s = self.client.runtime_api().schedule(at).map_err(runtime_error)?;
		Ok(s.into())
	}

	fn check_reports(
		&self,
		reports: Bytes,
		at: Option<Hash>,
	) -> RpcResult<Vec<Option<RefusalJson>>> {
		type Signed = (MileageReport, DeviceSignature);
		// At most a bundle's worth.
		let max = csop_runtime::configs::MaxReportBundle::get() as usize;
		let reports = Vec::<Signed>::decode_all(&mut &reports[..])
			.ok()
			.filter(|r| r.len() <= max)
			.ok_or_else(|| {
				invalid_params(format!(
					"expected the SCALE encoding of at most {max} \
					 (MileageReport, DeviceSignature) pairs"
				))
			})?;
		let at = block_at(&*self.client, at)?;
		let verdicts =
			self.client.runtime_api().check_reports(at, reports).map_err(runtime_error)?;
		Ok(verdicts
			.into_iter()
			.map(|v| v.map(|r| RefusalJson { code: r.code(), reason: format!("{r:?}") }))
			.collect())
	}
}
