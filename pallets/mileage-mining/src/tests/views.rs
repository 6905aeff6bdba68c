//! The runtime API's views.

use super::*;

#[test]
fn runtime_api_views() {
	ExtBuilder::default().build_and_execute(|| {
		let mut a = alice_car();
		a.drive(1_000);
		run_to_period(5);
		a.drive(2_000);
		let info = Mining::vehicle_info(&a.id).unwrap();
		assert_eq!(
			info,
			runtime_api::VehicleMiningInfo {
				last_seq: 3,
				last_odometer_m: 3_000,
				last_time_ms: now(),
				live_meters: 3_000,
				// Periods 0..=4 at the full reward (the first halving is at period 5).
				pending: 5 * R0,
			}
		);
		assert_eq!(Mining::vehicle_info(&vid(9)), None);
		let s = Mining::schedule_info();
		assert_eq!(s.current_period, 5);
		assert_eq!(s.next_close_block, 60);
		assert_eq!(s.period_reward, R0 / 2);
		assert_eq!(s.released, 5 * R0);
		assert_eq!(s.claimed, 0);
		assert_eq!(s.pool_remaining, 100_000_000);
		assert_eq!(s.effective_meters, 3_000);
		assert_eq!(
			(s.reward_period, s.bucket_periods, s.window_buckets, s.halving_period),
			(P as u32, B, S, H)
		);
		assert_eq!(s.initial_period_reward, R0);
	});
}
