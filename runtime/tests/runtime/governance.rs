//! Governance through the real runtime: consortium motions, root without sudo, validators.

use crate::common::*;

#[test]
fn a_two_thirds_motion_appoints_an_oracle_who_then_awards_crystals() {
	use pallet_consortium::Role;
	genesis("development").execute_with(|| {
		initialize_block_one();
		let award = |reference: u8| {
			RuntimeCall::Crystals(pallet_crystals::Call::award {
				who: MultiAddress::Id(Ferdie.to_account_id()),
				activity: pallet_crystals::Activity::Post,
				occurred_at_ms: pallet_timestamp::Now::<Runtime>::get(),
				reference: sp_core::H256::repeat_byte(reference),
			})
		};
		// Dave is a registered user, not an oracle: a user may not award crystals at all.
		assert_eq!(
			apply(award(1), Dave),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				pallet_consortium::CALL_NOT_ALLOWED
			)))
		);
		// One member alone (a threshold of 1) is not governance: the motion executes and fails.
		assert_eq!(
			motion(appoint(Role::ActivityOracle, Dave), 1, Bob, &[], Bob),
			Some(Err(sp_runtime::DispatchError::BadOrigin))
		);
		assert!(!Consortium::has_role(Role::ActivityOracle, &Dave.to_account_id()));
		// A non-member cannot propose: the pool refuses it.
		let propose = pallet_collective::Call::propose {
			threshold: 2,
			proposal: Box::new(appoint(Role::ActivityOracle, Dave)),
			length_bound: 100,
		};
		assert_eq!(
			apply(collective(propose), Dave),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				pallet_consortium::CALL_NOT_ALLOWED
			)))
		);
		// Two of the three members (2/3) appoint Dave; Charlie closes the motion.
		assert_eq!(
			motion(appoint(Role::ActivityOracle, Dave), 2, Alice, &[Bob], Charlie),
			Some(Ok(()))
		);
		assert!(Consortium::has_role(Role::ActivityOracle, &Dave.to_account_id()));
		// Dave now signs awards himself.
		assert_eq!(apply(award(2), Dave), Ok(Ok(())));
		let post = genesis_config_presets::activity_rules()
			.into_iter()
			.find(|(a, _)| *a == pallet_crystals::Activity::Post)
			.unwrap()
			.1;
		assert_eq!(csop_runtime::Crystals::crystals(&Ferdie.to_account_id()), post.crystals);
		pallet_consortium::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn without_sudo_governance_reaches_root_to_authorise_a_runtime_upgrade() {
	genesis("production").execute_with(|| {
		initialize_block_one();
		let code_hash = sp_core::H256::repeat_byte(7);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(authorize.clone()) });
		assert_eq!(
			apply(sudo, Alice),
			Ok(Err(pallet_sudo::Error::<Runtime>::RequireSudo.into())),
			"no sudo key in production"
		);
		let as_root = RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root {
			call: Box::new(authorize),
		});
		// 2 of 4 members is not enough ...
		assert_eq!(
			motion(as_root.clone(), 2, Alice, &[Bob], Charlie),
			Some(Err(sp_runtime::DispatchError::BadOrigin))
		);
		assert!(System::authorized_upgrade().is_none());
		// ... 3 of 4 is.
		assert_eq!(motion(as_root, 3, Alice, &[Bob, Charlie], Dave), Some(Ok(())));
		assert_eq!(System::authorized_upgrade().map(|u| *u.code_hash()), Some(code_hash));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Consortium(pallet_consortium::Event::DispatchedAsRoot {
				result: Ok(())
			})));
	});
}

#[test]
fn governance_adds_a_validator_planned_at_the_next_session_once_it_has_keys() {
	use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
	let mut ext = genesis("development");
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		initialize_block_one();
		let bob = Bob.to_account_id();
		let add = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			who: MultiAddress::Id(bob.clone()),
		});
		assert_eq!(motion(add, 2, Alice, &[Charlie], Alice), Some(Ok(())));
		assert_eq!(ValidatorSet::validators(), vec![Alice.to_account_id(), bob.clone()]);
		// Without session keys Bob is not planned.
		<ValidatorSet as pallet_session::SessionManager<_>>::new_session(2);
		assert_eq!(pallet_validator_set::Planned::<Runtime>::get().len(), 1);
		// Bob sets keys with a proof that he owns them (as `author_rotateKeysWithOwner` makes).
		let generated = csop_runtime::SessionKeys::generate(&bob.encode(), None);
		let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys {
			keys: generated.keys.clone(),
			proof: generated.proof.encode(),
		});
		// A proof for another owner is refused.
		let forged = csop_runtime::SessionKeys::generate(&Alice.to_account_id().encode(), None);
		let bad = RuntimeCall::Session(pallet_session::Call::set_keys {
			keys: forged.keys,
			proof: forged.proof.encode(),
		});
		assert_eq!(apply(bad, Bob), Ok(Err(pallet_session::Error::<Runtime>::InvalidProof.into())));
		assert_eq!(apply(set_keys, Bob), Ok(Ok(())));
		assert_eq!(
			<ValidatorSet as pallet_session::SessionManager<_>>::new_session(3),
			Some(vec![Alice.to_account_id(), bob])
		);
	});
}

#[test]
fn silence_is_no_aye_a_prime_and_abstainers_cannot_pass_a_root_motion() {
	use csop_runtime::configs::MotionDuration;
	use sp_runtime::traits::Hash;
	genesis("production").execute_with(|| {
		initialize_block_one();
		// The consortium (3 of its 4 members) makes Alice its prime member.
		let set_prime = RuntimeCall::ConsortiumMembership(pallet_membership::Call::set_prime {
			who: MultiAddress::Id(Alice.to_account_id()),
		});
		assert_eq!(motion(set_prime, 3, Alice, &[Bob, Charlie], Dave), Some(Ok(())));
		assert_eq!(
			pallet_collective::Prime::<Runtime, Instance1>::get(),
			Some(Alice.to_account_id())
		);

		// Alice proposes a root motion that needs 3 ayes and votes aye; nobody else votes.
		let code_hash = sp_core::H256::repeat_byte(9);
		let as_root = RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash,
			})),
		});
		let length_bound = as_root.encoded_size() as u32;
		let weight = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&as_root);
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&as_root);
		let index = pallet_collective::ProposalCount::<Runtime, Instance1>::get();
		let propose = pallet_collective::Call::propose {
			threshold: 3,
			proposal: Box::new(as_root),
			length_bound,
		};
		assert_eq!(apply(collective(propose), Alice), Ok(Ok(())));
		let vote = pallet_collective::Call::vote { proposal: hash, index, approve: true };
		assert_eq!(apply(collective(vote), Alice), Ok(Ok(())));

		// Once the motion's time is up anyone may close it: the three silent members must not
		// be counted as voting with the prime.
		let end = System::block_number() + MotionDuration::get() + 1;
		System::set_block_number(end);
		let close = pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight.call_weight,
			length_bound,
		};
		assert_eq!(apply(collective(close), Bob), Ok(Ok(())));
		assert!(System::authorized_upgrade().is_none(), "a prime alone authorised an upgrade");
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::ConsortiumCollective(pallet_collective::Event::Disapproved {
				proposal_hash: hash
			})));
	});
}
