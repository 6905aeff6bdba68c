//! Driving the simulated fleet: rounds of mileage reports, alone or through a gateway, and
//! waiting for the transaction pool to drain.

use std::{
	thread,
	time::{Duration, Instant},
};

use csop_client::{
	chain,
	tx::ChainInfo,
	vehicle::{bundle_extrinsic, report_extrinsic, SignedReport, SimVehicle},
	Rpc,
};
use serde_json::json;

use crate::{bench::finalized_number, setup::submit_and_finalise, Result};

pub(crate) fn drive(
	rpc: &Rpc,
	first: u32,
	n: u32,
	rounds: u32,
	interval: u64,
	meters: u64,
	gateway_bundle: usize,
) -> Result<()> {
	let chain = ChainInfo::fetch(rpc).map_err(|e| e.to_string())?;
	let mut cars: Vec<SimVehicle> = (first..first + n).map(SimVehicle::numbered).collect();
	for car in &mut cars {
		resume(rpc, car)?;
	}
	for round in 0..rounds {
		let t = chain::now_ms();
		let reports: Vec<SignedReport> = cars
			.iter_mut()
			.map(|car| car.drive_and_report(chain.genesis, meters, t))
			.collect();
		let xts: Vec<_> = if gateway_bundle == 0 {
			reports.into_iter().map(report_extrinsic).collect()
		} else {
			reports
				.chunks(gateway_bundle)
				.map(|c| {
					bundle_extrinsic(c.to_vec())
						.ok_or_else(|| "gateway bundle larger than the runtime allows".to_string())
				})
				.collect::<Result<_>>()?
		};
		submit_and_finalise(rpc, &xts)?;
		println!("round {}: {} reports of {meters} m finalised", round + 1, cars.len());
		if round + 1 < rounds {
			thread::sleep(Duration::from_secs(interval));
		}
	}
	Ok(())
}

/// Continues a car's sequence and odometer from the chain (a restarted simulator).
fn resume(rpc: &Rpc, car: &mut SimVehicle) -> Result<()> {
	let info = rpc
		.call("csop_vehicleMining", json!([format!("{:?}", car.id)]))
		.map_err(|e| e.to_string())?;
	if !info.is_null() {
		car.seq = info["lastSeq"].as_u64().unwrap_or(0);
		car.odometer_m = info["lastOdometerM"].as_u64().unwrap_or(0);
		car.time_ms = info["lastTimeMs"].as_u64().unwrap_or(0);
	}
	Ok(())
}

/// Waits, at most `timeout`, until the transaction pool is empty and the best block of that
/// moment final, so that what one phase left in the pool does not count against the next.
pub(crate) fn drain(rpc: &Rpc, timeout: Duration) -> Result<()> {
	let end = Instant::now() + timeout;
	let mut emptied_at: Option<u32> = None;
	while Instant::now() < end {
		match emptied_at {
			None => {
				let pool =
					rpc.call("author_pendingExtrinsics", json!([])).map_err(|e| e.to_string())?;
				if pool.as_array().is_some_and(|xts| xts.is_empty()) {
					emptied_at = Some(chain::best_number(rpc).map_err(|e| e.to_string())?);
				}
			},
			Some(best) if finalized_number(rpc)? >= best => return Ok(()),
			Some(_) => {},
		}
		thread::sleep(Duration::from_secs(1));
	}
	Err(format!("the pool did not drain within {} s", timeout.as_secs()))
}
