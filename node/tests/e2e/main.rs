//! The end-to-end tests: the real `csop-node` binary, started on loopback and driven over
//! JSON-RPC as operators, wallets and cars use it.
//!
//! One test binary with a module per area (one link instead of one per file, and the tests of
//! every area run in parallel): `harness` starts nodes and holds the chain helpers every
//! module uses. `./scripts/test.sh --test e2e mining::` runs one area.

mod harness;

mod cli;
mod cultivation;
mod mining;
mod network;
mod node;
mod rpc_safety;
mod wallet_clients;
mod wallet_docs;
