//! `csop_vehicle`, `csop_vehiclesOf`: the vehicle registry over JSON-RPC, read through the
//! runtime's `VehiclesApi`. (The mining state of a vehicle is in [`super::mining`].)
//!
//! A malformed account or vehicle id is an `invalid params` error (-32602); an unknown vehicle
//! is `null`.

use std::sync::Arc;

use csop_primitives::DeviceKey;
use csop_primitives::{Meters, ModelId, Moment, VehicleId};
use csop_runtime::{opaque::Block, AccountId, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_vehicles::{
	runtime_api::{VehicleDetails, VehiclesApi},
	AngelNumber, AngelYear,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use super::common::{block_at, invalid_params, parse_account, parse_hex, runtime_error};

/// Parses a vehicle id: `0x` and 64 hex digits (the salted VIN hash).
pub fn parse_vehicle_id(input: &str) -> Result<VehicleId, ErrorObjectOwned> {
	parse_hex::<32>(input).map(VehicleId::from).ok_or_else(|| {
		invalid_params(format!(
			"invalid vehicle id {input:?}: expected a 0x-prefixed 32-byte hex id (the salted VIN \
			 hash)"
		))
	})
}

/// A device key: its signature scheme and public key.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct DeviceKeyJson {
	/// `sr25519`, `ed25519`, `ecdsa` (secp256k1) or `p256` (secp256r1, compressed).
	pub scheme: &'static str,
	/// The public key, 0x-prefixed hex.
	pub public: String,
}

impl From<&DeviceKey> for DeviceKeyJson {
	fn from(key: &DeviceKey) -> Self {
		let (scheme, bytes): (&str, &[u8]) = match key {
			DeviceKey::Sr25519(k) => ("sr25519", k.as_ref()),
			DeviceKey::Ed25519(k) => ("ed25519", k.as_ref()),
			DeviceKey::Ecdsa(k) => ("ecdsa", k.as_ref()),
			DeviceKey::P256(k) => ("p256", &k.0[..]),
		};
		DeviceKeyJson {
			scheme,
			public: format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes)),
		}
	}
}

/// The owner's consent to mining the vehicle's data.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ConsentJson {
	pub granted_at_ms: Moment,
	/// `null`: until revoked.
	pub expires_at_ms: Option<Moment>,
}

/// Verified metres in one angel year.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct AngelYearJson {
	pub year: AngelYear,
	pub meters: Meters,
}

/// A hardware entitlement the angel programme granted.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EntitlementJson {
	pub kind: String,
	pub earned_in_year: AngelYear,
	pub earned_at_ms: Moment,
	pub status: String,
}

/// A vehicle's registration, as `csop_vehicle` returns it.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VehicleJson {
	pub id: String,
	/// The owner, as an SS58 address.
	pub owner: String,
	pub device_key: DeviceKeyJson,
	pub model: ModelId,
	pub activated_at_ms: Moment,
	/// `null`: no live consent.
	pub consent: Option<ConsentJson>,
	/// Its place in the angel round; `null` if it is not an angel vehicle.
	pub angel_number: Option<AngelNumber>,
	/// When the angel buyer's rights ended (the car's sale); `null` while they hold.
	pub angel_ended_at_ms: Option<Moment>,
	pub angel_mileage: Vec<AngelYearJson>,
	pub entitlements: Vec<EntitlementJson>,
}

impl VehicleJson {
	fn new(id: VehicleId, v: VehicleDetails<AccountId>) -> Self {
		VehicleJson {
			id: format!("{id:?}"),
			owner: v.owner.to_ss58check(),
			device_key: (&v.device_key).into(),
			model: v.model,
			activated_at_ms: v.activated_at_ms,
			consent: v.consent.map(|c| ConsentJson {
				granted_at_ms: c.granted_at_ms,
				expires_at_ms: c.expires_at_ms,
			}),
			angel_number: v.angel_number,
			angel_ended_at_ms: v.angel_ended_at_ms,
			angel_mileage: v
				.angel_mileage
				.iter()
				.map(|y| AngelYearJson { year: y.year, meters: y.meters })
				.collect(),
			entitlements: v
				.entitlements
				.iter()
				.map(|e| EntitlementJson {
					kind: format!("{:?}", e.kind),
					earned_in_year: e.earned_in_year,
					earned_at_ms: e.earned_at_ms,
					status: format!("{:?}", e.status),
				})
				.collect(),
		}
	}
}

/// The answer of `csop_vehiclesOf`.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct VehiclesOfJson {
	/// The account, as an SS58 address.
	pub account: String,
	/// The ids of the vehicles it owns.
	pub vehicles: Vec<String>,
}

/// The `csop_*` vehicle registry methods.
#[rpc(server, namespace = "csop")]
pub trait VehiclesRpc {
	/// A vehicle's registration: owner, device key, model, activation, consent, angel
	/// programme progress and entitlements; `null` if unknown or deregistered (the chain keeps
	/// only the id of a deregistered vehicle).
	#[method(name = "vehicle")]
	fn vehicle(&self, id: String, at: Option<Hash>) -> RpcResult<Option<VehicleJson>>;

	/// The ids of the vehicles `account` owns.
	#[method(name = "vehiclesOf")]
	fn vehicles_of(&self, account: String, at: Option<Hash>) -> RpcResult<VehiclesOfJson>;
}

/// Implements [`VehiclesRpcServer`] on a client.
pub struct Vehicles<C> {
	client: Arc<C>,
}

impl<C> Vehicles<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> VehiclesRpcServer for Vehicles<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: VehiclesApi<Block, AccountId>,
{
	fn vehicle(&self, id: String, at: Option<Hash>) -> RpcResult<Option<VehicleJson>> {
		let id = parse_vehicle_id(&id)?;
		let at = block_at(&*self.client, at)?;
		let v = self.client.runtime_api().vehicle(at, id).map_err(runtime_error)?;
		Ok(v.map(|v| VehicleJson::new(id, v)))
	}

	fn vehicles_of(&self, account: String, at: Option<Hash>) -> RpcResult<VehiclesOfJson> {
		let who = parse_account(&account)?;
		let at = block_at(&*self.client, at)?;
		let ids = self.client.runtime_api().vehicles_of(at, who.clone()).map_err(runtime_error)?;
		Ok(VehiclesOfJson {
			account: who.to_ss58check(),
			vehicles: ids.iter().map(|id| format!("{id:?}")).collect(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use jsonrpsee::types::error::INVALID_PARAMS_CODE;

	#[test]
	fn vehicle_ids_parse_and_bad_ones_are_refused_clearly() {
		let id = VehicleId::repeat_byte(0xab);
		assert_eq!(parse_vehicle_id(&format!("{id:?}")).unwrap(), id);
		for bad in ["", "0x", "abab", "0x12", &format!("{id:?}00"), "WBA0000000000000"] {
			let e = parse_vehicle_id(bad).unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE, "{bad}");
			assert!(e.message().contains("salted VIN hash"), "{bad}");
		}
	}

	#[test]
	fn device_keys_show_their_scheme_and_hex() {
		let key = DeviceKey::Ed25519(sp_core::ed25519::Public::from_raw([7; 32]));
		let json = DeviceKeyJson::from(&key);
		assert_eq!(json.scheme, "ed25519");
		assert_eq!(json.public, format!("0x{}", "07".repeat(32)));
		let key = DeviceKey::P256(csop_primitives::P256Public([3; 33]));
		let json = DeviceKeyJson::from(&key);
		assert_eq!(json.scheme, "p256");
		assert_eq!(json.public, format!("0x{}", "03".repeat(33)));
	}
}
