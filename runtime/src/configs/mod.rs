//! Pallet configurations, one file per domain.

mod consensus;
mod cultivation;
mod governance;
mod recovery;
mod stones;
mod system;
mod vehicles;

pub use consensus::*;
pub use cultivation::*;
pub use governance::*;
pub use recovery::*;
pub use stones::*;
pub use system::*;
pub use vehicles::*;
