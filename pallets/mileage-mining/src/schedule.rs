//! The issuance schedule as pure functions: period rewards halving every `halving` periods.

/// The scheduled reward of period `period`: `initial >> (period / halving)`, zero once every bit
/// has been shifted out (`halving` is non-zero, checked by the pallet's integrity test; a zero
/// `halving` is treated as "never halves").
pub fn period_reward(initial: u128, halving: u32, period: u32) -> u128 {
	let era = period.checked_div(halving).unwrap_or(0);
	initial.checked_shr(era).unwrap_or(0)
}

/// The scheduled rewards of the first `periods` periods: `sum of period_reward(b)` for
/// `b < periods`, in closed form (at most 128 halving eras are summed).
pub fn schedule_sum(initial: u128, halving: u32, periods: u64) -> u128 {
	if halving == 0 {
		return initial.saturating_mul(periods as u128);
	}
	let halving = halving as u64;
	let full_eras = periods / halving;
	let rest = (periods % halving) as u128;
	let mut sum: u128 = 0;
	let mut era: u64 = 0;
	while era < full_eras && era < 128 {
		let reward = initial >> era;
		if reward == 0 {
			return sum;
		}
		sum = sum.saturating_add(reward.saturating_mul(halving as u128));
		era += 1;
	}
	if full_eras < 128 {
		sum = sum.saturating_add((initial >> full_eras).saturating_mul(rest));
	}
	sum
}

/// Everything the schedule will ever release: `schedule_sum` over all time.
pub fn schedule_total(initial: u128, halving: u32) -> u128 {
	schedule_sum(initial, halving, 128u64.saturating_mul(halving as u64))
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn brute_sum(initial: u128, halving: u32, periods: u64) -> u128 {
		(0..periods).map(|b| period_reward(initial, halving, b as u32)).sum()
	}

	#[test]
	fn halves_every_period() {
		assert_eq!(period_reward(500, 5, 0), 500);
		assert_eq!(period_reward(500, 5, 4), 500);
		assert_eq!(period_reward(500, 5, 5), 250);
		assert_eq!(period_reward(500, 5, 10), 125);
		assert_eq!(period_reward(500, 5, 15), 62);
		assert_eq!(period_reward(500, 5, 5 * 9), 0);
		assert_eq!(period_reward(u128::MAX, 1, 127), 1);
		assert_eq!(period_reward(u128::MAX, 1, 128), 0);
		assert_eq!(period_reward(u128::MAX, 1, u32::MAX), 0);
	}

	#[test]
	fn runtime_schedule_totals_just_under_the_pool() {
		// 500 stones per 10-minute period, halving every 4 years (210,384 periods): the whole
		// schedule is just under 2 x 500 x 210,384 = 210,384,000 stones, so the 210,000,000
		// stone pool runs out (during the 8th halving era or later) before the schedule does.
		let stone = 1_000_000_000_000u128;
		let total = schedule_total(500 * stone, 210_384);
		assert!(total > 210_000_000 * stone);
		assert!(total < 210_384_000 * stone);
		assert_eq!(schedule_sum(500 * stone, 210_384, 210_384), 105_192_000 * stone);
	}

	proptest! {
		#[test]
		fn sum_matches_brute_force(initial in 0u128..1_000_000_000, halving in 1u32..20, n in 0u64..2_000) {
			prop_assert_eq!(schedule_sum(initial, halving, n), brute_sum(initial, halving, n));
		}

		#[test]
		fn rewards_never_increase(initial in any::<u128>(), halving in 1u32..1_000, b in 0u32..1_000_000) {
			prop_assert!(period_reward(initial, halving, b + 1) <= period_reward(initial, halving, b));
		}

		#[test]
		fn sum_is_monotone_and_bounded(initial in 0u128..(u128::MAX >> 32), halving in 1u32..1_000, n in 0u64..1_000_000) {
			let s = schedule_sum(initial, halving, n);
			prop_assert!(s <= schedule_sum(initial, halving, n + 1));
			prop_assert_eq!(
				schedule_sum(initial, halving, n + 1) - s,
				period_reward(initial, halving, n as u32)
			);
			// Halving bounds the whole schedule by 2 x initial x halving.
			prop_assert!(s <= 2 * initial * halving as u128);
			prop_assert!(schedule_total(initial, halving) <= 2 * initial * halving as u128);
		}
	}
}
