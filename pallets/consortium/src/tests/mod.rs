//! Tests of the consortium in the mock runtime, a file per area. Every test ends with the
//! invariants checked (`build_and_execute`).

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchInfo,
	traits::{ChangeMembers, EnsureOrigin, InitializeMembers},
	weights::Weight,
};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	BuildStorage, DispatchError,
};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn gov() -> RuntimeOrigin {
	signed(GOVERNANCE)
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
}

/// Validates (as the pool does) a remark signed by `who`.
fn validate(who: AccountId) -> Result<(), TransactionValidityError> {
	CheckKnownSigner::<Test>::new()
		.validate_only(
			signed(who),
			&remark(),
			&DispatchInfo::default(),
			0,
			TransactionSource::External,
			0,
		)
		.map(|_| ())
}

/// Validates and prepares (as block execution does) a remark signed by `who`.
fn include(who: AccountId) -> Result<(), TransactionValidityError> {
	CheckKnownSigner::<Test>::new()
		.validate_and_prepare(signed(who), &remark(), &DispatchInfo::default(), 0, 0)
		.map(|_| ())
}

const RATE_LIMITED_ERR: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::Custom(RATE_LIMITED));
const UNKNOWN_ERR: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::BadSigner);

mod calls;
mod extension;
mod proptests;

#[test]
fn genesis_appoints_registers_and_limits() {
	build_and_execute(|| {
		assert!(Consortium::has_role(Role::Registrar, &REGISTRAR));
		assert_eq!(HolderCount::<Test>::get(Role::Registrar), 1);
		assert_eq!(System::providers(&REGISTRAR), 1);
		assert!(RegisteredUsers::<Test>::contains_key(USER));
		assert_eq!(UserCount::<Test>::get(), 1);
		assert_eq!(System::providers(&USER), 1);
		assert_eq!(RateLimits::<Test>::get(AccountClass::User), Some(USER_LIMIT));
		assert_eq!(RateLimits::<Test>::get(AccountClass::Consortium), None);
	});
}

#[test]
#[should_panic(expected = "genesis rate limits allow at least 1 transaction")]
fn genesis_refuses_a_zero_rate_limit() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	crate::GenesisConfig::<Test> {
		rate_limits: vec![(AccountClass::User, RateLimit { max_transactions: 0, period: 10 })],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
}
