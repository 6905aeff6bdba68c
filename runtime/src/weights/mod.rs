//! Weights of FRAME's own parts measured on this runtime with `./scripts/bench/benchmark.sh` (our
//! pallets keep theirs in `pallets/<name>/src/weights.rs`):
//! - `block_weights` and `extrinsic_weights`: `benchmark overhead`, the base weight of a block and
//!   of a signed extrinsic (`RuntimeBlockWeights`, which takes the signature check out of the
//!   latter: `configs::base_extrinsic_weight`);
//! - `frame_system_extensions`: frame-system's transaction extensions
//!   (`frame_system::Config::ExtensionsWeightInfo`);
//! - `paritydb_weights`: `benchmark storage`, the time to read and to write one item of a large
//!   state (`frame_system::Config::DbWeight`);
//! - `session_rotation`: a session rotation with this runtime's session manager and handlers
//!   (`crate::session_rotation`).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod paritydb_weights;
pub mod session_rotation;
