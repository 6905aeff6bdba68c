//! Pallet configurations, one file per domain.

mod consensus;
mod governance;
mod stones;
mod system;
mod vehicles;

pub use consensus::*;
pub use stones::*;
pub use system::*;
pub use vehicles::*;
