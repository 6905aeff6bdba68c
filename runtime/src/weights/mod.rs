//! Weights of FRAME's own parts and of the runtime's, measured on this runtime with
//! `./scripts/bench/benchmark.sh` (our pallets keep theirs in `pallets/<name>/src/weights.rs`):
//! - `block_weights` and `extrinsic_weights`: `benchmark overhead`, the base weight of a block and
//!   of a signed extrinsic (`RuntimeBlockWeights`, which takes the signature check out of the
//!   latter: `configs::base_extrinsic_weight`);
//! - `frame_system_extensions`: frame-system's transaction extensions
//!   (`frame_system::Config::ExtensionsWeightInfo`);
//! - `paritydb_weights`: `benchmark storage`, the time to read and to write one item of a large
//!   state (`frame_system::Config::DbWeight`);
//! - `session_rotation`: a session rotation with this runtime's session manager and handlers
//!   (`crate::session_rotation`);
//! - `signature_check`: one signature check per key type (`crate::signature_check`).
//!
//! # What a transaction pays
//!
//! The chain charges weight, not fees: a block holds what its weight and length allow, and each
//! transaction takes its share. Storage access is weighed with `paritydb_weights` throughout.
//!
//! **A signed transaction** (an account's call: a claim, a redemption, a motion):
//! 1. the base every extrinsic pays, `configs::base_extrinsic_weight`: `ExtrinsicBaseWeight`
//!    less the sr25519 check it measured (`signature_check::verify_sr25519`);
//! 2. its transaction extensions (`crate::TxExtension`): frame-system's
//!    (`frame_system_extensions`), and `pallet_consortium::CheckKnownSigner`, which charges its
//!    own checks and the signer's signature check, the costliest key type's
//!    (`signature_check`, through `csop_primitives::SignatureWeights`);
//! 3. its call, as the call's pallet weighs it (`pallets/<name>/src/weights.rs`, often with a
//!    bound charged before and the unused part refunded after dispatch).
//!
//! **A device-signed mileage report or report bundle** (a general transaction, no account):
//! 1. the same base;
//! 2. the same extensions, but `CheckKnownSigner` refunds all of its weight (no transaction
//!    signature), and frame-system's `AuthorizeCall` charges the report's authorization:
//!    `pallet_mileage_mining::Pallet::authorize_report_weight` (or the bundle's), its checks
//!    and its device signature at the costliest key type, refunded to the device's own key
//!    type (`signature_check` again, through the pallet's `Config::SignatureWeights`);
//! 3. the call (`pallet_mileage_mining::Pallet::report_weight`), refunded to what it did.
//!
//! **Inherents and hooks** (mandatory, paid by the block): the timestamp, every pallet's
//! `on_initialize`, and a session rotation (`session_rotation`; `crate::session_rotation`
//! gives back what `pallet-session` charges beyond it). `block_weights` is every block's base.
//!
//! `runtime/tests/runtime/transactions.rs` checks this arithmetic on real blocks;
//! `runtime/tests/runtime/capacity.rs` prints how many of each transaction a block holds.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod paritydb_weights;
pub mod session_rotation;
pub mod signature_check;
