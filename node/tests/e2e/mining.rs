//! End-to-end mileage mining on the real `csop-node`: the registrar registers cars, their
//! owner (an account holding no stones) grants consent, the cars' device-signed reports travel
//! as feeless general transactions (alone and through a gateway bundle), bad reports of every
//! kind are refused over JSON-RPC with their documented code (a bundle with one bad report
//! too), a period releases stones pro rata, and the owner claims them; one device key's
//! pre-signed flood holds at most one report in the pool and delays no one.

use std::time::Duration;

use crate::harness::*;
use codec::Encode;
use csop_client::vehicle::{bundle_extrinsic, report_extrinsic, SignedReport, SimVehicle};
use csop_runtime::{RuntimeCall, RuntimeEvent};
use pallet_mileage_mining::{MiningParams, RejectReason};
use serde_json::json;
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::Alice;

impl Chain<'_> {
	fn register(&self, car: &SimVehicle, owner: &sr25519::Pair, angel_number: Option<u32>) {
		self.sudo_ok(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: car.id,
			device_key: car.key.public(),
			model: 1,
			activated_at_ms: now_ms(),
			owner: owner.public().into(),
			angel_number,
		}));
	}

	fn grant(&self, car: &SimVehicle, owner: &sr25519::Pair, expires_at_ms: Option<u64>) {
		let call = RuntimeCall::Vehicles(pallet_vehicles::Call::grant_consent {
			vehicle: car.id,
			expires_at_ms,
		});
		let events = submit_for_events(self.node, &self.signed(call, owner));
		assert!(
			events.iter().any(|e| matches!(
				e,
				RuntimeEvent::Vehicles(pallet_vehicles::Event::ConsentGranted { .. })
			)),
			"{events:?}"
		);
	}

	/// Submits a report; the events of its inclusion.
	fn report(&self, report: SignedReport) -> Vec<RuntimeEvent> {
		submit_for_events(self.node, &report_extrinsic(report))
	}

	/// Submits a report that the pool must refuse, and returns the refusal code.
	fn refused(&self, report: SignedReport) -> u8 {
		let xt = to_hex(&report_extrinsic(report).encode());
		let e = self.node.rpc_error("author_submitExtrinsic", json!([xt]));
		custom_refusal(&e).unwrap_or_else(|| panic!("not a custom refusal: {e:?}"))
	}

	fn mining(&self, car: &SimVehicle) -> serde_json::Value {
		self.node.rpc("csop_vehicleMining", json!([format!("{:?}", car.id)]))
	}
}

fn reported(events: &[RuntimeEvent]) -> usize {
	events
		.iter()
		.filter(|e| {
			matches!(
				e,
				RuntimeEvent::MileageMining(pallet_mileage_mining::Event::MileageReported { .. })
			)
		})
		.count()
}

#[test]
fn cars_report_mileage_and_their_owner_claims_stones_over_rpc() {
	let dir = TempDir::new("mining");
	let node = Node::start_dev(dir.path(), "mining");
	node.wait_finalized(1);
	let chain = Chain::new(&node);
	let genesis = chain.info.genesis;

	// Reports may come every second of device time here (real cars: every minute), so the test
	// can drive several reports without waiting.
	let params = MiningParams {
		top_speed_kmh: 250,
		min_report_interval_ms: 1_000,
		max_clock_drift_ms: 3_600_000,
	};
	chain.sudo_ok(RuntimeCall::MileageMining(pallet_mileage_mining::Call::set_params { params }));
	let schedule = node.rpc("csop_miningSchedule", json!([]));
	assert_eq!(schedule["params"]["minReportIntervalMs"], 1_000);
	assert_eq!(schedule["rewardPeriod"], csop_runtime::genesis_config_presets::DEV_REWARD_PERIOD);

	// The owner is a brand-new account: no stones, certified by the registrar.
	let owner = sr25519::Pair::from_string("//e2e-car-owner", None).unwrap();
	let mut cars: Vec<SimVehicle> = (0..3).map(SimVehicle::numbered).collect(); // sr, ed, ecdsa
																			 // Their buyer holds places 1 to 3 of the angel round.
	for (place, car) in (1..).zip(&cars) {
		chain.register(car, &owner, Some(place));
	}
	let listed = node.rpc(
		"csop_vehiclesOf",
		json!([format!("{}", sp_runtime::AccountId32::from(owner.public()))]),
	);
	assert_eq!(listed["vehicles"].as_array().unwrap().len(), 3);
	let v = node.rpc("csop_vehicle", json!([format!("{:?}", cars[1].id)]));
	assert_eq!(v["deviceKey"]["scheme"], "ed25519");
	assert_eq!(v["angelNumber"], 2, "the registrar gave the second car place 2");
	assert_eq!(v["angelEndedAtMs"], serde_json::Value::Null);

	// No consent yet: the pool refuses the car's report.
	let t0 = now_ms();
	let early = cars[0].clone().drive_and_report(genesis, 0, t0);
	assert_eq!(chain.refused(early), RejectReason::NoConsent.code());

	for car in &cars {
		chain.grant(car, &owner, None);
	}
	// Baselines (the first report credits nothing), then 1 km, 2 km and 3 km.
	let t = now_ms();
	for car in &mut cars {
		assert_eq!(reported(&chain.report(car.drive_and_report(genesis, 0, t))), 1);
	}
	for (i, car) in cars.iter_mut().enumerate() {
		let meters = 1_000 * (i as u64 + 1);
		let events = chain.report(car.drive_and_report(genesis, meters, t + 60_000));
		assert!(
			events.contains(&RuntimeEvent::MileageMining(
				pallet_mileage_mining::Event::MileageReported {
					vehicle: car.id,
					seq: car.seq,
					meters
				}
			)),
			"{events:?}"
		);
	}

	// Every kind of bad report is refused over JSON-RPC with its documented code.
	let last = cars[0].clone();
	let next = |meters: u64, dt: u64| {
		let mut c = last.clone();
		c.drive_and_report(genesis, meters, last.time_ms + dt)
	};
	let resign = |f: &dyn Fn(&mut pallet_mileage_mining::MileageReport)| {
		let (mut report, _) = next(100, 10_000);
		f(&mut report);
		last.sign(report)
	};
	let unknown = SimVehicle::numbered(99).drive_and_report(genesis, 0, t + 1_000);
	let (report, _) = next(100, 10_000);
	let forged = (report.clone(), cars[1].sign(report).1);
	let cases: Vec<(RejectReason, SignedReport)> = vec![
		(RejectReason::WrongChain, resign(&|r| r.genesis = H256::repeat_byte(9))),
		(RejectReason::UnknownVehicle, unknown),
		(RejectReason::BadSignature, forged),
		(RejectReason::StaleSequence, resign(&|r| r.seq = last.seq)),
		(RejectReason::OdometerBackwards, resign(&|r| r.odometer_m = last.odometer_m - 1)),
		// 100 km in 10 s.
		(RejectReason::ImplausibleDistance, next(100_000, 10_000)),
		(RejectReason::TooFrequent, next(1, 500)),
		(RejectReason::TimeNotIncreasing, resign(&|r| r.time_ms = last.time_ms)),
		(RejectReason::FromTheFuture, next(100, 2 * 3_600_000)),
	];
	for (reason, report) in cases {
		assert_eq!(chain.refused(report), reason.code(), "{reason:?}");
	}
	// A deregistered car, and a car whose consent expired.
	let mut scrapped = SimVehicle::numbered(3);
	chain.register(&scrapped, &owner, None);
	chain
		.sudo_ok(RuntimeCall::Vehicles(pallet_vehicles::Call::deregister { vehicle: scrapped.id }));
	assert_eq!(
		chain.refused(scrapped.drive_and_report(genesis, 0, now_ms())),
		RejectReason::Deregistered.code()
	);
	let mut lapsed = SimVehicle::numbered(4);
	chain.register(&lapsed, &owner, None);
	let expiry = now_ms() + 30_000;
	chain.grant(&lapsed, &owner, Some(expiry));
	assert_eq!(
		chain.refused(lapsed.drive_and_report(genesis, 0, expiry + 1_000)),
		RejectReason::ConsentExpired.code()
	);

	// A gateway bundle: three good reports and a bad one. The pool refuses it with the bad
	// one's code, `csop_checkReports` says which one it is, and without it the good ones count.
	let t2 = t + 120_000;
	let mut bundle: Vec<SignedReport> =
		cars.iter_mut().map(|car| car.drive_and_report(genesis, 500, t2)).collect();
	// A car that was never registered.
	bundle.push(SimVehicle::numbered(98).drive_and_report(genesis, 0, t2));
	let xt = to_hex(&bundle_extrinsic(bundle.clone()).unwrap().encode());
	let e = node.rpc_error("author_submitExtrinsic", json!([xt]));
	assert_eq!(custom_refusal(&e), Some(RejectReason::UnknownVehicle.code()), "{e:?}");
	let verdicts = node.rpc("csop_checkReports", json!([to_hex(&bundle.encode())]));
	let unknown = RejectReason::UnknownVehicle;
	assert_eq!(
		verdicts,
		json!([null, null, null, {"code": unknown.code(), "reason": format!("{unknown:?}")}])
	);
	bundle.pop();
	let events = submit_for_events(&node, &bundle_extrinsic(bundle).unwrap());
	assert_eq!(reported(&events), 3, "{events:?}");

	// A period closes (10 blocks on a dev chain): every closed period with mileage released its
	// 500 stones and a share of the backlog the periods before the cars reported left, shared
	// pro rata by the cars' metres: 1 : 2 : 3 km before the gateway bundle, 1.5 : 2.5 : 3.5 km
	// after it.
	let close = node.rpc("csop_miningSchedule", json!([]))["nextCloseBlock"].as_u64().unwrap();
	node.wait_until("a mining period closes", Duration::from_secs(120), |n| {
		n.best_number() as u64 > close + 1
	});
	let pending: Vec<u128> = cars
		.iter()
		.map(|car| chain.mining(car)["pending"].as_str().unwrap().parse().unwrap())
		.collect();
	let schedule = node.rpc("csop_miningSchedule", json!([]));
	let released: u128 = schedule["released"].as_str().unwrap().parse().unwrap();
	let period_reward = 500 * csop_runtime::STONE;
	assert!(released >= period_reward, "a period released stones: {schedule}");
	// Every closed period's 500 stones are released or in the backlog, to the grain.
	let backlog: u128 = schedule["backlog"].as_str().unwrap().parse().unwrap();
	let closed = schedule["currentPeriod"].as_u64().unwrap() as u128;
	assert_eq!(released + backlog, closed * period_reward, "{schedule}");
	// All of it is pending with the three cars (a grain per car of rounding at most).
	let total: u128 = pending.iter().sum();
	assert!(total <= released && released - total <= 3, "{pending:?} of {released}");
	// Each car's share lies between the two splits: car 2 earns between 5/3 and 2 times car 1,
	// car 3 between 7/3 and 3 times.
	let (p0, p1, p2) = (pending[0], pending[1], pending[2]);
	assert!(p1 * 3 >= p0 * 5 && p1 <= p0 * 2 + 2, "{pending:?}");
	assert!(p2 * 3 >= p0 * 7 && p2 <= p0 * 3 + 3, "{pending:?}");

	// The owner's wallet view (`csop_account`) lists the three cars with what each can claim,
	// read at one block, and their sum.
	let owner_ss58 = format!("{}", sp_runtime::AccountId32::from(owner.public()));
	let at = node.rpc("chain_getBlockHash", json!([]));
	let wallet = node.rpc("csop_account", json!([owner_ss58, at]));
	assert_eq!(wallet["class"], "Owner", "{wallet}");
	assert_eq!(wallet["rateLimit"]["maxTransactions"], 100, "{wallet}");
	let mut sum = 0u128;
	for car in &cars {
		let at_block = node.rpc("csop_vehicleMining", json!([format!("{:?}", car.id), at]));
		let listed = wallet["vehicles"]
			.as_array()
			.unwrap()
			.iter()
			.find(|v| v["vehicle"] == format!("{:?}", car.id))
			.unwrap_or_else(|| panic!("{:?} not in {wallet}", car.id));
		assert_eq!(listed["pendingReward"], at_block["pending"], "{wallet}");
		sum += at_block["pending"].as_str().unwrap().parse::<u128>().unwrap();
	}
	assert_eq!(wallet["pendingMiningRewards"], sum.to_string(), "{wallet}");

	// The owner (who held no stones) claims car 2's rewards.
	let claim =
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::claim { vehicle: cars[2].id });
	let events = submit_for_events(&node, &chain.signed(claim, &owner));
	let paid = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::MileageMining(pallet_mileage_mining::Event::RewardsClaimed {
				amount,
				..
			}) => Some(*amount),
			_ => None,
		})
		.unwrap_or_else(|| panic!("no RewardsClaimed: {events:?}"));
	assert!(paid >= pending[2], "at least what was pending: {paid} < {}", pending[2]);
	let share = node.rpc("csop_equityShare", json!([owner_ss58]));
	assert_eq!(share["stones"], paid.to_string());
	let supply = node.rpc("csop_supply", json!([]));
	assert_eq!(supply["pools"][0]["pool"], "MileageMining");
	assert_eq!(supply["pools"][0]["issued"], paid.to_string());

	// Someone else cannot claim the owner's car.
	let claim =
		RuntimeCall::MileageMining(pallet_mileage_mining::Call::claim { vehicle: cars[1].id });
	let events = submit_for_events(&node, &chain.signed(claim, &Alice.pair()));
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. })
		)),
		"{events:?}"
	);
}

/// Issue #22 (2): one extracted device key pre-signs 2,000 valid reports (seq + 1, + 2, …, an
/// unchanged odometer) and submits them while a registered user sends 20 remarks. The pool
/// keeps at most one report of the vehicle, every remark is included within 2 blocks of its
/// submission, and the node's memory stays flat.
#[test]
fn one_device_keys_flood_holds_one_pool_slot_and_delays_no_one() {
	const FLOOD: usize = 2_000;
	const REMARKS: usize = 20;
	let dir = TempDir::new("flood");
	let node = Node::start_dev(dir.path(), "flood");
	node.wait_finalized(1);
	let chain = Chain::new(&node);
	let genesis = chain.info.genesis;
	let owner = sr25519::Pair::from_string("//e2e-flood-owner", None).unwrap();
	let mut car = SimVehicle::numbered(7);
	chain.register(&car, &owner, None);
	chain.grant(&car, &owner, None);
	let t0 = now_ms();
	assert_eq!(reported(&chain.report(car.drive_and_report(genesis, 0, t0))), 1);

	// Every pre-signed report is valid against the vehicle's state: a minute after the last
	// one (the minimum interval), within the allowed clock drift.
	let flood: Vec<String> = (0..FLOOD as u64)
		.map(|i| {
			to_hex(&report_extrinsic(car.drive_and_report(genesis, 0, t0 + 61_000 + i)).encode())
		})
		.collect();
	let eve = sp_keyring::Sr25519Keyring::Eve.pair();
	let remark = |i: usize| {
		RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![i as u8; 32] })
	};
	let remarks: Vec<String> = chain
		.signed_all(&eve, (0..REMARKS).map(remark).collect())
		.iter()
		.map(|xt| to_hex(&xt.encode()))
		.collect();
	let vehicle = format!("{:?}", car.id).trim_start_matches("0x").to_string();
	let pending_reports = || {
		let pending = node.rpc("author_pendingExtrinsics", json!([]));
		pending
			.as_array()
			.unwrap()
			.iter()
			.filter(|x| x.as_str().unwrap().contains(&vehicle))
			.count()
	};

	let rss_before = node.rss_kib().expect("the node's memory");
	let (mut accepted, mut refused) = (0, std::collections::BTreeMap::<String, usize>::new());
	let mut submitted_at = Vec::new();
	let mut most_pending = 0;
	for (chunk, remark) in flood.chunks(FLOOD / REMARKS).zip(&remarks) {
		let calls: Vec<_> =
			chunk.iter().map(|xt| ("author_submitExtrinsic", json!([xt]))).collect();
		for answer in chain.rpc.batch(&calls).expect("the node answers") {
			match answer {
				Ok(_) => accepted += 1,
				Err(csop_client::rpc::RpcError::Node { code, message, .. }) => {
					*refused.entry(format!("{code} {message}")).or_default() += 1
				},
				Err(e) => panic!("{e}"),
			}
		}
		submitted_at.push(node.best_number());
		node.rpc("author_submitExtrinsic", json!([remark]));
		most_pending = most_pending.max(pending_reports());
	}
	let mut late = vec![];
	let mut blocks_after = vec![];
	for (remark, at) in remarks.iter().zip(&submitted_at) {
		let (number, _, _) = wait_inclusion(&node, remark, *at, Duration::from_secs(60));
		blocks_after.push(number - at);
		if number > at + 2 {
			late.push((at, number));
		}
	}
	let rss_after = node.rss_kib().expect("the node's memory");
	println!(
		"flood of {FLOOD} pre-signed reports from one device key: {accepted} accepted by the \
		 pool, refused: {refused:?}; at most {most_pending} of the vehicle's reports pending; \
		 {REMARKS} remarks included {blocks_after:?} blocks after submission; node memory \
		 {} -> {} MiB",
		rss_before / 1024,
		rss_after / 1024
	);
	assert!(most_pending <= 1, "at most one report per vehicle in the pool: {most_pending}");
	assert_eq!(accepted, 1, "one report takes the vehicle's slot; the rest are refused");
	assert!(late.is_empty(), "remarks included later than 2 blocks after submission: {late:?}");
	assert!(
		rss_after < rss_before + 64 * 1024,
		"the node's memory grew from {rss_before} to {rss_after} KiB"
	);
}
