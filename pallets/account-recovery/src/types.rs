//! The recovery's types.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// Where an account keeps something a recovery moves, in the order a recovery moves them.
///
/// The order matters: boxes are revealed (to their buyer) before crystals and stones move, so
/// that their treasures move too; pending redemptions move with their held stones before the
/// free stones, so that nothing held is left behind.
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
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Domain {
	/// Vehicle ownership (with consent, unclaimed rewards, angel rights and entitlements).
	#[codec(index = 0)]
	Vehicles,
	/// Mine boxes (unrevealed ones revealed first), rights, pity, today's opened counts.
	#[codec(index = 1)]
	MineBoxes,
	/// Crystals and the award counters their caps read.
	#[codec(index = 2)]
	Crystals,
	/// Redemptions, pending ones with their held stones, and per-item counts.
	#[codec(index = 3)]
	Redemptions,
	/// Free stones.
	#[codec(index = 4)]
	Stones,
	/// The maker's registration as a user.
	#[codec(index = 5)]
	Users,
}

impl Domain {
	/// Every domain, in the order a recovery moves them.
	pub const ALL: [Domain; 6] = [
		Domain::Vehicles,
		Domain::MineBoxes,
		Domain::Crystals,
		Domain::Redemptions,
		Domain::Stones,
		Domain::Users,
	];

	/// The domain moved after this one, `None` after the last.
	pub fn next(self) -> Option<Domain> {
		let at = Self::ALL.iter().position(|d| *d == self)?;
		Self::ALL.get(at.saturating_add(1)).copied()
	}
}

/// How far a recovery's moves went: the domain being moved and where in it to go on.
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
pub struct Progress {
	/// The domain being moved.
	pub domain: Domain,
	/// The domain's own cursor (see `csop_primitives::RecoverHoldings`).
	pub cursor: u32,
}

/// An open recovery of a lost account.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Recovery<AccountId, BlockNumber> {
	/// The person's new account, which receives everything.
	pub rescuer: AccountId,
	/// The hash of the maker's identity-check record that the registrar acted on (kept off
	/// chain by the maker; the hash lets an auditor match the two).
	pub evidence: H256,
	/// The block the registrar opened it in.
	pub opened_at: BlockNumber,
	/// The first block in which holdings may move. Until then the lost account's key can cancel
	/// it.
	pub executable_at: BlockNumber,
	/// How far the moves went: `None` until the first move.
	pub progress: Option<Progress>,
}

/// An open recovery as a wallet of either account shows it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct RecoveryStatus<AccountId, BlockNumber> {
	/// The account being recovered.
	pub lost: AccountId,
	/// The account that receives it.
	pub rescuer: AccountId,
	/// The block it was opened in.
	pub opened_at: BlockNumber,
	/// The first block holdings may move in; until then the lost key can cancel.
	pub executable_at: BlockNumber,
	/// Whether holdings have started to move (then nobody can cancel).
	pub moving: bool,
}

/// Who cancelled a recovery.
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
pub enum Canceller {
	/// The lost account's own key, during the delay: the key was not lost after all, or the
	/// recovery was not asked for by its holder.
	Owner,
	/// A registrar, before anything moved.
	Registrar,
	/// Governance, before anything moved.
	Governance,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn domains_follow_each_other_in_order() {
		let mut d = Domain::ALL[0];
		let mut seen = alloc::vec![d];
		while let Some(n) = d.next() {
			assert!(n > d);
			seen.push(n);
			d = n;
		}
		assert_eq!(seen, Domain::ALL.to_vec());
	}
}
