//! The reward period: closing periods, the halving schedule, the pool cap, buckets and the
//! window, and sharing each period's reward pro rata.

use super::*;

#[test]
fn no_mileage_no_release() {
	ExtBuilder::default().build_and_execute(|| {
		let _car = alice_car();
		run_to_period(4);
		assert_eq!(released_events(), vec![(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0)]);
		assert_eq!(RewardPerMeter::<Test>::get(), U256::zero());
		assert_eq!(Mining::released(), 0);
		assert_eq!(LastClosedPeriod::<Test>::get(), Some(3));
	});
}

#[test]
fn periods_close_on_the_first_block_of_the_next_period() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(P - 1);
		assert_eq!(LastClosedPeriod::<Test>::get(), None);
		run_to_block(P);
		assert_eq!(LastClosedPeriod::<Test>::get(), Some(0));
		// Running the hook twice closes nothing twice.
		Mining::on_initialize(P);
		assert_eq!(released_events().len(), 1);
	});
}

#[test]
fn genesis_may_choose_another_reward_period() {
	ExtBuilder::default().reward_period(4).build_and_execute(|| {
		assert_eq!(Mining::reward_period(), 4);
		run_to_block(3);
		assert_eq!(LastClosedPeriod::<Test>::get(), None);
		run_to_block(4);
		assert_eq!(LastClosedPeriod::<Test>::get(), Some(0));
		run_to_block(8);
		assert_eq!(LastClosedPeriod::<Test>::get(), Some(1));
		let s = Mining::schedule_info();
		assert_eq!((s.reward_period, s.current_period, s.next_close_block), (4, 2, 12));
	});
	ExtBuilder::default().build_and_execute(|| assert_eq!(Mining::reward_period(), P as u32));
}

#[test]
fn rewards_halve() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		// The metres count through the last period of bucket S - 1 = period 5; keep driving.
		let mut expected = vec![];
		for period in 0..16u32 {
			run_to_period(period as u64 + 1);
			car.drive(1_000);
			expected.push(R0 >> (period / H));
		}
		let released: Vec<Balance> = released_events().iter().map(|e| e.1).collect();
		assert_eq!(released, expected);
		assert_eq!(expected[..6], [R0, R0, R0, R0, R0, R0 / 2]);
		assert_eq!(Mining::released(), expected.iter().sum::<Balance>());
		// Alone, the vehicle is owed all of it (less under a unit of rounding).
		assert!(Mining::released() - Mining::pending(&car.id) <= 1);
	});
}

#[test]
fn release_stops_exactly_at_the_pool_cap() {
	ExtBuilder::default().cap(2_500_123).build_and_execute(|| {
		let mut car = alice_car();
		car.drive(1_000);
		run_to_period(2);
		assert_eq!(Mining::released(), 2 * R0);
		// Claiming does not change what can still be promised.
		assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), car.id));
		car.drive(1_000);
		run_to_period(6);
		assert_eq!(
			released_events().iter().map(|e| e.1).collect::<Vec<_>>(),
			vec![R0, R0, 500_123, 0, 0, 0]
		);
		assert_eq!(Mining::released(), 2_500_123);
		assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), car.id));
		assert_eq!(Balances::balance(&ALICE), 2_500_123);
		assert_eq!(Stones::remaining(Pool::MileageMining), 0);
		assert_eq!(Claimed::<Test>::get(), Mining::released());
	});
}

#[test]
fn a_new_bucket_moves_the_open_buckets_metres_once() {
	ExtBuilder::default().build_and_execute(|| {
		let db = <Test as frame_system::Config>::DbWeight::get();
		let hot = Mining::hot_values_weight();
		let mut a = alice_car();
		next_block();
		a.drive(1_000);
		assert_eq!(OpenBucket::<Test>::get(), (0, 1_000));
		assert!(!BucketMeters::<Test>::contains_key(0));
		// The first block of bucket 1 (and of period B) moves bucket 0's metres.
		run_to_block(B as u64 * P - 1);
		System::set_block_number(B as u64 * P);
		let weight = Mining::on_initialize(B as u64 * P);
		assert_eq!(weight, hot + db.writes(1) + <() as WeightInfo>::close_period());
		assert_eq!(OpenBucket::<Test>::get(), (1, 0));
		assert_eq!(BucketMeters::<Test>::get(0), 1_000);
		assert_eq!(Mining::bucket_meters(0), 1_000);
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
		// Once: the next block of the bucket moves nothing.
		System::set_block_number(B as u64 * P + 1);
		assert_eq!(Mining::on_initialize(B as u64 * P + 1), hot);
		assert_eq!(BucketMeters::<Test>::get(0), 1_000);
	});
}

#[test]
fn two_vehicles_share_in_proportion() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		let mut b = Car::new(2, BOB, Device::ed(2));
		b.drive(0);
		next_block();
		a.drive(1_000);
		b.drive(3_000);
		run_to_period(1);
		assert_eq!(Mining::pending(&a.id), R0 / 4);
		assert_eq!(Mining::pending(&b.id), R0 * 3 / 4);
		assert_eq!(released_events(), vec![(0, R0, 4_000)]);
	});
}

#[test]
fn three_vehicles_share_in_proportion_with_rounding_down() {
	ExtBuilder::default().build_and_execute(|| {
		let mut cars = [
			Car::new(1, ALICE, Device::sr(1)),
			Car::new(2, BOB, Device::ed(2)),
			Car::new(3, CHARLIE, Device::ec(3)),
		];
		for car in cars.iter_mut() {
			car.drive(0);
		}
		next_block();
		for (car, m) in cars.iter_mut().zip([1_000, 2_000, 4_000]) {
			car.drive(m);
		}
		run_to_period(1);
		// 1,000,000 x 1/7, 2/7, 4/7.
		let pending: Vec<Balance> = cars.iter().map(|c| Mining::pending(&c.id)).collect();
		assert_eq!(pending, vec![142_857, 285_714, 571_428]);
		// The promise rounds up, so it always covers what the vehicles are owed.
		assert_eq!(Mining::released(), 1_000_000);
		for (car, who) in cars.iter().zip([ALICE, BOB, CHARLIE]) {
			assert_ok!(Mining::claim(RuntimeOrigin::signed(who), car.id));
		}
		assert_eq!(Claimed::<Test>::get(), 999_999);
	});
}

#[test]
fn shares_follow_mileage_over_periods() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		let mut b = Car::new(2, BOB, Device::sr(2));
		b.drive(0);
		next_block();
		a.drive(1_000);
		run_to_period(1); // a alone
		b.drive(1_000);
		run_to_period(2); // half each
		assert_eq!(Mining::pending(&a.id), R0 + R0 / 2);
		assert_eq!(Mining::pending(&b.id), R0 / 2);
	});
}

#[test]
fn mileage_counts_through_the_last_period_of_the_window() {
	ExtBuilder::default().build_and_execute(|| {
		// B = 2 periods per bucket, S = 3 buckets: metres of bucket 0 count through period 5.
		let mut a = alice_car();
		let mut b = Car::new(2, BOB, Device::sr(2));
		b.drive(0);
		run_to_period(1);
		// `a` drives in period 1 (bucket 0): counts in periods 1..=5 ((S-1) x B + 1 = 5).
		a.drive(1_000);
		// `b` drives in period 2 (bucket 1): counts in periods 2..=7 (S x B = 6).
		run_to_period(2);
		b.drive(1_000);
		run_to_period(5);
		assert_eq!(EffectiveMeters::<Test>::get(), 2_000);
		run_to_period(6); // closes period 5, the last of bucket 2: bucket 0 leaves the window
		assert_eq!(EffectiveMeters::<Test>::get(), 1_000);
		assert!(!BucketMeters::<Test>::contains_key(0));
		assert_eq!(Mining::bucket_meters(0), 0);
		assert!(Mining::matured_acc(0).is_some());
		let a_at_5 = Mining::pending(&a.id);
		// Each period's reward (period 0, without mileage, left its reward in the backlog:
		// the later periods release a share of it too), shared by the metres counting in it.
		let share = |periods: &[(u32, u128)]| {
			let rewards = period_rewards();
			let scaled = periods.iter().fold(U256::zero(), |sum, (period, e)| {
				let delta = U256::from(rewards[period]) * scale() / U256::from(*e);
				sum + delta * U256::from(1_000u32)
			});
			(scaled / scale()).as_u64()
		};
		// Period 1: a alone; periods 2..=5: half each.
		assert_eq!(a_at_5, share(&[(1, 1_000), (2, 2_000), (3, 2_000), (4, 2_000), (5, 2_000)]));
		assert!(a_at_5 > R0 + 3 * R0 / 2 + R0 / 4);
		run_to_period(9);
		assert_eq!(Mining::pending(&a.id), a_at_5);
		// `b` earned alone in periods 6 and 7, then its bucket left the window.
		let b_periods = [(2, 2_000), (3, 2_000), (4, 2_000), (5, 2_000), (6, 1_000), (7, 1_000)];
		assert_eq!(Mining::pending(&b.id), share(&b_periods));
		assert_eq!(EffectiveMeters::<Test>::get(), 0);
		assert_eq!(released_events()[8].1, 0);
		assert_eq!(Mining::live_meters(&a.id), 0);
	});
}

#[test]
fn a_period_without_mileage_leaves_its_reward_in_the_backlog() {
	ExtBuilder::default().build_and_execute(|| {
		let mut car = alice_car();
		// Periods 0 and 1 close with no mileage: 2 x R0 in the backlog.
		run_to_period(2);
		assert_eq!(Mining::released(), 0);
		assert_eq!(Mining::backlog(2), 2 * R0);
		assert_eq!(Mining::schedule_info().backlog, 2 * R0);
		car.drive(1_000);
		run_to_period(3);
		// Period 2 releases its reward and a quarter (CatchUpPeriods = 4) of the backlog.
		assert_eq!(period_rewards()[&2], R0 + 2 * R0 / 4);
		assert_eq!(released_events()[2], (2, R0 + R0 / 2, 1_000));
		assert_eq!(Mining::backlog(3), 2 * R0 - R0 / 2);
	});
}

#[test]
fn forfeited_rewards_return_to_the_backlog() {
	ExtBuilder::default().existential_deposit(R0 * 2).build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000);
		run_to_period(1);
		MockWorld::transfer(a.id, BOB);
		assert_eq!(Mining::released(), 0);
		assert_eq!(Mining::backlog(1), R0);
	});
}

mod cap {
	use super::*;
	use crate::schedule::schedule_total;
	use proptest::prelude::*;

	/// Drives ALICE's car after each gap of periods without mileage, then every period until
	/// the schedule and its backlog are spent; checks the mining pool is issued to exactly
	/// `min(cap, schedule total)`, never more, and every grain promised is paid but the last
	/// fraction.
	fn issue_to_the_end(cap: Balance, gaps: Vec<(u64, u64)>) {
		ExtBuilder::default().cap(cap).build_and_execute(|| {
			let target = cap.min(schedule_total(R0 as u128, H) as Balance);
			let mut car = alice_car();
			let mut period = 1;
			for (gap, meters) in gaps {
				period += gap + 1;
				run_to_period(period);
				car.drive(meters);
				assert!(Mining::released() <= target);
				Mining::do_try_state().expect("mining invariants hold");
			}
			// The schedule runs out after 128 halvings at most (20 here); the backlog drains
			// by a quarter a period, then a grain a period.
			let mut left = 600;
			while Mining::released() < target && left > 0 {
				period += 1;
				run_to_period(period);
				car.drive(100);
				left -= 1;
			}
			assert_eq!(Mining::released(), target, "issued to exactly the cap");
			// Nothing more, ever.
			for _ in 0..20 {
				period += 1;
				run_to_period(period);
				car.drive(100);
			}
			assert_eq!(Mining::released(), target);
			assert_eq!(Mining::backlog(Mining::current_period()), 0);
			assert_ok!(Mining::claim(RuntimeOrigin::signed(ALICE), car.id));
			// The car was promised every grain: it is paid all but below one.
			assert!(Claimed::<Test>::get() + 1 >= target);
			assert_eq!(Stones::remaining(Pool::MileageMining), cap - Claimed::<Test>::get());
		});
	}

	#[test]
	fn the_pool_is_issued_to_exactly_its_cap_after_a_week_without_cars() {
		// The schedule (9,999,950 here) exceeds a 9,000,000 pool by 10%, as the runtime's
		// 210,384,000 does its 210,000,000 pool by 0.2%; many empty periods come first.
		issue_to_the_end(9_000_000, vec![(50, 1_000)]);
		// A pool larger than the schedule gets all of the schedule, to the grain.
		issue_to_the_end(100_000_000, vec![(50, 1_000)]);
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(48))]
		#[test]
		fn the_pool_is_issued_to_exactly_its_cap_whatever_the_gaps(
			cap in prop_oneof![5_000_000u64..9_999_950, Just(9_999_950u64), Just(100_000_000u64)],
			gaps in proptest::collection::vec((0u64..15, 1u64..3_000), 0..25),
		) {
			issue_to_the_end(cap, gaps);
		}
	}
}
