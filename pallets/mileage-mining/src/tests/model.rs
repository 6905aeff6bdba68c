//! Property tests against a brute-force model of the pro-rata rule.

use super::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Report { car: usize, meters: u64 },
	Advance { blocks: u64 },
	Claim { car: usize },
	Transfer { car: usize },
	Deregister { car: usize },
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		6 => (0usize..3, 0u64..4_000).prop_map(|(car, meters)| Op::Report { car, meters }),
		4 => (1u64..25).prop_map(|blocks| Op::Advance { blocks }),
		2 => (0usize..3).prop_map(|car| Op::Claim { car }),
		1 => (0usize..3).prop_map(|car| Op::Transfer { car }),
		1 => (0usize..3).prop_map(|car| Op::Deregister { car }),
	]
}

/// The model's exact reward of `car`, scaled by 10^36, through period `through` (inclusive):
/// for each period c, `schedule(c) x eff(car, c) / E(c)` where a metre accepted in period b
/// counts in periods b..=last period of bucket (b / B) + S - 1, until the car is sold or
/// removed.
struct Model {
	/// Per car: (period, metres, the period from which they no longer count: the car was sold
	/// or deregistered during it) accepted.
	credits: Vec<Vec<(u32, u128, Option<u32>)>>,
	/// Per car: how many times it was sold or deregistered (each drops its fraction of a
	/// grain).
	retired: Vec<u32>,
}

const PRECISION: u128 = 1_000_000_000_000_000_000;

impl Model {
	fn eff(&self, car: usize, c: u32) -> u128 {
		self.credits[car]
			.iter()
			.filter(|(b, _, until)| *b <= c && c < (b / B + S) * B && until.is_none_or(|d| c < d))
			.map(|(_, m, _)| m)
			.sum()
	}

	/// `car`'s metres so far stop counting from the current period on.
	fn retire(&mut self, car: usize) {
		let now = Mining::current_period();
		self.retired[car] += 1;
		for (_, _, until) in &mut self.credits[car] {
			until.get_or_insert(now);
		}
	}

	/// (floor scaled sum, number of periods) of `car`'s exact reward through period
	/// `through`.
	fn owed_scaled(&self, car: usize, through: Option<u32>) -> (U256, u64) {
		let Some(through) = through else { return (U256::zero(), 0) };
		let rewards = period_rewards();
		let mut sum = U256::zero();
		for c in 0..=through {
			let e: u128 = (0..self.credits.len()).map(|v| self.eff(v, c)).sum();
			if e == 0 {
				continue;
			}
			// The period's reward as the chain set it (the schedule plus a share of the
			// backlog: `reward_period::the_pool_is_issued_to_exactly_its_cap` checks that
			// rule); the model checks how it is shared.
			let r = rewards[&c] as u128;
			let mine = self.eff(car, c);
			sum += U256::from(r) * U256::from(mine) * U256::from(PRECISION) * U256::from(PRECISION)
				/ U256::from(e);
		}
		(sum, through as u64 + 1)
	}
}

fn paid_to_vehicle(id: VehicleId) -> Balance {
	mining_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::RewardsClaimed { vehicle, amount, .. } if vehicle == id => Some(amount),
			_ => None,
		})
		.sum()
}

fn check_car(model: &Model, i: usize, id: VehicleId) {
	let paid = paid_to_vehicle(id) as u128;
	let (scaled, periods) = model.owed_scaled(i, LastClosedPeriod::<Test>::get());
	let p2 = U256::from(PRECISION) * U256::from(PRECISION);
	// Upper: what was paid never exceeds the exact reward.
	let upper = (scaled + U256::from(periods)) / p2;
	assert!(U256::from(paid) <= upper, "car {i} paid {paid} > model {upper}");
	// Lower: paid plus what is pending is the exact reward rounded down, within 1 grain and
	// the fraction of a grain each sale or deregistration dropped.
	let lower = scaled / p2;
	let total = U256::from(paid) + U256::from(Mining::pending(&id));
	let slack = U256::from(1 + model.retired[i]);
	assert!(total + slack >= lower, "car {i} total {total} < model {lower} - {slack}");
	assert!(total <= upper, "car {i} total {total} > model {upper}");
}

fn run(ops: Vec<Op>) {
	ExtBuilder::default().build_and_execute(|| {
		let owners = [ALICE, BOB, CHARLIE];
		let mut cars = [
			Car::new(1, ALICE, Device::sr(1)),
			Car::new(2, BOB, Device::ed(2)),
			Car::new(3, CHARLIE, Device::ec(3)),
		];
		let mut owner_of = owners.to_vec();
		let mut last_block = [0u64; 3];
		let mut gone = [false; 3];
		let mut baseline = [false; 3];
		let mut model = Model { credits: vec![vec![]; 3], retired: vec![0; 3] };
		for op in ops {
			match op {
				Op::Report { car, meters } => {
					if gone[car] {
						continue;
					}
					if last_block[car] == System::block_number() {
						next_block();
					}
					// A car's first report, and its first after a sale, credit nothing.
					let after_sale = core::mem::take(&mut baseline[car]);
					let first = cars[car].seq == 0 || after_sale;
					cars[car].drive(meters);
					last_block[car] = System::block_number();
					if !first && meters > 0 {
						model.credits[car].push((Mining::current_period(), meters as u128, None));
					}
				},
				Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
				Op::Claim { car } => {
					let _ = Mining::claim(RuntimeOrigin::signed(owner_of[car]), cars[car].id);
				},
				Op::Transfer { car } => {
					if gone[car] {
						continue;
					}
					let to = if owner_of[car] == DAVE { owners[car] } else { DAVE };
					// A sale in a later block than the car's last report, so that the
					// buyer's consent begins after it.
					if last_block[car] == System::block_number() {
						next_block();
					}
					MockWorld::transfer(cars[car].id, to);
					model.retire(car);
					MockWorld::grant(cars[car].id, None);
					owner_of[car] = to;
					baseline[car] = true;
				},
				Op::Deregister { car } => {
					if gone[car] {
						continue;
					}
					// Settled first: the model's reward through the last closed period.
					MockWorld::deregister(cars[car].id);
					gone[car] = true;
					model.retire(car);
				},
			}
			Mining::do_try_state().expect("mining invariants hold");
			Stones::do_try_state().expect("stones invariants hold");
			for (i, car) in cars.iter().enumerate() {
				if !gone[i] {
					check_car(&model, i, car.id);
				}
			}
		}
		// Everyone claims at the end.
		run_to_block(System::block_number() + 2 * P);
		for (i, car) in cars.iter().enumerate() {
			if !gone[i] {
				let _ = Mining::claim(RuntimeOrigin::signed(owner_of[i]), car.id);
				check_car(&model, i, car.id);
			}
		}
		assert!(Claimed::<Test>::get() <= Mining::released());
	});
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]
	#[test]
	fn claims_match_the_brute_force_model(ops in proptest::collection::vec(op(), 1..40)) {
		run(ops);
	}
}
