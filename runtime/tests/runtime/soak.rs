//! Issue #22 (7): an adversarial soak. Random sequences of every pallet's calls, signed by
//! random signers of each class (consortium members, certified owners, registered users, an
//! unknown account), and random device reports (valid, replayed, forged, out of order, alone
//! and in bundles), applied through `Executive` over many blocks. After every block every
//! pallet's invariants hold (`csop_runtime::invariants::check`, run by `finish_block`) and the
//! supply never exceeds 300,000,000 stones; no call panics. It prints how many calls were
//! tried, applied, failed in dispatch and refused, by reason.
//!
//! `CSOP_SOAK_SEED` and `CSOP_SOAK_BLOCKS` change the run (defaults: a fixed seed, 200 blocks);
//! a failure prints the seed that reproduces it.

use crate::common::*;
use csop_runtime::{Balances, MAX_SUPPLY};
use pallet_mileage_mining::MileageReport;
use sp_core::{sr25519, H256};
use std::collections::BTreeMap;

/// xorshift64*: small, seedable, reproducible.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	fn pick<T: Copy>(&mut self, items: &[T]) -> T {
		items[self.below(items.len() as u64) as usize]
	}
}

/// A vehicle of the soak, with its device key and what it last reported.
struct Car {
	id: H256,
	key: sr25519::Pair,
	seq: u64,
	odometer_m: u64,
	time_ms: u64,
	sent: Vec<(MileageReport, csop_primitives::DeviceSignature)>,
}

impl Car {
	fn sign(
		key: &sr25519::Pair,
		report: MileageReport,
	) -> (MileageReport, csop_primitives::DeviceSignature) {
		let signature =
			csop_primitives::DeviceSignature::Sr25519(key.sign(&report.signing_payload()));
		(report, signature)
	}

	/// A report of the kind the soak chose: the next valid one, a replay, a forgery, or one
	/// ahead of its predecessor.
	fn report(&mut self, rng: &mut Rng) -> (MileageReport, csop_primitives::DeviceSignature) {
		let now = pallet_timestamp::Now::<Runtime>::get();
		let next = |car: &Car, seq: u64, meters: u64| MileageReport {
			genesis: System::block_hash(0),
			vehicle: car.id,
			seq,
			odometer_m: car.odometer_m + meters,
			time_ms: now.max(car.time_ms + 1),
			trip_hash: H256::repeat_byte(seq as u8),
		};
		match rng.below(10) {
			// A replay of a report already sent.
			0 | 1 if !self.sent.is_empty() => {
				let i = rng.below(self.sent.len() as u64) as usize;
				self.sent[i].clone()
			},
			// Forged: signed by another key.
			2 => {
				let (report, _) = Self::sign(&self.key, next(self, self.seq + 1, 10));
				let forger = sr25519::Pair::from_seed(&[rng.below(255) as u8; 32]);
				Self::sign(&forger, report)
			},
			// Out of order: a later sequence number first.
			3 => Self::sign(&self.key, next(self, self.seq + 2 + rng.below(3), 20)),
			// The next report, with a plausible or an implausible distance.
			_ => {
				// 3 seconds at up to 250 km/h is at most 208 m.
				let meters = if rng.chance(10) { 10_000_000 } else { rng.below(200) };
				let signed = Self::sign(&self.key, next(self, self.seq + 1, meters));
				self.sent.push(signed.clone());
				signed
			},
		}
	}

	/// Follows the chain: what the vehicle's last accepted report is.
	fn sync(&mut self) {
		if let Some(info) = pallet_mileage_mining::Pallet::<Runtime>::vehicle_info(&self.id) {
			self.seq = info.last_seq;
			self.odometer_m = info.last_odometer_m;
			self.time_ms = info.last_time_ms;
		}
	}
}

/// Tallies of what happened to each call, by outcome and reason.
#[derive(Default)]
struct Tally {
	tried: u64,
	applied: BTreeMap<String, u64>,
	failed: BTreeMap<String, u64>,
	refused: BTreeMap<String, u64>,
}

impl Tally {
	fn note(&mut self, what: &str, result: sp_runtime::ApplyExtrinsicResult) {
		self.tried += 1;
		match result {
			Ok(Ok(())) => *self.applied.entry(what.to_string()).or_default() += 1,
			Ok(Err(e)) => {
				let reason = match e {
					sp_runtime::DispatchError::Module(m) => {
						m.message.map(str::to_string).unwrap_or_else(|| format!("{m:?}"))
					},
					other => format!("{other:?}"),
				};
				*self.failed.entry(format!("{what}: {reason}")).or_default() += 1;
			},
			Err(e) => *self.refused.entry(format!("{what}: {e:?}")).or_default() += 1,
		}
	}
}

/// The signers of the soak: members, owners (after setup), users, and an unknown account.
fn signer(rng: &mut Rng) -> (sr25519::Pair, sp_runtime::AccountId32) {
	let pair = match rng.below(8) {
		0 => Alice.pair(),
		1 => Bob.pair(),
		2 => Charlie.pair(),
		3 => Dave.pair(),
		4 => Eve.pair(),
		5 => Ferdie.pair(),
		6 => sr25519::Pair::from_string("//Stranger", None).unwrap(),
		_ => sr25519::Pair::from_string("//Alice//stash", None).unwrap(),
	};
	let account = pair.public().into();
	(pair, account)
}

fn someone(rng: &mut Rng) -> MultiAddress<sp_runtime::AccountId32, ()> {
	MultiAddress::Id(signer(rng).1)
}

/// A random call of one of the runtime's pallets, with arguments from small domains so that
/// calls meet each other's state (the same items, boxes, redemptions, vehicles).
fn random_call(
	rng: &mut Rng,
	cars: &[Car],
	who: &sp_runtime::AccountId32,
) -> (&'static str, RuntimeCall) {
	use pallet_consortium::Call as Consortium;
	use pallet_crystals::Call as Crystals;
	use pallet_mine_boxes::Call as Boxes;
	use pallet_redemptions::Call as Redemptions;
	use pallet_stones::Call as Stones;
	use pallet_vehicles::Call as Vehicles;
	let car = cars[rng.below(cars.len() as u64) as usize].id;
	let stones = |rng: &mut Rng| u128::from(rng.below(5)) * STONE + u128::from(rng.below(1_000));
	match rng.below(22) {
		0 => ("remark", remark(&vec![7u8; rng.pick(&[0usize, 32, 256, 257, 4_096])])),
		1 => (
			"transfer",
			RuntimeCall::Stones(Stones::transfer { dest: someone(rng), amount: stones(rng) }),
		),
		2 => ("burn", RuntimeCall::Stones(Stones::burn { amount: stones(rng) })),
		3 => {
			let details = pallet_redemptions::ItemDetails {
				name: b"soak item".to_vec(),
				category: pallet_redemptions::Category::OtaSoftware,
				price: stones(rng),
				cash_part: None,
				stock: Some(rng.below(5) as u32),
				per_account_limit: Some(rng.below(3) as u32),
				eligibility: Default::default(),
				open: rng.chance(80),
			};
			("list_item", RuntimeCall::Redemptions(Redemptions::list_item { details }))
		},
		4 => {
			// Mostly the signer's own car (owners change as the soak goes), else any or none.
			let own = cars.iter().map(|c| c.id).find(|id| {
				pallet_vehicles::Vehicles::<Runtime>::get(id).is_some_and(|v| &v.owner == who)
			});
			let vehicle = match rng.below(4) {
				0 => None,
				1 => Some(car),
				_ => own.or(Some(car)),
			};
			// Items 0 and 1 are the angel round's (genesis); the soak lists from 2 on.
			let item = rng.below(6) as u32;
			("redeem", RuntimeCall::Redemptions(Redemptions::redeem { item, vehicle }))
		},
		5 => {
			("fulfil", RuntimeCall::Redemptions(Redemptions::fulfil { redemption: rng.below(20) }))
		},
		6 => {
			("reject", RuntimeCall::Redemptions(Redemptions::reject { redemption: rng.below(20) }))
		},
		7 => {
			("cancel", RuntimeCall::Redemptions(Redemptions::cancel { redemption: rng.below(20) }))
		},
		8 => (
			"award",
			RuntimeCall::Crystals(Crystals::award {
				who: someone(rng),
				activity: rng.pick(&[
					pallet_crystals::Activity::SignUp,
					pallet_crystals::Activity::DailyCheckIn,
					pallet_crystals::Activity::Post,
				]),
				occurred_at_ms: pallet_timestamp::Now::<Runtime>::get(),
				reference: H256::repeat_byte(rng.below(256) as u8),
			}),
		),
		9 => ("buy_box", RuntimeCall::MineBoxes(Boxes::buy_box { box_type: rng.below(3) as u32 })),
		10 => {
			// Mostly one of the signer's own unrevealed boxes, else any.
			let own = pallet_mine_boxes::PendingBoxes::<Runtime>::get(who);
			let id = match own.last() {
				Some(id) if rng.chance(80) => *id,
				_ => rng.below(20),
			};
			("reveal", RuntimeCall::MineBoxes(Boxes::reveal { id }))
		},
		11 => (
			"use_right",
			RuntimeCall::MineBoxes(Boxes::use_right {
				who: someone(rng),
				right: rng.below(3) as u32,
				quantity: 1,
			}),
		),
		12 => (
			"claim",
			RuntimeCall::MileageMining(pallet_mileage_mining::Call::claim { vehicle: car }),
		),
		13 => (
			"grant_consent",
			RuntimeCall::Vehicles(Vehicles::grant_consent { vehicle: car, expires_at_ms: None }),
		),
		14 => ("revoke_consent", RuntimeCall::Vehicles(Vehicles::revoke_consent { vehicle: car })),
		15 => (
			"transfer_ownership",
			RuntimeCall::Vehicles(Vehicles::transfer_ownership {
				vehicle: car,
				new_owner: signer(rng).1,
			}),
		),
		16 => (
			"register_user",
			RuntimeCall::Consortium(Consortium::register_user { who: someone(rng) }),
		),
		17 => (
			"deregister_user",
			RuntimeCall::Consortium(Consortium::deregister_user { who: someone(rng) }),
		),
		18 => (
			"claim_node",
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
				node: sp_core::OpaquePeerId(vec![rng.below(4) as u8; 8]),
			}),
		),
		19 => (
			"add_connections",
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
				node: sp_core::OpaquePeerId(vec![rng.below(4) as u8; 8]),
				connections: (0..rng.below(40))
					.map(|i| sp_core::OpaquePeerId(vec![i as u8; 8]))
					.collect(),
			}),
		),
		// Governance-only calls signed directly.
		20 => (
			"set_transfer_policy",
			RuntimeCall::Stones(Stones::set_transfer_policy {
				policy: csop_primitives::TransferPolicy::Free,
			}),
		),
		_ => ("set_code", RuntimeCall::System(frame_system::Call::set_code { code: vec![0; 64] })),
	}
}

#[test]
fn random_calls_signers_and_reports_keep_every_invariant() {
	let seed: u64 = std::env::var("CSOP_SOAK_SEED")
		.ok()
		.and_then(|s| s.parse().ok())
		.unwrap_or(0x5eed_c50b);
	let blocks: u32 = std::env::var("CSOP_SOAK_BLOCKS")
		.ok()
		.and_then(|s| s.parse().ok())
		.unwrap_or(200);
	let mut rng = Rng(seed | 1);
	let mut tally = Tally::default();
	genesis("development").execute_with(|| {
		initialize_block_one();
		// Reports may come every second of device time (3-second blocks), so that the soak
		// applies valid ones often.
		let params = pallet_mileage_mining::MiningParams {
			top_speed_kmh: 250,
			min_report_interval_ms: 1_000,
			max_clock_drift_ms: 300_000,
		};
		let set_params =
			RuntimeCall::MileageMining(pallet_mileage_mining::Call::set_params { params });
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(set_params) });
		assert_eq!(apply(sudo, Alice), Ok(Ok(())));
		// Three owners' cars, registered by Alice (the registrar) with consent granted.
		let mut cars: Vec<Car> = [Dave, Eve, Ferdie]
			.iter()
			.enumerate()
			.map(|(i, owner)| {
				let key = sr25519::Pair::from_seed(&[i as u8 + 1; 32]);
				let id = H256::repeat_byte(i as u8 + 1);
				let register = RuntimeCall::Vehicles(pallet_vehicles::Call::register {
					vehicle: id,
					device_key: csop_primitives::DeviceKey::Sr25519(key.public()),
					model: 1,
					activated_at_ms: 0,
					owner: owner.to_account_id(),
					angel_number: None,
				});
				assert_eq!(apply(register, Alice), Ok(Ok(())));
				let consent = RuntimeCall::Vehicles(pallet_vehicles::Call::grant_consent {
					vehicle: id,
					expires_at_ms: None,
				});
				assert_eq!(apply(consent, *owner), Ok(Ok(())));
				Car { id, key, seq: 0, odometer_m: 0, time_ms: 0, sent: vec![] }
			})
			.collect();
		next_block();

		for _ in 0..blocks {
			for _ in 0..16 {
				if rng.chance(30) {
					// Device reports, alone or in a bundle.
					let car = rng.below(cars.len() as u64) as usize;
					cars[car].sync();
					let call = if rng.chance(70) {
						let (report, signature) = cars[car].report(&mut rng);
						pallet_mileage_mining::Call::report { report, signature }
					} else {
						let n = 1 + rng.below(4);
						let reports: Vec<_> = (0..n)
							.map(|_| {
								let i = rng.below(cars.len() as u64) as usize;
								cars[i].report(&mut rng)
							})
							.collect();
						pallet_mileage_mining::Call::report_bundle {
							reports: reports.try_into().expect("at most 4"),
						}
					};
					let xt = UncheckedExtrinsic::new_transaction(
						RuntimeCall::MileageMining(call),
						tx_extension(0, Era::Immortal),
					);
					tally.note("report", Executive::apply_extrinsic(xt));
				} else {
					let (key, who) = signer(&mut rng);
					let (what, call) = random_call(&mut rng, &cars, &who);
					let nonce = System::account_nonce(&who);
					let xt = signed_by(call, key.public(), &key, nonce);
					tally.note(what, Executive::apply_extrinsic(xt));
				}
			}
			next_block();
			let issuance = Balances::total_issuance();
			assert!(issuance <= MAX_SUPPLY, "seed {seed}: supply {issuance} past 300M");
			let issued = pallet_stones::Issued::<Runtime>::iter_values()
				.fold(0u128, |sum, v| sum.saturating_add(v));
			assert!(issued <= MAX_SUPPLY, "seed {seed}: issued {issued} past 300M");
		}
	});
	let applied: u64 = tally.applied.values().sum();
	let refused: u64 = tally.refused.values().sum();
	let failed: u64 = tally.failed.values().sum();
	println!(
		"soak (seed {seed}, {blocks} blocks): {} calls tried, {applied} applied, {failed} failed \
		 in dispatch, {refused} refused by the pool's checks",
		tally.tried
	);
	for (title, map) in
		[("applied", &tally.applied), ("refused", &tally.refused), ("failed", &tally.failed)]
	{
		println!("{title}:");
		for (reason, n) in map {
			println!("  {n:>5}  {reason}");
		}
	}
	assert!(applied > tally.tried / 10, "the soak must reach the pallets' logic");
	for what in ["report", "redeem", "buy_box", "reveal", "claim", "remark"] {
		assert!(tally.applied.contains_key(what), "no {what} was applied: {:?}", tally.applied);
	}
}
