//! Cultivation through the real runtime: crystals open boxes, and only owners receive stones.

use crate::common::*;

/// Through `Executive`, as on the node: sudo (the oracle until #6) awards crystals to an owner
/// and to a non-owner, both brand-new accounts without stones; each signs `buy_box` (a crystal
/// holder is a known account), the boxes are revealed after the delay, and only the owner is
/// paid stones, from the cultivation pool.
#[test]
fn crystals_open_boxes_and_only_owners_receive_stones_through_the_real_runtime() {
	use pallet_mine_boxes::{BoxType, Drop, Treasure, PPM};
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let owner = sp_core::sr25519::Pair::from_string("//cultivation-owner", None).unwrap();
	let fan = sp_core::sr25519::Pair::from_string("//cultivation-fan", None).unwrap();
	let id = |p: &sp_core::sr25519::Pair| sp_runtime::AccountId32::from(p.public());
	genesis("development").execute_with(|| {
		initialize_block_one();
		let now = pallet_timestamp::Now::<Runtime>::get();
		let mut nonce = 0;
		let mut as_sudo = |call: RuntimeCall| {
			let xt = signed(sudo(call), Alice, Alice, nonce);
			nonce += 1;
			assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		};
		// A brand-new account cannot sign anything yet.
		let buy = |t| RuntimeCall::MineBoxes(pallet_mine_boxes::Call::buy_box { box_type: t });
		assert_eq!(
			Executive::apply_extrinsic(signed_by(buy(0), fan.public(), &fan, 0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner))
		);
		as_sudo(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
			vehicle: sp_core::H256::repeat_byte(9),
			device_key: csop_primitives::DeviceKey::Sr25519(sp_core::sr25519::Public::from_raw(
				[9; 32],
			)),
			model: 1,
			activated_at_ms: 0,
			owner: id(&owner),
			angel_number: None,
		}));
		for (who, reference) in [(&fan, 1u8), (&owner, 2u8)] {
			as_sudo(RuntimeCall::Crystals(pallet_crystals::Call::award {
				who: MultiAddress::Id(id(who)),
				activity: pallet_crystals::Activity::SignUp,
				occurred_at_ms: now,
				reference: sp_core::H256::repeat_byte(reference),
			}));
		}
		as_sudo(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::create_box_type {
			details: BoxType {
				name: b"stones".to_vec(),
				price: 100,
				drops: vec![Drop { treasure: Treasure::Stones(3 * STONE), ppm: PPM, rare: false }],
				fallback: Some(Treasure::Crystals(40)),
				daily_supply: None,
				per_account_daily: None,
				pity: None,
				open: true,
			},
		}));
		let t = 2; // after the preset's two types
		let issued_before =
			pallet_stones::Issued::<Runtime>::get(csop_primitives::Pool::Cultivation);
		for who in [&fan, &owner] {
			assert_eq!(
				Executive::apply_extrinsic(signed_by(buy(t), who.public(), who, 0)),
				Ok(Ok(()))
			);
		}
		assert_eq!(csop_runtime::Crystals::crystals(&id(&fan)), 0);
		for _ in 0..csop_runtime::configs::RevealDelay::get() {
			next_block();
		}
		for (box_id, who) in [(0u64, &fan), (1, &owner)] {
			let reveal = RuntimeCall::MineBoxes(pallet_mine_boxes::Call::reveal { id: box_id });
			assert_eq!(
				Executive::apply_extrinsic(signed_by(reveal, who.public(), who, 1)),
				Ok(Ok(()))
			);
		}
		assert_eq!(Balances::balance(&id(&owner)), 3 * STONE);
		assert_eq!(Balances::balance(&id(&fan)), 0, "a non-owner never receives stones");
		assert_eq!(csop_runtime::Crystals::crystals(&id(&fan)), 40, "the fallback");
		assert_eq!(
			pallet_stones::Issued::<Runtime>::get(csop_primitives::Pool::Cultivation),
			issued_before + 3 * STONE
		);
		assert_eq!(pallet_mine_boxes::TotalDraws::<Runtime>::get(t), 2);
		assert!(pallet_mine_boxes::PendingBoxes::<Runtime>::get(id(&owner)).is_empty());
		assert_eq!(pallet_mine_boxes::StonesGiven::<Runtime>::get(), 3 * STONE);
		// Crystals: 2 x 100 awarded, 2 x 100 spent, 40 granted as the fallback.
		assert_eq!(pallet_crystals::TotalCrystals::<Runtime>::get(), 40);
		assert_eq!(pallet_crystals::TotalSpent::<Runtime>::get(), 200);
		assert_stones_invariants();
	});
}

/// An attestation's reference is paid once, whatever day the oracle dates it, through the
/// real runtime (the chain's clock is set ten days in, so that several days are in the award
/// window).
#[test]
fn an_attestation_is_paid_once_whatever_day_it_names() {
	const DAY: u64 = 86_400_000;
	let sudo =
		|call: RuntimeCall| RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	let award = |days_ago: u64, reference: u8| {
		let now = pallet_timestamp::Now::<Runtime>::get();
		sudo(RuntimeCall::Crystals(pallet_crystals::Call::award {
			who: MultiAddress::Id(Bob.to_account_id()),
			activity: pallet_crystals::Activity::Post,
			occurred_at_ms: now - days_ago * DAY,
			reference: sp_core::H256::repeat_byte(reference),
		}))
	};
	genesis("development").execute_with(|| {
		initialize_block_one();
		pallet_timestamp::Now::<Runtime>::put(10 * DAY + 1_000);
		// Sudo reports its call's result in `Sudid`.
		let sudid = |call| {
			assert_eq!(apply(call, Alice), Ok(Ok(())));
			System::events().into_iter().rev().find_map(|record| match record.event {
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => Some(sudo_result),
				_ => None,
			})
		};
		assert_eq!(sudid(award(0, 7)), Some(Ok(())));
		for days_ago in 1..=6 {
			let already = pallet_crystals::Error::<Runtime>::AlreadyAwarded;
			assert_eq!(sudid(award(days_ago, 7)), Some(Err(already.into())));
		}
		assert_eq!(sudid(award(3, 8)), Some(Ok(())));
		// Two posts of 20 crystals.
		assert_eq!(csop_runtime::Crystals::crystals(&Bob.to_account_id()), 40);
		csop_runtime::invariants::check().expect("invariants hold");
	});
}
