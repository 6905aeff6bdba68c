//! Setting the report parameters.

use super::*;

#[test]
fn set_params_works_for_the_params_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let params =
			MiningParams { top_speed_kmh: 180, min_report_interval_ms: 1, max_clock_drift_ms: 0 };
		assert_ok!(Mining::set_params(RuntimeOrigin::root(), params));
		assert_eq!(Params::<Test>::get(), params);
		assert_eq!(mining_events(), vec![Event::ParamsSet { params }]);
		assert_noop!(
			Mining::set_params(RuntimeOrigin::signed(ALICE), params),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Mining::set_params(RuntimeOrigin::root(), MiningParams { top_speed_kmh: 0, ..params }),
			Error::<Test>::InvalidParams
		);
		assert_noop!(
			Mining::set_params(
				RuntimeOrigin::root(),
				MiningParams { min_report_interval_ms: 0, ..params }
			),
			Error::<Test>::InvalidParams
		);
	});
}
