//! Account recovery through the real runtime: a person who lost their key gets everything the
//! lost account held (a car with its consent, rewards and angel entitlement, stones free and
//! held, crystals and their caps, an unrevealed box, redemptions, the user registration) on
//! a new key, after the registrar's check and a delay the lost key can veto.

use crate::common::*;
use frame_support::traits::fungible::InspectHold;
use pallet_account_recovery::{Canceller, Event as RecoveryEvent, Recoveries};
use pallet_mileage_mining::MileageReport;
use sp_core::{sr25519, H256};
use sp_runtime::AccountId32;

type Recovery = pallet_account_recovery::Call<Runtime>;

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// Applies `call` as sudo and returns the dispatched call's own result.
fn sudid(call: RuntimeCall) -> sp_runtime::DispatchResult {
	assert_eq!(apply(sudo(call), Alice), Ok(Ok(())));
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => Some(sudo_result),
			_ => None,
		})
		.expect("sudo reports its call's result")
}

fn account(pair: &sr25519::Pair) -> AccountId32 {
	pair.public().into()
}

/// Applies `call` signed by `pair` with its next nonce.
fn apply_as(call: RuntimeCall, pair: &sr25519::Pair) -> sp_runtime::ApplyExtrinsicResult {
	let nonce = System::account_nonce(account(pair));
	Executive::apply_extrinsic(signed_by(call, pair.public(), pair, nonce))
}

/// Finalises the current block and starts block `n` (see `finish_block_and_start`).
fn jump_to(n: u32) {
	apply_timestamp();
	finish_block_and_start(Some(n));
}

fn recovery_events() -> Vec<RecoveryEvent<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::AccountRecovery(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// What an account holds, as a recovery sees it.
#[derive(Debug, PartialEq)]
struct Holdings {
	free: csop_runtime::Balance,
	held: csop_runtime::Balance,
	crystals: u64,
	vehicles: Vec<H256>,
	pending_boxes: usize,
	redemptions: usize,
	sign_up_awards: u32,
	registered_user: bool,
}

fn holdings(who: &AccountId32) -> Holdings {
	Holdings {
		free: Balances::balance(who),
		held: Balances::total_balance_on_hold(who),
		crystals: csop_runtime::Crystals::crystals(who),
		vehicles: pallet_vehicles::OwnerVehicles::<Runtime>::get(who).into_inner(),
		pending_boxes: pallet_mine_boxes::PendingBoxes::<Runtime>::get(who).len(),
		redemptions: pallet_redemptions::AccountRedemptions::<Runtime>::get(who).len(),
		sign_up_awards: pallet_crystals::LifetimeAwards::<Runtime>::get(
			who,
			pallet_crystals::Activity::SignUp,
		),
		registered_user: pallet_consortium::RegisteredUsers::<Runtime>::contains_key(who),
	}
}

#[test]
fn a_lost_key_is_not_lost_stones() {
	use pallet_mine_boxes::{BoxType, Drop, Treasure, PPM};
	let owner = sr25519::Pair::from_string("//recovery-owner", None).unwrap();
	let new_key = sr25519::Pair::from_string("//recovery-new-key", None).unwrap();
	let device = sr25519::Pair::from_seed(&[0x7E; 32]);
	let vehicle = H256::repeat_byte(0x7E);
	let (lost, rescuer) = (account(&owner), account(&new_key));
	genesis("development").execute_with(|| {
		initialize_block_one();
		// A car bought in the angel round (place 7), its owner a registered user.
		assert_eq!(
			sudid(RuntimeCall::Vehicles(pallet_vehicles::Call::register {
				vehicle,
				device_key: csop_primitives::DeviceKey::Sr25519(device.public()),
				model: 1,
				activated_at_ms: 0,
				owner: lost.clone(),
				angel_number: Some(7),
			})),
			Ok(())
		);
		let register_user =
			pallet_consortium::Call::register_user { who: MultiAddress::Id(lost.clone()) };
		assert_eq!(sudid(RuntimeCall::Consortium(register_user)), Ok(()));
		let consent = pallet_vehicles::Call::grant_consent { vehicle, expires_at_ms: None };
		assert_eq!(apply_as(RuntimeCall::Vehicles(consent), &owner), Ok(Ok(())));
		let params = pallet_mileage_mining::MiningParams {
			top_speed_kmh: u32::MAX,
			min_report_interval_ms: 1_000,
			max_clock_drift_ms: 300_000,
		};
		let set = RuntimeCall::MileageMining(pallet_mileage_mining::Call::set_params { params });
		assert_eq!(sudid(set), Ok(()));
		let now = pallet_timestamp::Now::<Runtime>::get();
		assert_eq!(
			sudid(RuntimeCall::Crystals(pallet_crystals::Call::award {
				who: MultiAddress::Id(lost.clone()),
				activity: pallet_crystals::Activity::SignUp,
				occurred_at_ms: now,
				reference: H256::repeat_byte(1),
			})),
			Ok(())
		);
		let box_type = pallet_mine_boxes::NextBoxTypeId::<Runtime>::get();
		assert_eq!(
			sudid(RuntimeCall::MineBoxes(pallet_mine_boxes::Call::create_box_type {
				details: BoxType {
					name: b"three stones".to_vec(),
					price: 30,
					drops: vec![Drop {
						treasure: Treasure::Stones(3 * STONE),
						ppm: PPM,
						rare: false,
					}],
					fallback: Some(Treasure::Crystals(10)),
					daily_supply: None,
					per_account_daily: None,
					pity: None,
					open: true,
				},
			})),
			Ok(())
		);
		let buy = || RuntimeCall::MineBoxes(pallet_mine_boxes::Call::buy_box { box_type });
		assert_eq!(apply_as(buy(), &owner), Ok(Ok(())));
		let first_box = pallet_mine_boxes::NextBoxId::<Runtime>::get() - 1;
		// The car reports twice: 6,000 km in its first angel year earn the lidar upgrade.
		for (seq, odometer_m) in [(1, 0), (2, 6_000_000)] {
			next_block();
			let report = MileageReport {
				genesis: System::block_hash(0),
				vehicle,
				seq,
				odometer_m,
				time_ms: pallet_timestamp::Now::<Runtime>::get(),
				trip_hash: H256::repeat_byte(seq as u8),
			};
			let signature =
				csop_primitives::DeviceSignature::Sr25519(device.sign(&report.signing_payload()));
			let call = RuntimeCall::MileageMining(pallet_mileage_mining::Call::report {
				report,
				signature,
			});
			let xt = UncheckedExtrinsic::new_transaction(call, tx_extension(0, Era::Immortal));
			assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		}
		next_block();
		let reveal = pallet_mine_boxes::Call::reveal { id: first_box };
		assert_eq!(apply_as(RuntimeCall::MineBoxes(reveal), &owner), Ok(Ok(())));
		assert_eq!(Balances::balance(&lost), 3 * STONE);
		// A second box stays unrevealed; two redemptions stay pending: a 1-stone item (stones
		// held) and the lidar upgrade (the entitlement used).
		assert_eq!(apply_as(buy(), &owner), Ok(Ok(())));
		let item = pallet_redemptions::NextItemId::<Runtime>::get();
		let details = pallet_redemptions::Item {
			name: b"Cap".to_vec(),
			category: pallet_redemptions::Category::BoutiqueItem,
			price: STONE,
			cash_part: None,
			stock: None,
			per_account_limit: Some(1),
			eligibility: Default::default(),
			open: true,
		};
		let list = pallet_redemptions::Call::list_item { details };
		assert_eq!(sudid(RuntimeCall::Redemptions(list)), Ok(()));
		for (item, v) in [(item, None), (0, Some(vehicle))] {
			let redeem = pallet_redemptions::Call::redeem { item, vehicle: v };
			assert_eq!(apply_as(RuntimeCall::Redemptions(redeem), &owner), Ok(Ok(())));
		}
		for _ in 0..csop_runtime::configs::RevealDelay::get() {
			next_block();
		}
		let before = holdings(&lost);
		assert_eq!(
			before,
			Holdings {
				free: 2 * STONE,
				held: STONE,
				crystals: 40,
				vehicles: vec![vehicle],
				pending_boxes: 1,
				redemptions: 2,
				sign_up_awards: 1,
				registered_user: true,
			}
		);
		let issuance = Balances::total_issuance();
		let crystals_total = pallet_crystals::TotalCrystals::<Runtime>::get();
		let vehicle_before = pallet_vehicles::Vehicles::<Runtime>::get(vehicle).unwrap();
		let entitlements_before: Vec<_> =
			pallet_vehicles::VehicleEntitlements::<Runtime>::iter_prefix(vehicle).collect();

		// Governance shortens the delay to a day; the registrar opens the recovery.
		let min_delay = csop_runtime::configs::MinRecoveryDelay::get();
		assert_eq!(
			sudid(RuntimeCall::AccountRecovery(Recovery::set_delay { delay: min_delay })),
			Ok(())
		);
		let open = |to: &AccountId32| {
			RuntimeCall::AccountRecovery(Recovery::open {
				lost: MultiAddress::Id(lost.clone()),
				rescuer: MultiAddress::Id(to.clone()),
				evidence: H256::repeat_byte(0xCA),
			})
		};
		assert_eq!(sudid(open(&rescuer)), Ok(()));
		// A second recovery of the same account while one is open is refused.
		let other = account(&sr25519::Pair::from_string("//someone-else", None).unwrap());
		assert_eq!(
			sudid(open(&other)),
			Err(pallet_account_recovery::Error::<Runtime>::AlreadyOpen.into())
		);
		// The old key cancels in time.
		let cancel =
			RuntimeCall::AccountRecovery(Recovery::cancel { lost: MultiAddress::Id(lost.clone()) });
		assert_eq!(apply_as(cancel.clone(), &owner), Ok(Ok(())));
		assert!(recovery_events().contains(&RecoveryEvent::RecoveryCancelled {
			lost: lost.clone(),
			rescuer: rescuer.clone(),
			by: Canceller::Owner,
		}));
		assert!(!Recoveries::<Runtime>::contains_key(&lost));
		assert_eq!(holdings(&lost), before, "a cancelled recovery moves nothing");

		// Opened again, the delay runs out: the old key can no longer cancel.
		assert_eq!(sudid(open(&rescuer)), Ok(()));
		let executable_at = Recoveries::<Runtime>::get(&lost).unwrap().executable_at;
		assert_eq!(executable_at, System::block_number() + min_delay);
		let advance = RuntimeCall::AccountRecovery(Recovery::advance {
			lost: MultiAddress::Id(lost.clone()),
			budget: 3,
		});
		let too_early = pallet_account_recovery::Error::<Runtime>::DelayNotOver;
		assert_eq!(apply(advance.clone(), Alice), Ok(Err(too_early.into())));
		jump_to(executable_at);
		// From the end of the delay the lost key may sign nothing: not a cancellation, nor a
		// redemption or box that would slip past the move.
		let refused = Err(TransactionValidityError::Invalid(InvalidTransaction::BadSigner));
		assert_eq!(apply_as(cancel, &owner), refused);
		assert_eq!(apply_as(buy(), &owner), refused);

		// Anyone known (here a consortium member) moves the holdings, 3 units a call.
		let mut calls = 0;
		let mut moved = Vec::new();
		let mut completed = false;
		while Recoveries::<Runtime>::contains_key(&lost) {
			assert_eq!(apply(advance.clone(), Alice), Ok(Ok(())));
			let events = recovery_events();
			completed |= events.contains(&RecoveryEvent::RecoveryCompleted {
				lost: lost.clone(),
				rescuer: rescuer.clone(),
			});
			moved.extend(events.into_iter().filter_map(|e| match e {
				RecoveryEvent::HoldingsMoved { domain, units, .. } => Some((domain, units)),
				_ => None,
			}));
			calls += 1;
			assert!(calls < 20, "a recovery of a few records ends");
			next_block();
		}
		assert!(calls > 1, "the budget splits the work over several calls");
		use pallet_account_recovery::Domain;
		for domain in [
			Domain::Vehicles,
			Domain::MineBoxes,
			Domain::Crystals,
			Domain::Redemptions,
			Domain::Stones,
			Domain::Users,
		] {
			assert!(moved.iter().any(|(d, _)| *d == domain), "{domain:?} moved");
		}

		// Everything is the new key's, plus the unrevealed box's 3 stones (revealed to the buyer
		// first). Nothing was created but that treasure, nothing lost.
		assert_eq!(
			holdings(&lost),
			Holdings {
				free: 0,
				held: 0,
				crystals: 0,
				vehicles: vec![],
				pending_boxes: 0,
				redemptions: 0,
				sign_up_awards: 0,
				registered_user: false,
			}
		);
		assert_eq!(
			holdings(&rescuer),
			Holdings { free: before.free + 3 * STONE, pending_boxes: 0, ..before }
		);
		assert_eq!(
			Balances::balance_on_hold(&pallet_redemptions::HoldReason::Redemption.into(), &rescuer),
			STONE
		);
		assert_eq!(Balances::total_issuance(), issuance + 3 * STONE);
		assert_eq!(pallet_crystals::TotalCrystals::<Runtime>::get(), crystals_total);
		let second_box = pallet_mine_boxes::Boxes::<Runtime>::get(first_box + 1).unwrap();
		assert!(second_box.outcome.is_some());
		assert_eq!(second_box.owner, lost, "a box is drawn for its buyer");
		// The car: same consent, angel rights, entitlements; only the owner changed.
		let vehicle_after = pallet_vehicles::Vehicles::<Runtime>::get(vehicle).unwrap();
		assert_eq!(vehicle_after.owner, rescuer);
		assert_eq!(
			pallet_vehicles::Vehicle { owner: lost.clone(), ..vehicle_after.clone() },
			vehicle_before
		);
		assert_eq!(
			pallet_vehicles::VehicleEntitlements::<Runtime>::iter_prefix(vehicle)
				.collect::<Vec<_>>(),
			entitlements_before
		);
		for id in pallet_redemptions::AccountRedemptions::<Runtime>::get(&rescuer) {
			assert_eq!(pallet_redemptions::Redemptions::<Runtime>::get(id).unwrap().who, rescuer);
		}
		assert_eq!(pallet_redemptions::RedeemedCount::<Runtime>::get(item, &rescuer), 1);
		assert!(completed, "RecoveryCompleted");

		// The new key acts as the owner: its car's rewards are its to claim, the old key's
		// are not; its caps are the person's (sign-up paid once).
		let claim = RuntimeCall::MileageMining(pallet_mileage_mining::Call::claim { vehicle });
		// The old key stays suspended: not even admitted for a claim.
		assert_eq!(apply_as(claim.clone(), &owner), refused);
		let free = Balances::balance(&rescuer);
		assert_eq!(apply_as(claim, &new_key), Ok(Ok(())));
		assert!(Balances::balance(&rescuer) > free, "the car's rewards are the new key's");
		let again = sudid(RuntimeCall::Crystals(pallet_crystals::Call::award {
			who: MultiAddress::Id(rescuer.clone()),
			activity: pallet_crystals::Activity::SignUp,
			occurred_at_ms: pallet_timestamp::Now::<Runtime>::get(),
			reference: H256::repeat_byte(2),
		}));
		assert_eq!(again, Err(pallet_crystals::Error::<Runtime>::LifetimeCapReached.into()));
		// The recovered account cannot be recovered again.
		assert_eq!(
			sudid(open(&other)),
			Err(pallet_account_recovery::Error::<Runtime>::AlreadyRecovered.into())
		);
		next_block();
	});
}
