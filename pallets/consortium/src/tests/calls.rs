//! The pallet's calls, their errors, `EnsureRole` and the membership hook.

use super::*;

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

#[test]
fn recovery_moves_the_user_registration_and_not_the_roles() {
	use csop_primitives::RecoverHoldings;
	build_and_execute(|| {
		assert_ok!(Consortium::register_user(signed(REGISTRAR), STRANGER));
		assert_ok!(Consortium::appoint(gov(), Role::ActivityOracle, STRANGER));
		let users = UserCount::<Test>::get();
		assert!(<Consortium as RecoverHoldings<AccountId>>::holds_any(&STRANGER));
		let step = <Consortium as RecoverHoldings<AccountId>>::move_holdings(&STRANGER, &42, 0, 1)
			.unwrap();
		assert_eq!((step.used, step.next), (1, None));
		assert!(RegisteredUsers::<Test>::contains_key(42));
		assert!(!RegisteredUsers::<Test>::contains_key(STRANGER));
		assert_eq!(UserCount::<Test>::get(), users);
		assert!(Consortium::has_role(Role::ActivityOracle, &STRANGER), "roles stay");
		assert_eq!(System::providers(&42), 1);
		// A new account that is a registered user already keeps its one registration.
		assert_ok!(Consortium::register_user(signed(REGISTRAR), STRANGER));
		assert_ok!(<Consortium as RecoverHoldings<AccountId>>::move_holdings(&STRANGER, &42, 0, 1));
		assert_eq!(UserCount::<Test>::get(), users);
		assert_eq!(System::providers(&42), 1);
		// Nothing to move: nothing happens.
		let step = <Consortium as RecoverHoldings<AccountId>>::move_holdings(&STRANGER, &42, 0, 1)
			.unwrap();
		assert_eq!((step.used, step.next), (1, None));
		assert!(!<Consortium as RecoverHoldings<AccountId>>::holds_any(&STRANGER));
	});
}

#[test]
fn a_suspended_account_is_refused_whatever_it_is() {
	build_and_execute(|| {
		assert_ok!(Consortium::appoint(gov(), Role::ActivityOracle, OWNER));
		assert_eq!(Consortium::class_of(&OWNER), Some(AccountClass::Consortium));
		Suspended::insert(OWNER);
		assert_eq!(Consortium::class_of(&OWNER), None);
		assert_eq!(Consortium::account_status(&OWNER).class, None);
		Suspended::remove(OWNER);
		assert_eq!(Consortium::class_of(&OWNER), Some(AccountClass::Consortium));
	});
}
