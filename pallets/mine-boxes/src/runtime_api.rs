//! The runtime API wallets and auditors read the mine boxes through.

use crate::{BoxId, BoxTypeDetails, BoxTypeId, MineBox, RightId, Treasure};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// One drop table entry: its published probability and how often it was drawn.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DropOdds<Balance> {
	/// What the entry gives.
	pub treasure: Treasure<Balance>,
	/// Its published probability, in parts per million.
	pub ppm: u32,
	/// Whether it is rare (for pity).
	pub rare: bool,
	/// Ordinary draws that picked it (these follow the published odds).
	pub natural_draws: u64,
	/// Pity draws that picked it.
	pub pity_draws: u64,
}

/// A box type's published odds and observed frequencies.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BoxOdds<Balance> {
	/// The box type.
	pub box_type: BoxTypeId,
	/// Its drop table, in order.
	pub entries: Vec<DropOdds<Balance>>,
	/// What replaces stones for non-owners or when the pool cannot pay.
	pub fallback: Option<Treasure<Balance>>,
	/// Pity threshold: after this many draws in a row without a rare entry, the next is rare.
	pub pity: Option<u32>,
	/// Revealed draws of the type (ordinary and pity).
	pub total_draws: u64,
}

sp_api::decl_runtime_apis! {
	/// Mine boxes: box types, odds and frequencies, an account's boxes, pity and rights.
	pub trait MineBoxesApi<AccountId, Hash, Balance, BlockNumber> where
		AccountId: codec::Codec,
		Hash: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// Every box type with its details, by id.
		fn box_types() -> Vec<(BoxTypeId, BoxTypeDetails<Balance>)>;

		/// A box type's published odds and observed frequencies.
		fn odds(box_type: BoxTypeId) -> Option<BoxOdds<Balance>>;

		/// A box, revealed or not.
		fn mine_box(id: BoxId) -> Option<MineBox<AccountId, Hash, Balance, BlockNumber>>;

		/// `who`'s unrevealed boxes, oldest first.
		fn pending_boxes(who: AccountId) -> Vec<(BoxId, MineBox<AccountId, Hash, Balance, BlockNumber>)>;

		/// `who`'s pity counters by box type (draws in a row without a rare entry).
		fn pity_of(who: AccountId) -> Vec<(BoxTypeId, u32)>;

		/// `who`'s unused rights and their quantities.
		fn rights_of(who: AccountId) -> Vec<(RightId, u32)>;
	}
}
