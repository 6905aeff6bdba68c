//! Mileage mining through the real runtime: reports are general transactions authorised by
//! their device signature, checked against the real vehicle registry. Consent means consent:
//! no kilometre driven outside the owner's consent is credited or counted for the angel
//! programme (docs/economics.md, "Mileage mining").

use crate::common::*;
use csop_primitives::Meters;
use pallet_mileage_mining::{MileageReport, MiningParams};
use sp_core::{sr25519, H256};

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn vehicles(call: pallet_vehicles::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Vehicles(call)
}

/// A car whose device signs with an sr25519 key, and what it last reported.
struct Car {
	id: H256,
	key: sr25519::Pair,
	seq: u64,
	odometer_m: u64,
}

impl Car {
	/// Registers car `byte` to `owner` (activated at `activated_at_ms`, with the buyer's place
	/// in the angel round if any; the registrar is sudo in the development preset) and grants
	/// the owner's consent.
	fn register(byte: u8, owner: Sr25519Keyring, angel_number: Option<u32>) -> Self {
		let key = sr25519::Pair::from_seed(&[byte; 32]);
		let id = H256::repeat_byte(byte);
		let register = vehicles(pallet_vehicles::Call::register {
			vehicle: id,
			device_key: csop_primitives::DeviceKey::Sr25519(key.public()),
			model: 1,
			activated_at_ms: 0,
			owner: owner.to_account_id(),
			angel_number,
		});
		assert_eq!(apply(sudo(register), Alice), Ok(Ok(())));
		grant(id, owner);
		Car { id, key, seq: 0, odometer_m: 0 }
	}

	/// The car's next report: `meters` more, timed now.
	fn next(&self, meters: u64) -> RuntimeCall {
		let report = MileageReport {
			genesis: System::block_hash(0),
			vehicle: self.id,
			seq: self.seq + 1,
			odometer_m: self.odometer_m + meters,
			time_ms: pallet_timestamp::Now::<Runtime>::get(),
			trip_hash: H256::repeat_byte(self.seq as u8),
		};
		let signature =
			csop_primitives::DeviceSignature::Sr25519(self.key.sign(&report.signing_payload()));
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::report { report, signature })
	}

	/// Submits the next report (`meters` more) and returns the metres the chain credited
	/// (from its `MileageReported` event); the report must be accepted.
	fn drive(&mut self, meters: u64) -> Meters {
		let xt =
			UncheckedExtrinsic::new_transaction(self.next(meters), tx_extension(0, Era::Immortal));
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		self.seq += 1;
		self.odometer_m += meters;
		let credited = System::events().into_iter().rev().find_map(|record| match record.event {
			RuntimeEvent::MileageMining(pallet_mileage_mining::Event::MileageReported {
				vehicle,
				meters,
				..
			}) if vehicle == self.id => Some(meters),
			_ => None,
		});
		credited.expect("an accepted report emits MileageReported")
	}

	/// Asserts the next report (`meters` more) is refused with `reason`.
	fn refused(&self, meters: u64, reason: pallet_mileage_mining::RejectReason) {
		let xt =
			UncheckedExtrinsic::new_transaction(self.next(meters), tx_extension(0, Era::Immortal));
		assert_eq!(
			Executive::apply_extrinsic(xt),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(reason.code())))
		);
	}
}

fn grant(vehicle: H256, owner: Sr25519Keyring) {
	let call = vehicles(pallet_vehicles::Call::grant_consent { vehicle, expires_at_ms: None });
	assert_eq!(apply(call, owner), Ok(Ok(())));
}

fn revoke(vehicle: H256, owner: Sr25519Keyring) {
	let call = vehicles(pallet_vehicles::Call::revoke_consent { vehicle });
	assert_eq!(apply(call, owner), Ok(Ok(())));
}

fn effective_meters() -> u128 {
	pallet_mileage_mining::EffectiveMeters::<Runtime>::get()
}

/// The development chain at block one, with mining parameters that let a test drive far in
/// a few blocks (reports every second, any speed).
fn with_lenient_mining(test: impl FnOnce()) {
	genesis("development").execute_with(|| {
		initialize_block_one();
		let params = MiningParams {
			top_speed_kmh: u32::MAX,
			min_report_interval_ms: 1_000,
			max_clock_drift_ms: 300_000,
		};
		let set = RuntimeCall::MileageMining(pallet_mileage_mining::Call::set_params { params });
		assert_eq!(apply(sudo(set), Alice), Ok(Ok(())));
		test();
	});
}

#[test]
fn kilometres_driven_while_consent_was_revoked_are_not_credited() {
	with_lenient_mining(|| {
		let mut car = Car::register(0xC1, Dave, None);
		assert_eq!(car.drive(0), 0);
		next_block();
		assert_eq!(car.drive(1_000), 1_000);
		revoke(car.id, Dave);
		next_block();
		car.refused(40_000, pallet_mileage_mining::RejectReason::NoConsent);
		next_block();
		grant(car.id, Dave);
		// The first report after the new grant only sets the baseline.
		assert_eq!(car.drive(40_000), 0);
		assert_eq!(effective_meters(), 1_000);
		next_block();
		assert_eq!(car.drive(300), 300);
		assert_eq!(effective_meters(), 1_300);
		next_block();
	});
}

#[test]
fn the_buyer_is_not_credited_the_sellers_driving() {
	with_lenient_mining(|| {
		let mut car = Car::register(0xC2, Dave, None);
		car.drive(0);
		next_block();
		assert_eq!(car.drive(2_000), 2_000);
		next_block();
		let sale = vehicles(pallet_vehicles::Call::transfer_ownership {
			vehicle: car.id,
			new_owner: Eve.to_account_id(),
		});
		assert_eq!(apply(sudo(sale), Alice), Ok(Ok(())));
		assert_eq!(effective_meters(), 0);
		car.refused(10, pallet_mileage_mining::RejectReason::NoConsent);
		next_block();
		grant(car.id, Eve);
		// The seller's driving since the last report is not the buyer's.
		assert_eq!(car.drive(25_000), 0);
		next_block();
		assert_eq!(car.drive(800), 800);
		// The seller's 2,000 m stopped counting at the sale: the buyer earns from 800.
		assert_eq!(effective_meters(), 800);
		next_block();
	});
}

#[test]
fn an_angel_cannot_bank_driving_outside_consent() {
	use csop_primitives::EntitlementKind::LidarUpgrade;
	with_lenient_mining(|| {
		// Ferdie bought his car in the angel round, place 7.
		let mut car = Car::register(0xC3, Ferdie, Some(7));
		car.drive(0);
		next_block();
		// 2,600 km in consent this year...
		assert_eq!(car.drive(2_600_000), 2_600_000);
		// ...and 2,600 km more with consent revoked, reported after a new grant.
		revoke(car.id, Ferdie);
		next_block();
		grant(car.id, Ferdie);
		assert_eq!(car.drive(2_600_000), 0);
		next_block();
		let year = pallet_vehicles::AngelMileage::<Runtime>::get(car.id, 0);
		assert_eq!(year, 2_600_000);
		assert!(!csop_runtime::Vehicles::has_available_entitlement(&car.id, LidarUpgrade));
		// Driven in consent, the rest of the threshold earns it.
		assert_eq!(car.drive(2_400_001), 2_400_001);
		assert!(csop_runtime::Vehicles::has_available_entitlement(&car.id, LidarUpgrade));
		next_block();
	});
}

#[test]
fn periods_without_mileage_are_released_later_not_lost() {
	use csop_runtime::configs::CatchUpPeriods;
	with_lenient_mining(|| {
		let mining = pallet_mileage_mining::Pallet::<Runtime>::schedule_info;
		let reward = 500 * STONE;
		// The development chain closes a period every 10 blocks; three close with no car.
		let mut car = Car::register(0xC4, Dave, None);
		while mining().current_period < 3 {
			next_block();
		}
		assert_eq!(mining().released, 0);
		assert_eq!(mining().backlog, 3 * reward);
		car.drive(0);
		next_block();
		car.drive(1_000);
		let period = mining().current_period;
		while mining().current_period == period {
			next_block();
		}
		// The period with mileage releases its reward and 1/4,320 of the backlog.
		let catch_up = (3 * reward).div_ceil(CatchUpPeriods::get() as u128);
		let closed = System::events().into_iter().find_map(|record| match record.event {
			RuntimeEvent::MileageMining(pallet_mileage_mining::Event::RewardPeriodClosed {
				period: p,
				reward,
				released,
				..
			}) if p == period => Some((reward, released)),
			_ => None,
		});
		assert_eq!(closed, Some((reward + catch_up, reward + catch_up)));
		assert_eq!(mining().backlog, 3 * reward - catch_up);
		next_block();
	});
}
