//! A wallet for CSOP Chain with subxt 0.50 (Rust, dynamic API: no code generated from the
//! chain's metadata, no chain crate depended on).
//!
//!   csop-wallet-example [ws://127.0.0.1:9944]
//!
//! 1. Reads a balance from storage (`System.Account` of Alice), the stones supply through a runtime
//!    API of the chain (`StonesApi_supply`), and the same figure through the node's own JSON-RPC
//!    method (`csop_supply`, which subxt calls raw: it does not know it).
//! 2. Signs and submits an ordinary signed extrinsic as a wallet does (Bob,
//!    `System.remark_with_event`, subxt's default parameters: mortal, nonce from the node), waits
//!    until GRANDPA finalises its block and decodes its events.
//! 3. Submits a call that fails in dispatch (Bob buys a mine box without crystals) and reads the
//!    pallet's named error from the `ExtrinsicFailed` event (`MineBoxes.InsufficientCrystals`).
//!
//! Progress goes to stderr; the result is one JSON line on stdout. Any failure prints
//! `{"ok":false,"error":...}` and exits with status 1. Nothing takes longer than `TIMEOUT`.

use std::time::Duration;

use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{At, Value},
	error::{DispatchError, TransactionEventsError},
	rpcs::{rpc_params, RpcClient},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::dev;

const TIMEOUT: Duration = Duration::from_secs(90);

type Result<T> = std::result::Result<T, String>;

fn main() {
	let url = std::env::args().nth(1).unwrap_or_else(|| "ws://127.0.0.1:9944".into());
	let runtime = tokio::runtime::Builder::new_current_thread()
		.enable_all()
		.build()
		.expect("a tokio runtime");
	let result = runtime.block_on(async {
		tokio::time::timeout(TIMEOUT, wallet(&url))
			.await
			.unwrap_or_else(|_| Err(format!("timed out after {TIMEOUT:?}")))
	});
	match result {
		Ok(v) => println!("{v}"),
		Err(e) => {
			println!("{}", json!({ "ok": false, "error": e }));
			std::process::exit(1);
		},
	}
}

async fn wallet(url: &str) -> Result<Json> {
	let rpc = RpcClient::from_insecure_url(url).await.map_err(|e| format!("connect: {e}"))?;
	let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc.clone())
		.await
		.map_err(|e| format!("metadata: {e}"))?;
	eprintln!("[wallet.rs] connected to {url}");

	// 1. Reads.
	let at = api.at_current_block().await.map_err(|e| format!("best block: {e}"))?;
	let account = subxt::dynamic::storage::<([u8; 32],), Value>("System", "Account");
	let alice = dev::alice().public_key().0;
	let info = at
		.storage()
		.fetch(account, (alice,))
		.await
		.map_err(|e| format!("System.Account: {e}"))?
		.decode()
		.map_err(|e| format!("System.Account: {e}"))?;
	let free = info.at("data").at("free").and_then(|v| v.as_u128()).ok_or("no data.free")?;

	let supply = subxt::dynamic::runtime_api_call::<_, Value>("StonesApi", "supply", ());
	let supply = at.runtime_apis().call(supply).await.map_err(|e| format!("StonesApi: {e}"))?;
	let max_supply = supply.at("max_supply").and_then(|v| v.as_u128()).ok_or("no max_supply")?;
	// The node's own method: JSON with amounts as decimal strings.
	let rpc_supply: Json = rpc
		.request("csop_supply", rpc_params![])
		.await
		.map_err(|e| format!("csop_supply: {e}"))?;
	eprintln!("[wallet.rs] Alice holds {free}; max supply {max_supply}");

	// 2. A signed transaction, watched to finality.
	let remark = subxt::dynamic::tx(
		"System",
		"remark_with_event",
		vec![Value::from_bytes(b"hello from subxt".to_vec())],
	);
	let (block, extrinsic, events) = submit_as_bob(&api, remark).await?;
	let events = events.map_err(|e| format!("remark failed: {e}"))?;
	let names = events
		.iter()
		.map(|e| e.map(|e| format!("{}.{}", e.pallet_name(), e.event_name())))
		.collect::<std::result::Result<Vec<_>, _>>()
		.map_err(|e| format!("events: {e}"))?;
	eprintln!("[wallet.rs] remark finalised in {block}: {names:?}");

	// 3. A call that fails in dispatch: its module error, by name.
	let buy = subxt::dynamic::tx("MineBoxes", "buy_box", vec![Value::u128(0)]);
	let (_, _, outcome) = submit_as_bob(&api, buy).await?;
	let buy_box_error = match outcome {
		Ok(_) => return Err("buying a box without crystals succeeded".into()),
		Err(TransactionEventsError::ExtrinsicFailed(DispatchError::Module(e))) => {
			let d = e.details().map_err(|e| format!("module error: {e}"))?;
			format!("{}.{}", d.pallet.name(), d.variant.name)
		},
		Err(e) => return Err(format!("buy_box failed otherwise: {e}")),
	};
	eprintln!("[wallet.rs] buy_box refused: {buy_box_error}");

	Ok(json!({
		"ok": true,
		"alice": { "free": free.to_string() },
		"supply": { "maxSupply": max_supply.to_string(), "rpc": rpc_supply },
		"remark": { "extrinsic": format!("{extrinsic:?}"), "finalizedIn": format!("{block:?}") },
		"events": names,
		"buyBoxError": buy_box_error,
	}))
}

/// Signs `call` as Bob with subxt's default parameters, submits it at the current block and
/// waits for it to be finalised: the block, the extrinsic hash, and its events or the error it
/// failed with in dispatch.
async fn submit_as_bob(
	api: &OnlineClient<PolkadotConfig>,
	call: subxt::tx::DynamicPayload<Vec<Value>>,
) -> Result<(
	subxt::utils::H256,
	subxt::utils::H256,
	std::result::Result<subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>, TransactionEventsError>,
)> {
	let in_block = api
		.at_current_block()
		.await
		.map_err(|e| format!("best block: {e}"))?
		.transactions()
		.sign_and_submit_then_watch_default(&call, &dev::bob())
		.await
		.map_err(|e| format!("submit: {e}"))?
		.wait_for_finalized()
		.await
		.map_err(|e| format!("finality: {e}"))?;
	let events = in_block.wait_for_success().await;
	Ok((in_block.block_hash(), in_block.extrinsic_hash(), events))
}
