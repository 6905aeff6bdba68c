#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod functions;
mod impls;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use csop_primitives::{
	EntitlementKind, Entitlements, Meters, MiningRefusal, MiningVehicle, ModelId, Moment,
	OnMileageVerified, OnVehicleChange, OwnedVehicle, VehicleId, VehicleOwnership, VehicleRegistry,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// A vehicle record of this runtime.
pub type VehicleOf<T> = Vehicle<<T as frame_system::Config>::AccountId>;
/// A genesis vehicle of this runtime.
pub type GenesisVehicleOf<T> = GenesisVehicle<<T as frame_system::Config>::AccountId>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The car maker's registrar: registers, transfers, re-keys and deregisters vehicles.
		type RegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told before a vehicle changes owner or is deregistered (mileage mining settles what
		/// the vehicle earned so far to the owner who earned it).
		type OnVehicleChange: OnVehicleChange<Self::AccountId>;

		/// The current time, for consent grants and expiries.
		type Time: UnixTime;

		/// Most vehicles one account may own at once.
		#[pallet::constant]
		type MaxVehiclesPerOwner: Get<u32>;

		/// How many places the angel round has (3,000): the registrar gives angel numbers
		/// `1..=AngelVehicles`, each at most once.
		#[pallet::constant]
		type AngelVehicles: Get<u32>;

		/// Verified metres an angel vehicle must drive in one angel year, strictly more than,
		/// to earn an entitlement (5,000 km = 5,000,000 m).
		#[pallet::constant]
		type AngelYearlyThreshold: Get<Meters>;

		/// From this angel year on (counted from 0), the threshold earns a battery upgrade
		/// instead of a lidar upgrade (3).
		#[pallet::constant]
		type BatteryAfterYears: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every vehicle in service, by id.
	#[pallet::storage]
	pub type Vehicles<T: Config> = StorageMap<_, Blake2_128Concat, VehicleId, VehicleOf<T>>;

	/// The ids of deregistered vehicles: all the registry keeps of them, so that an id is
	/// never registered again.
	#[pallet::storage]
	pub type Tombstones<T: Config> = StorageMap<_, Blake2_128Concat, VehicleId, ()>;

	/// The active vehicles of each owner, in the order they were acquired.
	#[pallet::storage]
	pub type OwnerVehicles<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<VehicleId, T::MaxVehiclesPerOwner>,
		ValueQuery,
	>;

	/// The device-key index: `blake2_256(encoded key)` to the active vehicle with that key.
	/// (The hash is computed on chain, so `Identity` is balanced.)
	#[pallet::storage]
	pub type DeviceKeys<T: Config> = StorageMap<_, Identity, DeviceKeyHash, VehicleId>;

	/// How many vehicles were ever registered (deregistered ones included).
	#[pallet::storage]
	pub type RegisteredCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// How many angel numbers were given out.
	#[pallet::storage]
	pub type AngelCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The vehicle each angel number was given to (for ever: a number is never given twice).
	#[pallet::storage]
	pub type AngelNumbers<T: Config> = StorageMap<_, Twox64Concat, AngelNumber, VehicleId>;

	/// Verified metres driven by each angel vehicle in each angel year.
	#[pallet::storage]
	pub type AngelMileage<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		VehicleId,
		Twox64Concat,
		AngelYear,
		Meters,
		ValueQuery,
	>;

	/// The entitlements each vehicle earned, at most one of each kind.
	#[pallet::storage]
	pub type VehicleEntitlements<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		VehicleId,
		Twox64Concat,
		EntitlementKind,
		Entitlement,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Vehicles registered at genesis, with their angel numbers if any.
		pub vehicles: alloc::vec::Vec<GenesisVehicleOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for v in &self.vehicles {
				// Genesis may fail loudly: a chain spec with a bad vehicle must not start.
				Pallet::<T>::do_register(
					v.id,
					v.device_key.clone(),
					v.model,
					v.activated_at_ms,
					v.owner.clone(),
					v.angel_number,
				)
				.expect("genesis vehicles must have distinct ids, device keys and angel numbers");
				if let Some(consent) = v.consent {
					Vehicles::<T>::mutate(v.id, |vehicle| {
						if let Some(vehicle) = vehicle {
							vehicle.consent = Some(consent);
						}
					});
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `vehicle` was registered to `owner`; `angel_number` if it is an angel vehicle.
		VehicleRegistered {
			vehicle: VehicleId,
			owner: T::AccountId,
			model: ModelId,
			angel_number: Option<AngelNumber>,
		},
		/// `vehicle` passed from `from` to `to`. Its consent was reset: `to` must grant it.
		OwnershipTransferred { vehicle: VehicleId, from: T::AccountId, to: T::AccountId },
		/// The angel buyer's rights in `vehicle` (number `angel_number`) ended with its sale:
		/// its mileage no longer counts for the angel programme.
		AngelRightsEnded { vehicle: VehicleId, angel_number: AngelNumber },
		/// `vehicle`'s device now signs with `device_key`.
		DeviceKeyRotated { vehicle: VehicleId, device_key: DeviceKey },
		/// `vehicle`, last owned by `owner`, was deregistered.
		VehicleDeregistered { vehicle: VehicleId, owner: T::AccountId },
		/// `owner` consented to the use of `vehicle`'s data until `expires_at_ms` (or for ever).
		ConsentGranted { vehicle: VehicleId, owner: T::AccountId, expires_at_ms: Option<Moment> },
		/// `owner` revoked their consent for `vehicle`.
		ConsentRevoked { vehicle: VehicleId, owner: T::AccountId },
		/// Angel vehicle `vehicle` earned an entitlement of `kind` in angel year `year`.
		EntitlementEarned { vehicle: VehicleId, kind: EntitlementKind, year: AngelYear },
		/// `vehicle`'s entitlement of `kind` was redeemed by its owner `by`.
		EntitlementUsed { vehicle: VehicleId, kind: EntitlementKind, by: T::AccountId },
		/// `vehicle`'s used entitlement of `kind` was given back (its redemption was rejected).
		EntitlementRestored { vehicle: VehicleId, kind: EntitlementKind },
		/// `vehicle` passed from `from` to `to` in an account recovery: the same person's new
		/// account. Unlike a sale, nothing is reset: consent, rewards not yet claimed, angel
		/// rights and entitlements stay with the vehicle.
		OwnerRecovered { vehicle: VehicleId, from: T::AccountId, to: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A vehicle with this id is or was registered (ids are never reused).
		AlreadyRegistered,
		/// No vehicle with this id was ever registered.
		UnknownVehicle,
		/// The vehicle was deregistered.
		VehicleDeregistered,
		/// The device key belongs to another vehicle (or already to this one).
		DeviceKeyInUse,
		/// The device key is not a valid key of its type (a P-256 key that is not a compressed
		/// point on the curve).
		InvalidDeviceKey,
		/// The owner already has `MaxVehiclesPerOwner` vehicles.
		TooManyVehicles,
		/// The vehicle already belongs to that account.
		SameOwner,
		/// The caller is not the vehicle's owner.
		NotOwner,
		/// The consent's expiry is not in the future.
		ExpiryInPast,
		/// The vehicle has no consent to revoke.
		NoConsent,
		/// The vehicle has not earned an entitlement of that kind.
		NoEntitlement,
		/// The vehicle's entitlement of that kind is already used.
		EntitlementAlreadyUsed,
		/// The registered-vehicle counter would overflow.
		Overflow,
		/// The angel number is not a place of the angel round (`1..=AngelVehicles`).
		NotAnAngelPlace,
		/// The angel number was already given to another vehicle.
		AngelNumberTaken,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxVehiclesPerOwner::get() > 0, "MaxVehiclesPerOwner must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register `vehicle` (the salted VIN hash, never a raw VIN) with its device key, model
		/// and activation time, to its certified `owner`. `angel_number`: the buyer's place in
		/// the angel round (`1..=AngelVehicles`, from the maker's order book), if any; each is
		/// given once.
		///
		/// Privileged: [`Config::RegistrarOrigin`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			vehicle: VehicleId,
			device_key: DeviceKey,
			model: ModelId,
			activated_at_ms: Moment,
			owner: T::AccountId,
			angel_number: Option<AngelNumber>,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_register(vehicle, device_key, model, activated_at_ms, owner, angel_number)
		}

		/// Record the sale of `vehicle` to `new_owner`. Mileage mining first settles what the
		/// vehicle earned so far to the seller; the buyer must then grant consent anew. An angel
		/// buyer's rights end with the sale; entitlements already earned stay with the vehicle.
		///
		/// Privileged: [`Config::RegistrarOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::transfer_ownership()
				.saturating_add(T::OnVehicleChange::on_change_weight())
		)]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			vehicle: VehicleId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_transfer_ownership(vehicle, new_owner)
		}

		/// Replace `vehicle`'s device key (a replaced telematics unit).
		///
		/// Privileged: [`Config::RegistrarOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::rotate_device_key())]
		pub fn rotate_device_key(
			origin: OriginFor<T>,
			vehicle: VehicleId,
			new_key: DeviceKey,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_rotate_device_key(vehicle, new_key)
		}

		/// Take `vehicle` out of service for good. Mileage mining first settles what it earned
		/// to its owner; then the registry forgets the vehicle but its id, which stays taken.
		///
		/// Privileged: [`Config::RegistrarOrigin`].
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::deregister().saturating_add(T::OnVehicleChange::on_change_weight())
		)]
		pub fn deregister(origin: OriginFor<T>, vehicle: VehicleId) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::do_deregister(vehicle)
		}

		/// Consent to the use of the caller's `vehicle`'s driving data until `expires_at_ms`
		/// (exclusive) or for ever. A live consent continues with the new expiry; otherwise a
		/// new consent begins now.
		///
		/// Permissioned: the vehicle's certified owner.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::grant_consent())]
		pub fn grant_consent(
			origin: OriginFor<T>,
			vehicle: VehicleId,
			expires_at_ms: Option<Moment>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_consent(&who, vehicle, expires_at_ms)
		}

		/// Withdraw the consent for the caller's `vehicle`: its data is no longer mined.
		///
		/// Permissioned: the vehicle's certified owner.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(origin: OriginFor<T>, vehicle: VehicleId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_consent(&who, vehicle)
		}
	}
}
