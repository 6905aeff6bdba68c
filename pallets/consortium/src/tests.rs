//! Tests of the consortium in the mock runtime. Every test ends with the invariants checked
//! (`build_and_execute`).

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

#[test]
fn appoint_gives_the_role_and_a_provider_reference() {
	build_and_execute(|| {
		assert_eq!(System::providers(&STRANGER), 0);
		assert_ok!(Consortium::appoint(gov(), Role::ActivityOracle, STRANGER));
		assert!(Consortium::has_role(Role::ActivityOracle, &STRANGER));
		assert!(!Consortium::has_role(Role::Registrar, &STRANGER));
		assert_eq!(System::providers(&STRANGER), 1);
		// A second role is a second reference.
		assert_ok!(Consortium::appoint(RuntimeOrigin::root(), Role::CatalogManager, STRANGER));
		assert_eq!(System::providers(&STRANGER), 2);
		assert_eq!(
			RolesOf::<Test>::get(STRANGER).unwrap().to_vec(),
			vec![Role::ActivityOracle, Role::CatalogManager]
		);
		assert_eq!(
			consortium_events(),
			vec![
				Event::Appointed { role: Role::ActivityOracle, who: STRANGER },
				Event::Appointed { role: Role::CatalogManager, who: STRANGER },
			]
		);
	});
}

#[test]
fn appoint_refuses_bad_input() {
	build_and_execute(|| {
		assert_noop!(
			Consortium::appoint(signed(REGISTRAR), Role::Registrar, STRANGER),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::appoint(gov(), Role::Registrar, REGISTRAR),
			Error::<Test>::AlreadyAppointed
		);
		for who in 100..(100 + MAX_HOLDERS as u64 - 1) {
			assert_ok!(Consortium::appoint(gov(), Role::Registrar, who));
		}
		assert_eq!(HolderCount::<Test>::get(Role::Registrar), MAX_HOLDERS);
		assert_noop!(
			Consortium::appoint(gov(), Role::Registrar, STRANGER),
			Error::<Test>::TooManyHolders
		);
		// Other roles have their own bound.
		assert_ok!(Consortium::appoint(gov(), Role::ActivityOracle, STRANGER));
	});
}

#[test]
fn dismiss_removes_the_role_and_its_reference() {
	build_and_execute(|| {
		assert_ok!(Consortium::appoint(gov(), Role::ActivityOracle, REGISTRAR));
		assert_eq!(System::providers(&REGISTRAR), 2);
		assert_ok!(Consortium::dismiss(gov(), Role::Registrar, REGISTRAR));
		assert!(!Consortium::has_role(Role::Registrar, &REGISTRAR));
		assert!(Consortium::has_role(Role::ActivityOracle, &REGISTRAR));
		assert_eq!(System::providers(&REGISTRAR), 1);
		assert_eq!(HolderCount::<Test>::get(Role::Registrar), 0);
		assert_ok!(Consortium::dismiss(gov(), Role::ActivityOracle, REGISTRAR));
		assert_eq!(RolesOf::<Test>::get(REGISTRAR), None);
		assert_eq!(System::providers(&REGISTRAR), 0);
		assert_eq!(
			consortium_events().last(),
			Some(&Event::Dismissed { role: Role::ActivityOracle, who: REGISTRAR })
		);
	});
}

#[test]
fn dismiss_refuses_bad_input() {
	build_and_execute(|| {
		assert_noop!(
			Consortium::dismiss(signed(REGISTRAR), Role::Registrar, REGISTRAR),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::dismiss(gov(), Role::ActivityOracle, REGISTRAR),
			Error::<Test>::NotAppointed
		);
		assert_noop!(
			Consortium::dismiss(gov(), Role::Registrar, STRANGER),
			Error::<Test>::NotAppointed
		);
	});
}

#[test]
fn a_dismissal_never_reaps_an_account_with_consumers() {
	build_and_execute(|| {
		// E.g. session keys hold a consumer reference on a validator's account.
		assert_ok!(System::inc_consumers(&REGISTRAR));
		assert_ok!(Consortium::dismiss(gov(), Role::Registrar, REGISTRAR));
		assert_eq!(System::providers(&REGISTRAR), 1, "the last reference is kept");
		assert!(System::account_exists(&REGISTRAR));
	});
}

#[test]
fn the_registrar_registers_and_deregisters_users() {
	build_and_execute(|| {
		assert_eq!(Consortium::class_of(&STRANGER), None);
		assert_ok!(Consortium::register_user(signed(REGISTRAR), STRANGER));
		assert_eq!(Consortium::class_of(&STRANGER), Some(AccountClass::User));
		assert_eq!(System::providers(&STRANGER), 1);
		assert_eq!(UserCount::<Test>::get(), 2);
		assert_ok!(Consortium::deregister_user(RuntimeOrigin::root(), STRANGER));
		assert_eq!(Consortium::class_of(&STRANGER), None);
		assert_eq!(System::providers(&STRANGER), 0);
		assert_eq!(
			consortium_events(),
			vec![
				Event::UserRegistered { who: STRANGER },
				Event::UserDeregistered { who: STRANGER }
			]
		);
	});
}

#[test]
fn user_registration_refuses_bad_input() {
	build_and_execute(|| {
		// Governance's signed account is not the registrar (and the mock's registrar origin is
		// root or the role).
		assert_noop!(Consortium::register_user(gov(), STRANGER), DispatchError::BadOrigin);
		assert_noop!(Consortium::register_user(signed(USER), STRANGER), DispatchError::BadOrigin);
		assert_noop!(
			Consortium::register_user(signed(REGISTRAR), USER),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			Consortium::deregister_user(signed(REGISTRAR), STRANGER),
			Error::<Test>::NotRegistered
		);
		assert_noop!(Consortium::deregister_user(signed(USER), USER), DispatchError::BadOrigin);
		// A dismissed registrar can no longer register.
		assert_ok!(Consortium::dismiss(gov(), Role::Registrar, REGISTRAR));
		assert_noop!(
			Consortium::register_user(signed(REGISTRAR), STRANGER),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_rate_limit_sets_and_removes() {
	build_and_execute(|| {
		let limit = RateLimit { max_transactions: 7, period: 3 };
		assert_ok!(Consortium::set_rate_limit(gov(), AccountClass::Consortium, Some(limit)));
		assert_eq!(RateLimits::<Test>::get(AccountClass::Consortium), Some(limit));
		assert_ok!(Consortium::set_rate_limit(gov(), AccountClass::User, None));
		assert_eq!(RateLimits::<Test>::get(AccountClass::User), None);
		assert_eq!(
			consortium_events(),
			vec![
				Event::RateLimitSet { class: AccountClass::Consortium, limit: Some(limit) },
				Event::RateLimitSet { class: AccountClass::User, limit: None },
			]
		);
	});
}

#[test]
fn set_rate_limit_refuses_bad_input() {
	build_and_execute(|| {
		let ok = RateLimit { max_transactions: 1, period: 1 };
		assert_noop!(
			Consortium::set_rate_limit(signed(REGISTRAR), AccountClass::User, Some(ok)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::set_rate_limit(
				gov(),
				AccountClass::User,
				Some(RateLimit { max_transactions: 0, period: 10 })
			),
			Error::<Test>::InvalidRateLimit
		);
		assert_noop!(
			Consortium::set_rate_limit(
				gov(),
				AccountClass::User,
				Some(RateLimit { max_transactions: 10, period: 0 })
			),
			Error::<Test>::InvalidRateLimit
		);
	});
}

#[test]
fn dispatch_as_root_reaches_root_only_calls() {
	build_and_execute(|| {
		let call = Box::new(RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 9 }));
		// Not root itself: a signed governance account cannot call it directly.
		assert_noop!(System::set_heap_pages(gov(), 9), DispatchError::BadOrigin);
		assert_ok!(Consortium::dispatch_as_root(gov(), call));
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::HEAP_PAGES).map(|v| v.to_vec()),
			Some(9u64.to_le_bytes().to_vec())
		);
		assert!(consortium_events().contains(&Event::DispatchedAsRoot { result: Ok(()) }));
	});
}

#[test]
fn dispatch_as_root_reports_the_inner_failure() {
	build_and_execute(|| {
		let call = Box::new(RuntimeCall::Consortium(Call::dismiss {
			role: Role::ActivityOracle,
			who: STRANGER,
		}));
		assert_ok!(Consortium::dispatch_as_root(gov(), call));
		assert_eq!(
			consortium_events(),
			vec![Event::DispatchedAsRoot { result: Err(Error::<Test>::NotAppointed.into()) }]
		);
	});
}

#[test]
fn dispatch_as_root_refuses_non_governance() {
	build_and_execute(|| {
		let call = Box::new(remark());
		assert_noop!(
			Consortium::dispatch_as_root(signed(MEMBER), call.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::dispatch_as_root(signed(REGISTRAR), call),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn ensure_role_admits_holders_only() {
	build_and_execute(|| {
		type Registrar = EnsureRole<Test, roles::Registrar>;
		type Oracle = EnsureRole<Test, roles::ActivityOracle>;
		assert_eq!(Registrar::try_origin(signed(REGISTRAR)).ok(), Some(REGISTRAR));
		assert!(Oracle::try_origin(signed(REGISTRAR)).is_err());
		assert!(Registrar::try_origin(signed(STRANGER)).is_err());
		assert!(Registrar::try_origin(RuntimeOrigin::root()).is_err());
		assert!(Registrar::try_origin(RuntimeOrigin::none()).is_err());
		assert_ok!(Consortium::dismiss(gov(), Role::Registrar, REGISTRAR));
		assert!(Registrar::try_origin(signed(REGISTRAR)).is_err());
	});
}

#[test]
fn classes_follow_precedence() {
	build_and_execute(|| {
		assert_eq!(Consortium::class_of(&REGISTRAR), Some(AccountClass::Consortium));
		assert_eq!(Consortium::class_of(&MEMBER), Some(AccountClass::Consortium));
		assert_eq!(Consortium::class_of(&OWNER), Some(AccountClass::Owner));
		assert_eq!(Consortium::class_of(&FAN), Some(AccountClass::User));
		assert_eq!(Consortium::class_of(&USER), Some(AccountClass::User));
		assert_eq!(Consortium::class_of(&STRANGER), None);
		// An owner who is also a registered user is limited as an owner; a member who owns a
		// car as the consortium.
		assert_ok!(Consortium::register_user(signed(REGISTRAR), OWNER));
		assert_eq!(Consortium::class_of(&OWNER), Some(AccountClass::Owner));
		Owners::insert(MEMBER);
		assert_eq!(Consortium::class_of(&MEMBER), Some(AccountClass::Consortium));
		// A car sold: the former owner is no longer known.
		Owners::remove(OWNER);
		assert_ok!(Consortium::deregister_user(signed(REGISTRAR), OWNER));
		assert_eq!(Consortium::class_of(&OWNER), None);
	});
}

#[test]
fn unknown_signers_are_refused_and_unsigned_calls_pass() {
	build_and_execute(|| {
		assert_eq!(validate(STRANGER), Err(UNKNOWN_ERR));
		assert_eq!(include(STRANGER), Err(UNKNOWN_ERR));
		for who in [REGISTRAR, MEMBER, OWNER, FAN, USER] {
			assert_eq!(validate(who), Ok(()), "account {who}");
		}
		let call = remark();
		let (_, _, origin) = CheckKnownSigner::<Test>::new()
			.validate(
				RuntimeOrigin::none(),
				&call,
				&DispatchInfo::default(),
				0,
				(),
				&TxBaseImplication(&call),
				TransactionSource::External,
			)
			.expect("unsigned transactions are not this extension's business");
		assert!(frame_system::ensure_none(origin).is_ok());
		assert_ok!(CheckKnownSigner::<Test>::new().validate_and_prepare(
			RuntimeOrigin::root(),
			&remark(),
			&DispatchInfo::default(),
			0,
			0
		));
	});
}

#[test]
fn the_weight_is_refunded_for_unsigned_transactions_only() {
	build_and_execute(|| {
		let call = remark();
		let info = DispatchInfo::default();
		let ext = CheckKnownSigner::<Test>::new();
		let weight = ext.weight(&call);
		assert_eq!(
			weight,
			<() as WeightInfo>::check_known_signer().saturating_add(SignatureWeight::get()),
			"the signer's signature check is charged with the extension's own"
		);
		let refund = |origin: RuntimeOrigin| {
			let ext = CheckKnownSigner::<Test>::new();
			let (_, val, origin) = ext
				.validate(
					origin,
					&call,
					&info,
					0,
					(),
					&TxBaseImplication(&call),
					TransactionSource::External,
				)
				.unwrap();
			let pre = ext.prepare(val, &origin, &call, &info, 0).unwrap();
			<CheckKnownSigner<Test> as TransactionExtension<RuntimeCall>>::post_dispatch_details(
				pre,
				&info,
				&Default::default(),
				0,
				&Ok(()),
			)
			.unwrap()
		};
		assert_eq!(
			refund(RuntimeOrigin::none()),
			weight,
			"nothing was read for it, and it has no signature"
		);
		assert_eq!(refund(signed(USER)), Weight::zero(), "a signed one keeps its signature check");
		assert_eq!(refund(signed(MEMBER)), Weight::zero());
	});
}

#[test]
fn the_rate_limit_counts_included_transactions_per_window() {
	build_and_execute(|| {
		// Users: 2 per 10 blocks; windows start at blocks 0, 10, 20, ...
		System::set_block_number(12);
		assert_eq!(include(USER), Ok(()));
		// Validation alone (the pool) counts nothing.
		for _ in 0..5 {
			assert_eq!(validate(USER), Ok(()));
		}
		System::set_block_number(19);
		assert_eq!(include(USER), Ok(()));
		assert_eq!(UsageOf::<Test>::get(USER), Some(Usage { window_start: 10, count: 2 }));
		assert_eq!(validate(USER), Err(RATE_LIMITED_ERR));
		assert_eq!(include(USER), Err(RATE_LIMITED_ERR));
		assert_eq!(Consortium::account_status(&USER).remaining_in_window, 0);
		// Each account has its own count; owners their own limit.
		assert_eq!(include(FAN), Ok(()));
		for _ in 0..OWNER_LIMIT.max_transactions {
			assert_eq!(include(OWNER), Ok(()));
		}
		assert_eq!(include(OWNER), Err(RATE_LIMITED_ERR));
		// The next window starts afresh.
		System::set_block_number(20);
		assert_eq!(validate(USER), Ok(()));
		assert_eq!(include(USER), Ok(()));
		assert_eq!(UsageOf::<Test>::get(USER), Some(Usage { window_start: 20, count: 1 }));
		assert_eq!(Consortium::account_status(&USER).remaining_in_window, 1);
	});
}

#[test]
fn unlimited_classes_are_not_counted_and_limits_apply_when_set() {
	build_and_execute(|| {
		for _ in 0..50 {
			assert_eq!(include(MEMBER), Ok(()));
		}
		assert_eq!(UsageOf::<Test>::get(MEMBER), None);
		assert_eq!(Consortium::account_status(&MEMBER).remaining_in_window, u32::MAX);
		let limit = RateLimit { max_transactions: 1, period: 5 };
		assert_ok!(Consortium::set_rate_limit(gov(), AccountClass::Consortium, Some(limit)));
		assert_eq!(include(MEMBER), Ok(()));
		assert_eq!(include(MEMBER), Err(RATE_LIMITED_ERR));
		// Lifting a user's limit lets it through at once.
		assert_eq!(include(USER), Ok(()));
		assert_eq!(include(USER), Ok(()));
		assert_eq!(include(USER), Err(RATE_LIMITED_ERR));
		assert_ok!(Consortium::set_rate_limit(gov(), AccountClass::User, None));
		assert_eq!(include(USER), Ok(()));
	});
}

#[test]
fn account_status_explains_admission() {
	build_and_execute(|| {
		assert_eq!(
			Consortium::account_status(&STRANGER),
			AccountStatus {
				class: None,
				roles: vec![],
				registered_user: false,
				rate_limit: None,
				remaining_in_window: 0
			}
		);
		assert_eq!(
			Consortium::account_status(&USER),
			AccountStatus {
				class: Some(AccountClass::User),
				roles: vec![],
				registered_user: true,
				rate_limit: Some(USER_LIMIT),
				remaining_in_window: 2
			}
		);
		assert_eq!(Consortium::account_status(&REGISTRAR).roles, vec![Role::Registrar]);
		assert_eq!(Consortium::holders(Role::Registrar), vec![REGISTRAR]);
		assert_eq!(Consortium::holders(Role::CatalogManager), Vec::<AccountId>::new());
	});
}

#[test]
fn members_are_kept_in_existence_while_members() {
	build_and_execute(|| {
		type Hook = KeepMembersKnown<Test, InnerMembers>;
		Hook::initialize_members(&[1, 2]);
		assert_eq!(InnerMembers::get(), vec![1, 2]);
		assert_eq!((System::providers(&1), System::providers(&2)), (1, 1));
		Hook::change_members_sorted(&[3], &[1], &[2, 3]);
		assert_eq!(InnerMembers::get(), vec![2, 3]);
		assert_eq!(
			(System::providers(&1), System::providers(&2), System::providers(&3)),
			(0, 1, 1)
		);
	});
}

#[test]
fn integrity_of_origins_for_benchmarks() {
	// `EnsureRole` must be able to produce a successful origin for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	build_and_execute(|| {
		let o = EnsureRole::<Test, roles::CatalogManager>::try_successful_origin().unwrap();
		assert!(EnsureRole::<Test, roles::CatalogManager>::try_origin(o).is_ok());
	});
}

mod proptests {
	use super::*;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Step {
		Appoint(u8, u64),
		Dismiss(u8, u64),
		Register(u64),
		Deregister(u64),
		Limit(u8, u32, u32),
		Include(u64),
		Advance(u32),
	}

	fn step() -> impl Strategy<Value = Step> {
		let who = 95u64..105;
		prop_oneof![
			(0u8..3, who.clone()).prop_map(|(r, w)| Step::Appoint(r, w)),
			(0u8..3, who.clone()).prop_map(|(r, w)| Step::Dismiss(r, w)),
			who.clone().prop_map(Step::Register),
			who.clone().prop_map(Step::Deregister),
			(0u8..3, 0u32..4, 0u32..4).prop_map(|(c, m, p)| Step::Limit(c, m, p)),
			who.prop_map(Step::Include),
			(0u32..12).prop_map(Step::Advance),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]
		/// Random sequences of appointments, registrations, limits and transactions: the
		/// invariants hold after every step; an unknown signer is refused; an admitted one is
		/// counted exactly when its class is limited and its window has room, else refused
		/// without a trace.
		#[test]
		fn invariants_hold_over_random_sequences(steps in prop::collection::vec(step(), 1..80)) {
			new_test_ext().execute_with(|| {
				for s in steps {
					match s {
						Step::Appoint(r, w) => {
							let _ = Consortium::appoint(gov(), Role::ALL[r as usize], w);
						},
						Step::Dismiss(r, w) => {
							let _ = Consortium::dismiss(gov(), Role::ALL[r as usize], w);
						},
						Step::Register(w) => {
							let _ = Consortium::register_user(signed(REGISTRAR), w);
						},
						Step::Deregister(w) => {
							let _ = Consortium::deregister_user(signed(REGISTRAR), w);
						},
						Step::Limit(c, m, p) => {
							let limit = (m > 0).then_some(RateLimit { max_transactions: m, period: p });
							let _ = Consortium::set_rate_limit(gov(), AccountClass::ALL[c as usize], limit);
						},
						Step::Include(w) => {
							let before = UsageOf::<Test>::get(w);
							let class = Consortium::class_of(&w);
							let limit = class.and_then(RateLimits::<Test>::get);
							let now = System::block_number() as u32;
							let used = match (&limit, before) {
								(Some(l), Some(u)) if u.window_start == l.window_start(now) => u.count,
								_ => 0,
							};
							let result = include(w);
							match (class, limit) {
								(None, _) => {
									prop_assert_eq!(result, Err(UNKNOWN_ERR));
									prop_assert_eq!(UsageOf::<Test>::get(w), before);
								},
								(Some(_), None) => {
									prop_assert_eq!(result, Ok(()));
									prop_assert_eq!(UsageOf::<Test>::get(w), before);
								},
								(Some(_), Some(l)) if used < l.max_transactions => {
									prop_assert_eq!(result, Ok(()));
									prop_assert_eq!(
										UsageOf::<Test>::get(w),
										Some(Usage { window_start: l.window_start(now), count: used + 1 })
									);
								},
								(Some(_), Some(_)) => {
									prop_assert_eq!(result, Err(RATE_LIMITED_ERR));
									prop_assert_eq!(UsageOf::<Test>::get(w), before);
								},
							}
						},
						Step::Advance(n) => System::set_block_number(System::block_number() + n as u64),
					}
					prop_assert!(Consortium::do_try_state().is_ok());
				}
				Ok(())
			})?;
		}
	}
}
