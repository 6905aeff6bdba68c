#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod functions;
mod recovery;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The shortest reveal delay: the draw block's seed then holds at least one VRF output
/// produced after the block a box was bought in.
pub const MIN_REVEAL_DELAY: u32 = 2;

/// The longest reveal delay governance may set: a box bought now can be revealed within an
/// hour of 3-second blocks (a delay near the block number's range would make boxes
/// unrevealable).
pub const MAX_REVEAL_DELAY: u32 = 1_200;

/// The balance type of stones.
pub type BalanceOf<T> = <T as Config>::Balance;
/// A box type as stored.
pub type BoxTypeOf<T> = BoxType<
	BalanceOf<T>,
	frame_support::BoundedVec<u8, <T as Config>::MaxNameLen>,
	frame_support::BoundedVec<Drop<BalanceOf<T>>, <T as Config>::MaxDrops>,
>;
/// A bought box of this runtime.
pub type MineBoxOf<T> = MineBox<
	<T as frame_system::Config>::AccountId,
	<T as frame_system::Config>::Hash,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;
/// A revealed box's outcome in this runtime.
pub type OutcomeOf<T> = Outcome<
	<T as frame_system::Config>::Hash,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use csop_primitives::{CrystalAmount, CrystalLedger, StoneIssuer, VehicleOwnership};
	use frame_support::{
		pallet_prelude::*,
		traits::{tokens::Balance as BalanceT, Randomness, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{MaybeSerializeDeserialize, StaticLookup};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The crystal ledger boxes are paid from and crystal treasures go to.
		type Crystals: CrystalLedger<Self::AccountId>;

		/// Stones, in their smallest unit (the chain's balance type).
		type Balance: BalanceT + MaybeSerializeDeserialize;

		/// Issues stone treasures from the cultivation pool (never past its cap).
		type Stones: StoneIssuer<Self::AccountId, Balance = Self::Balance>;

		/// Who is a certified vehicle owner (only they may receive stones).
		type Owners: VehicleOwnership<Self::AccountId>;

		/// The randomness boxes are drawn from: in the runtime, the BABE VRF output of the
		/// parent block (`pallet_babe::ParentBlockRandomness`); mocked in tests.
		type Randomness: Randomness<Option<Self::Hash>, BlockNumberFor<Self>>;

		/// The current time, for daily limits (UTC days).
		type Time: UnixTime;

		/// Who creates box types and opens or closes them (governance).
		type BoxOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who marks won rights as used, once delivered (the operator).
		type OperatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The reveal delay until governance sets another ([`RevealDelay`]). At least
		/// [`MIN_REVEAL_DELAY`].
		#[pallet::constant]
		type DefaultRevealDelay: Get<BlockNumberFor<Self>>;

		/// Blocks after a box's draw block during which only its owner may reveal it; after
		/// that anyone may (with the same result), so that no box stays unrevealed for ever.
		#[pallet::constant]
		type RevealDeadline: Get<BlockNumberFor<Self>>;

		/// Longest box type name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Most entries in a drop table (at most 255).
		#[pallet::constant]
		type MaxDrops: Get<u32>;

		/// Most bought, unrevealed boxes one account may have.
		#[pallet::constant]
		type MaxPendingPerAccount: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes accounts certified owners for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// A box bought in block `N` is drawn from the seed of block `N + RevealDelay` (governance
	/// sets it; at least [`MIN_REVEAL_DELAY`]).
	#[pallet::storage]
	pub type RevealDelay<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultRevealDelay>;

	/// Box types, by id.
	#[pallet::storage]
	pub type BoxTypes<T: Config> = StorageMap<_, Twox64Concat, BoxTypeId, BoxTypeOf<T>>;

	/// The id the next box type gets.
	#[pallet::storage]
	pub type NextBoxTypeId<T> = StorageValue<_, BoxTypeId, ValueQuery>;

	/// Every bought box, revealed or not (revealed ones keep their outcome for audit).
	#[pallet::storage]
	pub type Boxes<T: Config> = StorageMap<_, Twox64Concat, BoxId, MineBoxOf<T>>;

	/// The id the next bought box gets.
	#[pallet::storage]
	pub type NextBoxId<T> = StorageValue<_, BoxId, ValueQuery>;

	/// An account's bought, unrevealed boxes, oldest first.
	#[pallet::storage]
	pub type PendingBoxes<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<BoxId, T::MaxPendingPerAccount>,
		ValueQuery,
	>;

	/// The hash chain of the blocks' VRF outputs: at the start of block `n` it becomes
	/// `blake2_256(SCALE(previous, n, vrf))`, where `vrf` is the randomness of block `n - 1`.
	#[pallet::storage]
	pub type RunningSeed<T: Config> = StorageValue<_, T::Hash, ValueQuery>;

	/// Seeds of the blocks that bought boxes wait for, by block number.
	#[pallet::storage]
	pub type SeedSlots<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, SeedSlot<T::Hash>>;

	/// Boxes of a type opened on one UTC day (for the daily supply).
	#[pallet::storage]
	pub type DailyOpened<T> = StorageMap<_, Twox64Concat, BoxTypeId, DayCount, ValueQuery>;

	/// Boxes of a type an account opened on one UTC day (for the per-account daily limit).
	#[pallet::storage]
	pub type AccountDailyOpened<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BoxTypeId,
		Blake2_128Concat,
		T::AccountId,
		DayCount,
		ValueQuery,
	>;

	/// Pity: an account's draws of a type in a row without a rare treasure.
	#[pallet::storage]
	pub type PityCounter<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		BoxTypeId,
		u32,
		ValueQuery,
	>;

	/// How often each drop table entry (by index) of a type was drawn.
	#[pallet::storage]
	pub type DrawCounts<T> =
		StorageDoubleMap<_, Twox64Concat, BoxTypeId, Twox64Concat, u8, DrawCount, ValueQuery>;

	/// Revealed draws of each type.
	#[pallet::storage]
	pub type TotalDraws<T> = StorageMap<_, Twox64Concat, BoxTypeId, u64, ValueQuery>;

	/// Rights won and not yet used, by account and right.
	#[pallet::storage]
	pub type Rights<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RightId, u32, ValueQuery>;

	/// Stones ever given by mine boxes (they count against the cultivation pool's cap too).
	#[pallet::storage]
	pub type StonesGiven<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Box types at genesis (ids 0, 1, ...).
		pub box_types: alloc::vec::Vec<BoxTypeDetails<BalanceOf<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for details in &self.box_types {
				// Genesis may fail loudly: a chain spec with a bad drop table must not start.
				let box_type = Pallet::<T>::new_box_type(details.clone())
					.expect("genesis box types must have valid drop tables");
				Pallet::<T>::do_create_box_type(box_type).expect("box type ids do not overflow");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance created box type `box_type`.
		BoxTypeCreated { box_type: BoxTypeId, price: CrystalAmount },
		/// Box type `box_type` can now be bought (`open`) or not.
		BoxTypeOpenSet { box_type: BoxTypeId, open: bool },
		/// `who` bought box `id` of type `box_type` for `price` crystals; it is drawn from the
		/// seed of block `draw_at`.
		BoxBought {
			id: BoxId,
			who: T::AccountId,
			box_type: BoxTypeId,
			price: CrystalAmount,
			draw_at: BlockNumberFor<T>,
		},
		/// The seed of block `block`, which bought boxes wait for, is `seed`: the running hash
		/// of the blocks' VRF outputs. `vrf` is the randomness the block began with (`None` if
		/// its parent had no VRF output).
		SeedDrawn { block: BlockNumberFor<T>, seed: T::Hash, vrf: Option<T::Hash> },
		/// Box `id` was revealed: `who` received `outcome.treasure`.
		BoxRevealed { id: BoxId, who: T::AccountId, box_type: BoxTypeId, outcome: OutcomeOf<T> },
		/// `quantity` of `who`'s right `right` were used (delivered).
		RightUsed { who: T::AccountId, right: RightId, quantity: u32 },
		/// Governance set the reveal delay of boxes bought from now on.
		RevealDelaySet { delay: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No box type with this id.
		UnknownBoxType,
		/// The box type cannot be bought now.
		BoxTypeClosed,
		/// The account has fewer crystals than the box's price.
		InsufficientCrystals,
		/// Today's supply of this box type is sold out.
		DailySupplyExhausted,
		/// The account opened as many boxes of this type today as allowed.
		AccountDailyLimitReached,
		/// The account has as many unrevealed boxes as allowed: reveal some first.
		TooManyPendingBoxes,
		/// No box with this id.
		UnknownBox,
		/// The box was already revealed.
		AlreadyRevealed,
		/// The box's draw block has not begun yet: reveal at or after its `draw_at` block.
		NotYetRevealable,
		/// The name is longer than `MaxNameLen`.
		NameTooLong,
		/// The drop table has more entries than `MaxDrops`.
		TooManyDrops,
		/// The drop table has no entries.
		EmptyDropTable,
		/// A drop table entry has probability zero.
		ZeroProbability,
		/// The drop table's probabilities do not add up to exactly 1,000,000 parts per million.
		OddsNotOneMillion,
		/// A drop table entry or the fallback gives nothing (a zero quantity).
		EmptyTreasure,
		/// The drop table has a stones entry but no fallback.
		MissingFallback,
		/// The fallback is stones: it must be something anyone can receive.
		StoneFallback,
		/// Pity is zero, or set on a table without a rare entry.
		BadPity,
		/// A price of zero crystals.
		ZeroPrice,
		/// The account holds fewer of this right than the quantity.
		InsufficientRights,
		/// A quantity of zero.
		ZeroQuantity,
		/// A counter would overflow.
		Overflow,
		/// A reveal delay below [`MIN_REVEAL_DELAY`].
		RevealDelayTooShort,
		/// A reveal delay above [`MAX_REVEAL_DELAY`].
		RevealDelayTooLong,
		/// Only the box's owner may reveal it until `RevealDeadline` blocks after its draw
		/// block.
		NotYetOpenToOthers,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::advance_seed(n);
			T::WeightInfo::on_initialize_seed()
		}

		fn integrity_test() {
			assert!(
				T::DefaultRevealDelay::get() >= MIN_REVEAL_DELAY.into(),
				"RevealDelay must be at least 2 blocks: the seed must hold a VRF output produced \
				 after the block a box was bought in"
			);
			assert!(T::MaxDrops::get() >= 1 && T::MaxDrops::get() <= 255, "MaxDrops in 1..=255");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a box type with its published drop table.
		///
		/// Privileged: [`Config::BoxOrigin`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_box_type())]
		pub fn create_box_type(
			origin: OriginFor<T>,
			details: BoxTypeDetails<BalanceOf<T>>,
		) -> DispatchResult {
			T::BoxOrigin::ensure_origin(origin)?;
			Self::do_create_box_type(Self::new_box_type(details)?).map(|_| ())
		}

		/// Open (`true`) or close a box type for buying. Bought boxes can always be revealed.
		///
		/// Privileged: [`Config::BoxOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_box_type_open())]
		pub fn set_box_type_open(
			origin: OriginFor<T>,
			box_type: BoxTypeId,
			open: bool,
		) -> DispatchResult {
			T::BoxOrigin::ensure_origin(origin)?;
			Self::do_set_box_type_open(box_type, open)
		}

		/// Buy a box: its price in crystals is paid now and the box is committed to the seed of
		/// block `now + RevealDelay`; reveal it then.
		///
		/// Permissionless (any signed account with the crystals, within the type's limits).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::buy_box())]
		pub fn buy_box(origin: OriginFor<T>, box_type: BoxTypeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy_box(&who, box_type).map(|_| ())
		}

		/// Reveal a bought box once its draw block has begun, and first every earlier
		/// unrevealed box of the same owner and type, in purchase order (so pity falls where
		/// the purchase order puts it). The treasures go to the boxes' owner. Its owner may
		/// reveal it from its draw block on; anyone else `RevealDeadline` blocks later. The
		/// result is fixed by the draw block's seed and what was known at purchase, whoever
		/// reveals it and whenever.
		///
		/// Signed: the box's owner, or anyone once the deadline has passed.
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::reveal_weight(T::MaxPendingPerAccount::get()))]
		pub fn reveal(origin: OriginFor<T>, id: BoxId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let revealed = Self::do_reveal_by(&who, id)?;
			Ok(Some(Self::reveal_weight(revealed)).into())
		}

		/// Mark `quantity` of `who`'s right `right` as used (delivered by the car maker).
		///
		/// Privileged: [`Config::OperatorOrigin`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::use_right())]
		pub fn use_right(
			origin: OriginFor<T>,
			who: <T::Lookup as StaticLookup>::Source,
			right: RightId,
			quantity: u32,
		) -> DispatchResult {
			T::OperatorOrigin::ensure_origin(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_use_right(&who, right, quantity)
		}

		/// Set the reveal delay of boxes bought from now on ([`MIN_REVEAL_DELAY`] to
		/// [`MAX_REVEAL_DELAY`] blocks): how many blocks' VRF outputs, produced after the
		/// purchase, a draw mixes.
		///
		/// Privileged: [`Config::BoxOrigin`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_reveal_delay())]
		pub fn set_reveal_delay(origin: OriginFor<T>, delay: BlockNumberFor<T>) -> DispatchResult {
			T::BoxOrigin::ensure_origin(origin)?;
			ensure!(delay >= MIN_REVEAL_DELAY.into(), Error::<T>::RevealDelayTooShort);
			ensure!(delay <= MAX_REVEAL_DELAY.into(), Error::<T>::RevealDelayTooLong);
			RevealDelay::<T>::put(delay);
			Self::deposit_event(Event::RevealDelaySet { delay });
			Ok(())
		}
	}
}
