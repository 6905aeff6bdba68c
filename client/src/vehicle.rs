//! A simulated vehicle: its device key, its id (a salted hash of its VIN) and the state a car
//! keeps between mileage reports (sequence number, odometer, clock). It signs reports exactly as
//! a car does and wraps them in the extrinsics a car (or a gateway) submits.

use csop_primitives::DeviceSignature;
use csop_primitives::{Meters, Moment, VehicleId};
use csop_runtime::{Hash, RuntimeCall, UncheckedExtrinsic};
use pallet_mileage_mining::{MileageReport, ReportBundleOf};

use crate::{keys::DeviceKey, tx};

/// The salt the simulator's registrar uses for VIN hashes (a real registrar keeps its salt
/// secret).
pub const SIM_SALT: &[u8] = b"csop-vehicle-sim";

/// A report with its device signature.
pub type SignedReport = (MileageReport, DeviceSignature);

/// A simulated car.
#[derive(Clone)]
pub struct SimVehicle {
	/// The VIN; only its salted hash goes on chain.
	pub vin: String,
	pub id: VehicleId,
	pub key: DeviceKey,
	/// The sequence number of the last report signed.
	pub seq: u64,
	pub odometer_m: Meters,
	/// The device clock of the last report signed.
	pub time_ms: Moment,
}

impl SimVehicle {
	/// A car with VIN `vin` (salted with [`SIM_SALT`]) and device key `key`, odometer at 0.
	pub fn new(vin: &str, key: DeviceKey) -> Self {
		let id = pallet_vehicles::vehicle_id(SIM_SALT, vin.as_bytes());
		SimVehicle { vin: vin.to_owned(), id, key, seq: 0, odometer_m: 0, time_ms: 0 }
	}

	/// The `index`-th simulated car: VIN `CSOPSIM` + index, device key `//vehicle//<index>`,
	/// schemes sr25519, ed25519, ecdsa and P-256 in turn.
	pub fn numbered(index: u32) -> Self {
		use crate::keys::Scheme::*;
		let scheme = [Sr25519, Ed25519, Ecdsa, P256][index as usize % 4];
		let key = DeviceKey::from_suri(scheme, &format!("//vehicle//{index}"))
			.expect("a derivation path is a valid secret URI");
		Self::new(&format!("CSOPSIM{index:010}"), key)
	}

	/// Drives `meters` and reports at device time `time_ms`: the next sequence number, the new
	/// odometer, signed with the device key. The car's state advances.
	pub fn drive_and_report(
		&mut self,
		genesis: Hash,
		meters: Meters,
		time_ms: Moment,
	) -> SignedReport {
		self.seq += 1;
		self.odometer_m += meters;
		self.time_ms = time_ms;
		self.sign(MileageReport {
			genesis,
			vehicle: self.id,
			seq: self.seq,
			odometer_m: self.odometer_m,
			time_ms,
			trip_hash: trip_hash(self.id, self.seq),
		})
	}

	/// Signs an arbitrary report with this car's key (tests forge bad ones with it).
	pub fn sign(&self, report: MileageReport) -> SignedReport {
		let signature = self.key.sign(&report.signing_payload());
		(report, signature)
	}
}

/// A stand-in for the hash of a trip's detailed data (kept off chain).
pub fn trip_hash(vehicle: VehicleId, seq: u64) -> Hash {
	sp_crypto_hashing::blake2_256(&codec::Encode::encode(&(b"trip", vehicle, seq))).into()
}

/// The general transaction a car submits for one report (no account, no fee).
pub fn report_extrinsic((report, signature): SignedReport) -> UncheckedExtrinsic {
	tx::general(RuntimeCall::MileageMining(pallet_mileage_mining::Call::report {
		report,
		signature,
	}))
}

/// The general transaction a gateway submits for several cars' reports (at most the runtime's
/// `MaxBundleSize`; `None` if there are more).
pub fn bundle_extrinsic(reports: Vec<SignedReport>) -> Option<UncheckedExtrinsic> {
	let reports: ReportBundleOf<csop_runtime::Runtime> = reports.try_into().ok()?;
	Some(tx::general(RuntimeCall::MileageMining(pallet_mileage_mining::Call::report_bundle {
		reports,
	})))
}
