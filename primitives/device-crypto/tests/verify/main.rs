//! The host functions' native implementations: Wycheproof's P-256 vectors, and batches against
//! one-by-one verification (one test binary).

mod batch;
mod wycheproof;
