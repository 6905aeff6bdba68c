//! Random sequences of calls keep the invariants.

use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
	Appoint(u8, u64),
	Dismiss(u8, u64),
	Register(u64),
	Deregister(u64),
	Limit(u8, u32, u32),
	Include(u64),
	Advance(u32),
}

fn step() -> impl Strategy<Value = Step> {
	let who = 95u64..105;
	prop_oneof![
		(0u8..3, who.clone()).prop_map(|(r, w)| Step::Appoint(r, w)),
		(0u8..3, who.clone()).prop_map(|(r, w)| Step::Dismiss(r, w)),
		who.clone().prop_map(Step::Register),
		who.clone().prop_map(Step::Deregister),
		(0u8..3, 0u32..4, 0u32..4).prop_map(|(c, m, p)| Step::Limit(c, m, p)),
		who.prop_map(Step::Include),
		(0u32..12).prop_map(Step::Advance),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]
	/// Random sequences of appointments, registrations, limits and transactions: the
	/// invariants hold after every step; an unknown signer is refused; an admitted one is
	/// counted exactly when its class is limited and its window has room, else refused
	/// without a trace.
	#[test]
	fn invariants_hold_over_random_sequences(steps in prop::collection::vec(step(), 1..80)) {
		new_test_ext().execute_with(|| {
			for s in steps {
				match s {
					Step::Appoint(r, w) => {
						let _ = Consortium::appoint(gov(), Role::ALL[r as usize], w);
					},
					Step::Dismiss(r, w) => {
						let _ = Consortium::dismiss(gov(), Role::ALL[r as usize], w);
					},
					Step::Register(w) => {
						let _ = Consortium::register_user(signed(REGISTRAR), w);
					},
					Step::Deregister(w) => {
						let _ = Consortium::deregister_user(signed(REGISTRAR), w);
					},
					Step::Limit(c, m, p) => {
						let limit = (m > 0).then_some(RateLimit { max_transactions: m, period: p });
						let _ = Consortium::set_rate_limit(gov(), AccountClass::ALL[c as usize], limit);
					},
					Step::Include(w) => {
						let before = UsageOf::<Test>::get(w);
						let class = Consortium::class_of(&w);
						let limit = class.and_then(RateLimits::<Test>::get);
						let now = System::block_number() as u32;
						let used = match (&limit, before) {
							(Some(l), Some(u)) if u.window_start == l.window_start(now) => u.count,
							_ => 0,
						};
						let result = include(w);
						match (class, limit) {
							(None, _) => {
								prop_assert_eq!(result, Err(UNKNOWN_ERR));
								prop_assert_eq!(UsageOf::<Test>::get(w), before);
							},
							(Some(_), None) => {
								prop_assert_eq!(result, Ok(()));
								prop_assert_eq!(UsageOf::<Test>::get(w), before);
							},
							(Some(_), Some(l)) if used < l.max_transactions => {
								prop_assert_eq!(result, Ok(()));
								prop_assert_eq!(
									UsageOf::<Test>::get(w),
									Some(Usage { window_start: l.window_start(now), count: used + 1 })
								);
							},
							(Some(_), Some(_)) => {
								prop_assert_eq!(result, Err(RATE_LIMITED_ERR));
								prop_assert_eq!(UsageOf::<Test>::get(w), before);
							},
						}
					},
					Step::Advance(n) => System::set_block_number(System::block_number() + n as u64),
				}
				prop_assert!(Consortium::do_try_state().is_ok());
			}
			Ok(())
		})?;
	}
}
