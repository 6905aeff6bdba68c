//! Domain types of the crystals: activities and their rules.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use csop_primitives::CrystalAmount;
use scale_info::TypeInfo;

pub use csop_primitives::{day_of, Day, MILLIS_PER_DAY};

/// An activity that earns crystals, attested by the activity oracle (the car maker's app
/// backend).
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
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde")]
pub enum Activity {
	/// Signing up to the programme.
	SignUp,
	/// The daily check-in in the app.
	DailyCheckIn,
	/// A post in the community.
	Post,
	/// Co-creation (a design contest, a product idea taken up).
	CoCreation,
	/// Attending an event.
	EventAttendance,
	/// Using a vehicle or app feature.
	FeatureUse,
	/// Referring a new user.
	Referral,
}

impl Activity {
	/// Every activity, in a fixed order.
	pub const ALL: [Activity; 7] = [
		Activity::SignUp,
		Activity::DailyCheckIn,
		Activity::Post,
		Activity::CoCreation,
		Activity::EventAttendance,
		Activity::FeatureUse,
		Activity::Referral,
	];
}

/// What an activity earns, and how often.
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
pub struct ActivityRule {
	/// Crystals per award (more than zero).
	pub crystals: CrystalAmount,
	/// Awards per account per UTC day of the activity (at least one).
	pub daily_cap: u32,
	/// Awards per account ever, if limited (e.g. one sign-up); not zero.
	pub lifetime_cap: Option<u32>,
}

impl ActivityRule {
	/// Whether the rule can pay anything: crystals and caps above zero.
	pub fn is_valid(&self) -> bool {
		self.crystals > 0 && self.daily_cap > 0 && self.lifetime_cap != Some(0)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn days_are_utc_days_since_the_epoch() {
		assert_eq!(day_of(0), 0);
		assert_eq!(day_of(MILLIS_PER_DAY - 1), 0);
		assert_eq!(day_of(MILLIS_PER_DAY), 1);
		assert_eq!(day_of(u64::MAX), Day::MAX);
	}

	#[test]
	fn rules_must_pay_something() {
		let ok = ActivityRule { crystals: 5, daily_cap: 1, lifetime_cap: None };
		assert!(ok.is_valid());
		assert!(!ActivityRule { crystals: 0, ..ok }.is_valid());
		assert!(!ActivityRule { daily_cap: 0, ..ok }.is_valid());
		assert!(!ActivityRule { lifetime_cap: Some(0), ..ok }.is_valid());
		assert!(ActivityRule { lifetime_cap: Some(1), ..ok }.is_valid());
	}
}
