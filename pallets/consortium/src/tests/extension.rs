//! `CheckKnownSigner`: classes, the signer policy, rate limits, weights and what a wallet is told.

use super::*;

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
			<() as WeightInfo>::check_known_signer()
				.saturating_add(Weight::from_parts(50_000_000, 0)),
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
fn the_signer_policy_refuses_calls_and_input_a_class_may_not_give() {
	let not_allowed =
		TransactionValidityError::Invalid(InvalidTransaction::Custom(CALL_NOT_ALLOWED));
	let too_large = TransactionValidityError::Invalid(InvalidTransaction::Custom(CALL_TOO_LARGE));
	let check = |who: AccountId, call: &RuntimeCall| {
		CheckKnownSigner::<Test>::new()
			.validate_only(
				signed(who),
				call,
				&DispatchInfo::default(),
				0,
				TransactionSource::External,
				0,
			)
			.map(|_| ())
	};
	let include = |who: AccountId, call: &RuntimeCall| {
		CheckKnownSigner::<Test>::new()
			.validate_and_prepare(signed(who), call, &DispatchInfo::default(), 0, 0)
			.map(|_| ())
	};
	let remark =
		|len: usize| RuntimeCall::System(frame_system::Call::remark { remark: vec![7; len] });
	build_and_execute(|| {
		// Registering users is the consortium's: a user or an owner is refused, in the pool
		// and in a block, and nothing is counted against their limit.
		let register = RuntimeCall::Consortium(Call::register_user { who: 77 });
		for who in [USER, FAN, OWNER] {
			assert_eq!(check(who, &register), Err(not_allowed));
			assert_eq!(include(who, &register), Err(not_allowed));
			assert_eq!(UsageOf::<Test>::get(who), None);
		}
		assert_eq!(check(MEMBER, &register), Ok(()));
		assert_eq!(check(REGISTRAR, &register), Ok(()));
		// A remark within the owners' and users' bound, and past it.
		assert_eq!(check(USER, &remark(MAX_REMARK)), Ok(()));
		assert_eq!(check(OWNER, &remark(MAX_REMARK + 1)), Err(too_large));
		assert_eq!(include(USER, &remark(MAX_REMARK + 1)), Err(too_large));
		assert_eq!(check(MEMBER, &remark(MAX_REMARK + 1)), Ok(()));
		// An unknown signer is refused as unknown, whatever the call.
		assert_eq!(check(STRANGER, &register), Err(UNKNOWN_ERR));
		// A user at its limit is told about the limit only for calls it may make.
		for _ in 0..USER_LIMIT.max_transactions {
			assert_ok!(include(USER, &remark(1)));
		}
		assert_eq!(check(USER, &remark(1)), Err(RATE_LIMITED_ERR));
		assert_eq!(check(USER, &register), Err(not_allowed));
	});
}
