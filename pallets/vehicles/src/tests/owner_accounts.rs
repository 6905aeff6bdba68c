//! Owners' accounts: a certified owner exists on chain while it owns a vehicle.

use super::*;

/// An account that is not on chain yet.
const DAVE: AccountId = 44;

#[test]
fn a_certified_owner_exists_on_chain_while_owning_a_vehicle() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(System::providers(&DAVE), 0);
		register(1, DAVE);
		register(2, DAVE);
		assert_eq!(System::providers(&DAVE), 1, "one reference however many vehicles");
		assert!(System::account_exists(&DAVE));
		// The buyer's account comes to exist with the sale; the seller's stays for car 2.
		assert_ok!(Registry::transfer_ownership(registrar(), vid(1), CHARLIE));
		assert_eq!((System::providers(&DAVE), System::providers(&CHARLIE)), (1, 1));
		// Mining pays claims to the current owner, consent or not.
		let owner_of = <Registry as VehicleRegistry<AccountId>>::owner_of;
		assert_eq!((owner_of(&vid(1)), owner_of(&vid(2))), (Some(CHARLIE), Some(DAVE)));
		assert_ok!(Registry::deregister(registrar(), vid(2)));
		assert_eq!(owner_of(&vid(2)), None, "a deregistered vehicle has no owner to pay");
		assert_eq!(System::providers(&DAVE), 0, "no vehicle, no reference");
		assert!(!System::account_exists(&DAVE));
	});
}
