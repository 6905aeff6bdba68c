//! Domain types of the mine boxes, with their own rules: drop-table validation and the draw.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use csop_primitives::CrystalAmount;
use scale_info::TypeInfo;

/// A box type's id.
pub type BoxTypeId = u32;
/// A bought box's id.
pub type BoxId = u64;
/// A right's id, as numbered by the car maker (an upgrade, a service, a voucher; it may be the
/// id of a redemption catalog item).
pub type RightId = u32;

/// Probabilities are in parts per million; a drop table's add up to exactly this.
pub const PPM: u32 = 1_000_000;

pub use csop_primitives::MILLIS_PER_DAY;

/// What a box can drop.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub enum Treasure<Balance> {
	/// `quantity` of right `right` (an upgrade, a service, a voucher), recorded to the winner.
	Right {
		/// Which right.
		right: RightId,
		/// How many.
		quantity: u32,
	},
	/// New crystals.
	Crystals(CrystalAmount),
	/// Stones (in grains) issued from the cultivation pool, to certified vehicle owners only;
	/// anyone else, or any draw the pool cannot pay, receives the table's fallback instead.
	Stones(Balance),
}

impl<Balance: sp_runtime::traits::Zero> Treasure<Balance> {
	/// Whether the treasure is nothing (a zero quantity): drop tables may not hold one.
	pub fn is_empty(&self) -> bool {
		match self {
			Treasure::Right { quantity, .. } => *quantity == 0,
			Treasure::Crystals(amount) => *amount == 0,
			Treasure::Stones(amount) => amount.is_zero(),
		}
	}

	/// Whether the treasure is stones.
	pub fn is_stones(&self) -> bool {
		matches!(self, Treasure::Stones(_))
	}
}

/// One entry of a drop table.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct Drop<Balance> {
	/// What the entry gives.
	pub treasure: Treasure<Balance>,
	/// Its probability, in parts per million (more than zero).
	pub ppm: u32,
	/// Whether it counts as rare for pity.
	pub rare: bool,
}

/// A box type: its price, published drop table and limits. Generic over the containers so that
/// calls and the runtime API take plain vectors while storage holds bounded ones.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct BoxType<Balance, Name, Drops> {
	/// A display name (UTF-8).
	pub name: Name,
	/// Crystals paid to open one box (more than zero).
	pub price: CrystalAmount,
	/// The published drop table: probabilities add up to exactly [`PPM`], and every entry gives
	/// something, so no box is ever empty. Fixed once created: its odds and observed
	/// frequencies stay comparable for ever (a new table is a new box type).
	pub drops: Drops,
	/// What a stones entry gives instead to an account that is not a certified vehicle owner,
	/// or when the cultivation pool cannot pay. Required when the table has a stones entry; may
	/// not itself be stones.
	pub fallback: Option<Treasure<Balance>>,
	/// At most this many boxes of the type are opened per UTC day, by everybody together.
	pub daily_supply: Option<u32>,
	/// At most this many boxes of the type are opened per UTC day by one account.
	pub per_account_daily: Option<u32>,
	/// Pity: after this many draws in a row without a rare treasure, an account's next draw of
	/// this type is drawn among the rare entries only.
	pub pity: Option<u32>,
	/// Whether boxes of the type can be bought now (boxes already bought can always be
	/// revealed).
	pub open: bool,
}

/// A box type as calls and the runtime API carry it.
pub type BoxTypeDetails<Balance> = BoxType<Balance, Vec<u8>, Vec<Drop<Balance>>>;

/// Why a drop table is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TableError {
	/// No entries.
	Empty,
	/// An entry has probability zero.
	ZeroProbability,
	/// The probabilities do not add up to exactly [`PPM`].
	OddsNotOneMillion,
	/// An entry or the fallback gives nothing.
	EmptyTreasure,
	/// The table has a stones entry but no fallback.
	MissingFallback,
	/// The fallback is stones.
	StoneFallback,
	/// Pity is set (or set to zero draws) but the table has no rare entry.
	BadPity,
}

impl<Balance: sp_runtime::traits::Zero, Name, Drops: AsRef<[Drop<Balance>]>>
	BoxType<Balance, Name, Drops>
{
	/// Checks the drop table, the fallback and pity.
	pub fn check_table(&self) -> Result<(), TableError> {
		let drops = self.drops.as_ref();
		if drops.is_empty() {
			return Err(TableError::Empty);
		}
		let mut sum: u64 = 0;
		for drop in drops {
			if drop.ppm == 0 {
				return Err(TableError::ZeroProbability);
			}
			if drop.treasure.is_empty() {
				return Err(TableError::EmptyTreasure);
			}
			sum = sum.saturating_add(u64::from(drop.ppm));
		}
		if sum != u64::from(PPM) {
			return Err(TableError::OddsNotOneMillion);
		}
		match &self.fallback {
			Some(fallback) if fallback.is_stones() => return Err(TableError::StoneFallback),
			Some(fallback) if fallback.is_empty() => return Err(TableError::EmptyTreasure),
			None if drops.iter().any(|d| d.treasure.is_stones()) => {
				return Err(TableError::MissingFallback)
			},
			_ => {},
		}
		match self.pity {
			Some(0) => return Err(TableError::BadPity),
			Some(_) if !drops.iter().any(|d| d.rare) => return Err(TableError::BadPity),
			_ => {},
		}
		Ok(())
	}

	/// Which entry a draw picks. `random` is 8 bytes of the draw's hash (see [`draw_random`]).
	///
	/// - An ordinary draw takes `roll = random % 1,000,000` and picks the first entry whose
	///   cumulative probability exceeds `roll`.
	/// - A pity draw (`pity_due`) takes `roll = random % R`, where `R` is the sum of the rare
	///   entries' probabilities, and walks the rare entries only, in table order.
	///
	/// Returns `(entry index, roll)`, or `None` for a table that fails [`Self::check_table`].
	pub fn pick(&self, random: u64, pity_due: bool) -> Option<(u8, u32)> {
		let drops = self.drops.as_ref();
		let eligible = |d: &Drop<Balance>| !pity_due || d.rare;
		let total: u64 = drops.iter().filter(|d| eligible(d)).map(|d| u64::from(d.ppm)).sum();
		if total == 0 {
			return None;
		}
		let roll = random % total;
		let mut cumulative: u64 = 0;
		for (index, drop) in drops.iter().enumerate() {
			if !eligible(drop) {
				continue;
			}
			cumulative = cumulative.saturating_add(u64::from(drop.ppm));
			if roll < cumulative {
				let index = u8::try_from(index).ok()?;
				return Some((index, u32::try_from(roll).ok()?));
			}
		}
		None
	}
}

impl<Balance: Clone, Name: Clone + AsRef<[u8]>, Drops: AsRef<[Drop<Balance>]>>
	BoxType<Balance, Name, Drops>
{
	/// The same box type with plain vectors (for the runtime API).
	pub fn details(&self) -> BoxTypeDetails<Balance> {
		BoxType {
			name: self.name.as_ref().to_vec(),
			price: self.price,
			drops: self.drops.as_ref().to_vec(),
			fallback: self.fallback.clone(),
			daily_supply: self.daily_supply,
			per_account_daily: self.per_account_daily,
			pity: self.pity,
			open: self.open,
		}
	}
}

/// The 8 bytes a draw is decided by: the first 8 bytes (little endian) of
/// `blake2_256(SCALE("csop/mine-box", seed, box id, owner))`.
pub fn draw_random(hash: &[u8]) -> u64 {
	let mut bytes = [0u8; 8];
	for (to, from) in bytes.iter_mut().zip(hash.iter()) {
		*to = *from;
	}
	u64::from_le_bytes(bytes)
}

/// Why the winner received the table's fallback instead of a stones entry.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum FallbackReason {
	/// The box's owner is not a certified vehicle owner.
	NotCertifiedOwner,
	/// The cultivation pool could not pay the stones (cap reached, or the amount is below the
	/// existential deposit of a new account).
	PoolCannotPay,
}

/// What a revealed box gave.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Outcome<Hash, Balance, BlockNumber> {
	/// The seed of the box's draw block.
	pub seed: Hash,
	/// The roll (see [`BoxType::pick`]).
	pub roll: u32,
	/// The drop table entry drawn.
	pub entry: u8,
	/// Whether it was a pity draw (among the rare entries only).
	pub pity: bool,
	/// What the owner received: the entry's treasure, or the fallback.
	pub treasure: Treasure<Balance>,
	/// Set when the fallback was given instead of stones.
	pub fallback: Option<FallbackReason>,
	/// The block it was revealed in.
	pub revealed_at: BlockNumber,
}

/// A bought box.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct MineBox<AccountId, Hash, Balance, BlockNumber> {
	/// Who bought it and receives its treasure.
	pub owner: AccountId,
	/// Its type.
	pub box_type: BoxTypeId,
	/// The crystals paid.
	pub price: CrystalAmount,
	/// The block it was bought (committed) in.
	pub committed_at: BlockNumber,
	/// The block whose seed decides it: `committed_at + RevealDelay` (as it was then).
	pub draw_at: BlockNumber,
	/// Whether the buyer was a certified vehicle owner when it bought the box: only then may
	/// the box give stones (read at purchase, so that waiting to reveal changes nothing).
	pub certified_owner: bool,
	/// Its result, once revealed.
	pub outcome: Option<Outcome<Hash, Balance, BlockNumber>>,
}

/// The seed of a block that boxes are waiting for.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct SeedSlot<Hash> {
	/// The seed, once the block began (see the crate docs, "Randomness").
	pub seed: Option<Hash>,
	/// How many bought boxes wait for it and are not revealed yet. The slot is removed when it
	/// reaches zero.
	pub waiting: u32,
}

/// How often a drop table entry was drawn.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct DrawCount {
	/// Ordinary draws (which follow the published odds).
	pub natural: u64,
	/// Pity draws (among the rare entries only).
	pub pity: u64,
}

/// How many of something happened on one UTC day.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct DayCount {
	/// The UTC day (days since the unix epoch).
	pub day: u32,
	/// How many on that day.
	pub count: u32,
}

impl DayCount {
	/// The count on `day` (zero if this counts another day).
	pub fn on(&self, day: u32) -> u32 {
		if self.day == day {
			self.count
		} else {
			0
		}
	}
}

/// Sets up what benchmarks need outside this pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` a certified vehicle owner, so that stone treasures are paid to it (the
	/// heaviest reveal).
	fn make_certified_owner(who: &AccountId);
}

#[cfg(test)]
mod tests {
	use super::*;

	fn table(drops: Vec<Drop<u64>>) -> BoxTypeDetails<u64> {
		BoxType {
			name: b"t".to_vec(),
			price: 10,
			drops,
			fallback: Some(Treasure::Crystals(1)),
			daily_supply: None,
			per_account_daily: None,
			pity: None,
			open: true,
		}
	}

	fn crystals(amount: u64, ppm: u32, rare: bool) -> Drop<u64> {
		Drop { treasure: Treasure::Crystals(amount), ppm, rare }
	}

	#[test]
	fn pick_walks_cumulative_odds() {
		let t = table(vec![
			crystals(1, 700_000, false),
			crystals(2, 299_000, false),
			crystals(3, 1_000, true),
		]);
		assert_eq!(t.check_table(), Ok(()));
		assert_eq!(t.pick(0, false), Some((0, 0)));
		assert_eq!(t.pick(699_999, false), Some((0, 699_999)));
		assert_eq!(t.pick(700_000, false), Some((1, 700_000)));
		assert_eq!(t.pick(998_999, false), Some((1, 998_999)));
		assert_eq!(t.pick(999_000, false), Some((2, 999_000)));
		// The random value is reduced modulo one million.
		assert_eq!(t.pick(1_000_000 + 999_999, false), Some((2, 999_999)));
		// Pity: only the rare entry.
		assert_eq!(t.pick(0, true), Some((2, 0)));
		assert_eq!(t.pick(123_456_789, true), Some((2, 789)));
	}

	#[test]
	fn check_table_refuses_bad_tables() {
		assert_eq!(table(vec![]).check_table(), Err(TableError::Empty));
		assert_eq!(
			table(vec![crystals(1, 0, false), crystals(1, PPM, false)]).check_table(),
			Err(TableError::ZeroProbability)
		);
		assert_eq!(
			table(vec![crystals(1, 999_999, false)]).check_table(),
			Err(TableError::OddsNotOneMillion)
		);
		assert_eq!(
			table(vec![crystals(1, 600_000, false), crystals(1, 400_001, false)]).check_table(),
			Err(TableError::OddsNotOneMillion)
		);
		assert_eq!(
			table(vec![crystals(0, PPM, false)]).check_table(),
			Err(TableError::EmptyTreasure)
		);
		let mut t = table(vec![Drop { treasure: Treasure::Stones(5), ppm: PPM, rare: false }]);
		t.fallback = None;
		assert_eq!(t.check_table(), Err(TableError::MissingFallback));
		t.fallback = Some(Treasure::Stones(1));
		assert_eq!(t.check_table(), Err(TableError::StoneFallback));
		t.fallback = Some(Treasure::Right { right: 1, quantity: 0 });
		assert_eq!(t.check_table(), Err(TableError::EmptyTreasure));
		t.fallback = Some(Treasure::Right { right: 1, quantity: 1 });
		assert_eq!(t.check_table(), Ok(()));
		t.pity = Some(5);
		assert_eq!(t.check_table(), Err(TableError::BadPity));
		t.drops[0].rare = true;
		assert_eq!(t.check_table(), Ok(()));
		t.pity = Some(0);
		assert_eq!(t.check_table(), Err(TableError::BadPity));
	}

	#[test]
	fn draw_random_is_little_endian_prefix() {
		let mut hash = [0u8; 32];
		hash[0] = 1;
		hash[7] = 2;
		hash[8] = 0xff;
		assert_eq!(draw_random(&hash), 1 + (2u64 << 56));
	}

	#[test]
	fn day_count_only_counts_its_day() {
		let c = DayCount { day: 7, count: 3 };
		assert_eq!(c.on(7), 3);
		assert_eq!(c.on(8), 0);
	}
}
