//! Tests of `pallet-mileage-mining` with the real stones pallet as the issuer. Every test runs
//! through `ExtBuilder::build_and_execute`, which checks both pallets' invariants afterwards.

use crate::{mock::*, *};
use codec::Encode;
use csop_primitives::DeviceSignature;
use csop_primitives::{OnMileageVerified, Pool, VehicleId};
use frame_support::{
	assert_noop, assert_ok, assert_storage_noop,
	dispatch::GetDispatchInfo,
	pallet_prelude::{InvalidTransaction, TransactionValidityError},
	traits::{fungible::Inspect, Hooks},
	weights::Weight,
};
use sp_core::{H256, U256};
use sp_runtime::DispatchError;

/// A registered test vehicle with its device and what it reported last.
struct Car {
	id: VehicleId,
	device: Device,
	seq: u64,
	odo: u64,
}

impl Car {
	fn new(n: u8, owner: AccountId, device: Device) -> Self {
		MockWorld::register(vid(n), owner, device.public());
		Car { id: vid(n), device, seq: 0, odo: 0 }
	}

	/// A report with these fields, signed by the car's device.
	fn signed(&self, seq: u64, odo: u64, time_ms: u64) -> (MileageReport, DeviceSignature) {
		let report = MileageReport {
			genesis: GENESIS,
			vehicle: self.id,
			seq,
			odometer_m: odo,
			time_ms,
			trip_hash: H256::repeat_byte(0xAA),
		};
		let signature = self.device.sign(&report);
		(report, signature)
	}

	/// The next report: `meters` more, now.
	fn next(&self, meters: u64) -> (MileageReport, DeviceSignature) {
		self.signed(self.seq + 1, self.odo + meters, now())
	}

	/// Reports `meters` more now (must be accepted).
	fn drive(&mut self, meters: u64) {
		self.drive_weighed(meters);
	}

	/// Reports `meters` more now (must be accepted); returns the weight the report kept after
	/// its refund.
	fn drive_weighed(&mut self, meters: u64) -> Weight {
		let (report, signature) = self.next(meters);
		let info = submit_weighed(Call::report { report, signature })
			.expect("authorized")
			.expect("applied");
		self.seq += 1;
		self.odo += meters;
		info.actual_weight.expect("a report states the weight it kept")
	}
}

fn now() -> u64 {
	Mining::now_ms()
}

fn next_block() {
	run_to_block(System::block_number() + 1);
}

fn report_call((report, signature): (MileageReport, DeviceSignature)) -> Call<Test> {
	Call::report { report, signature }
}

fn bundle_call(reports: Vec<(MileageReport, DeviceSignature)>) -> Call<Test> {
	Call::report_bundle { reports: reports.try_into().expect("fits MaxBundleSize") }
}

fn refused(reason: RejectReason) -> TransactionValidityError {
	InvalidTransaction::Custom(reason.code()).into()
}

/// Asserts authorization refuses `signed` with `reason` and changes nothing.
fn assert_refused(signed: (MileageReport, DeviceSignature), reason: RejectReason) {
	let call = report_call(signed);
	assert_storage_noop!(assert_eq!(authorize(&call).unwrap_err(), refused(reason)));
	assert_eq!(submit(call).unwrap_err(), refused(reason));
}

fn released_events() -> Vec<(u32, Balance, u128)> {
	mining_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::RewardPeriodClosed { period, released, effective_meters, .. } => {
				Some((period, released, effective_meters))
			},
			_ => None,
		})
		.collect()
}

/// Each closed period's reward, from its `RewardPeriodClosed` event.
fn period_rewards() -> std::collections::BTreeMap<u32, Balance> {
	mining_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::RewardPeriodClosed { period, reward, .. } => Some((period, reward)),
			_ => None,
		})
		.collect()
}

/// A car of ALICE's with its baseline report in.
fn alice_car() -> Car {
	let mut car = Car::new(1, ALICE, Device::sr(1));
	car.drive(0);
	next_block();
	car
}

mod authorize;
mod charge;
mod claims;
mod consent;
mod model;
mod params;
mod report;
mod reward_period;
mod views;
