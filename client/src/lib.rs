//! # CSOP Chain client
//!
//! What a car, a telematics gateway or a test needs to talk to a CSOP Chain node:
//! - [`rpc`]: a small blocking JSON-RPC client over HTTP (with batches);
//! - [`ws`]: the same over one WebSocket connection (with pipelining);
//! - [`keys`]: device keys of the three schemes the vehicle registry accepts;
//! - [`tx`]: signed transactions and general (signer-less) transactions;
//! - [`chain`]: block numbers, bodies, storage values and events, and finding an extrinsic;
//! - [`vehicle`]: a simulated vehicle that signs mileage reports exactly as a car does;
//! - [`load`]: a bounded load test of the node's JSON-RPC reads (`csop-rpc-load`);
//! - [`verify_rates`]: how fast one core verifies device signatures (R and its kin).
//!
//! The `csop-vehicle-sim` binary registers simulated vehicles, drives them and benchmarks the
//! node's report throughput (see docs/mileage-benchmark.md).

pub mod chain;
pub mod keys;
pub mod load;
pub mod rpc;
pub mod tx;
pub mod vehicle;
pub mod verify_rates;
pub mod ws;

pub use keys::{DeviceKey, Scheme};
pub use rpc::{Rpc, RpcError};
