//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-11-29 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//!
//! DATABASE: `ParityDb`, RUNTIME: `CSOP Development`
//! BLOCK-NUM: `Number(0)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `1`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `/work/main/runtime/src/weights`
//! METRIC: `Average`, WEIGHT-MUL: `1.0`, WEIGHT-ADD: `0`

// Executed Command:
//   /root/.cache/csop-target/release/csop-node-benchmarks
//   benchmark
//   storage
//   --chain
//   /tmp/tmp.MsruBPq030/large.json
//   --base-path
//   /tmp/tmp.MsruBPq030/db
//   --state-version
//   1
//   --disable-pov-recorder
//   --batch-size
//   7000
//   --weight-path
//   /work/main/runtime/src/weights

/// Storage DB weights for the `CSOP Development` runtime and `ParityDb`.
pub mod constants {
	use frame_support::{
		parameter_types,
		weights::{constants, RuntimeDbWeight},
	};

	parameter_types! {
		/// The time ParityDB (csop-node's database) takes to read and to write one item of
		/// the state, measured on the state of 600,000 vehicles with 2 slots each
		/// (`scripts/bench/benchmark.sh storage`). `frame_system::Config::DbWeight`.
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			// Time to read one storage item.
			// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			//
			// Stats nanoseconds:
			//   Min, Max: 1_753, 4_058_740
			//   Average:  13_051
			//   Median:   12_243
			//   Std-Dev:  5626.92
			//
			// Percentiles nanoseconds:
			//   99th: 35_687
			//   95th: 17_984
			//   75th: 14_337
			read: 13_051 * constants::WEIGHT_REF_TIME_PER_NANOS,

			// Time to write one storage item.
			// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			//
			// Stats nanoseconds:
			//   Min, Max: 30_353, 107_817
			//   Average:  57_477
			//   Median:   54_571
			//   Std-Dev:  13032.19
			//
			// Percentiles nanoseconds:
			//   99th: 102_579
			//   95th: 83_161
			//   75th: 64_213
			write: 57_477 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::ParityDbWeight as W;
		use frame_support::weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
