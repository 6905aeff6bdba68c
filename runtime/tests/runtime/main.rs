//! Runtime integration tests, one test binary with a module per area: the genesis presets
//! build the state the node starts from, and extrinsics are checked and dispatched by the real
//! runtime (natively, through `Executive`, as the wasm blob does on the node), with the real
//! pallets, not their mocks.

mod common;

mod capacity;
mod cultivation;
mod docs;
mod governance;
mod mileage;
mod presets;
mod privacy;
mod recovery;
mod signers;
mod soak;
mod stones;
mod transactions;
