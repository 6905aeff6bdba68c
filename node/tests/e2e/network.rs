//! The network proof, on real `csop-node` processes started by `scripts/local-testnet.sh`
//! (a generated chain spec with fresh keys, as an operator would start it):
//! 1. 4 validators produce and finalise blocks;
//! 2. one is killed (SIGKILL) and the other 3 keep finalising; a transaction submitted meanwhile is
//!    finalised;
//! 3. it restarts from its data, catches up, and has the same finalised blocks (nothing lost);
//! 4. a node whose peer id the consortium has not authorised cannot join: it never syncs;
//! 5. the consortium (3 of the 4 members) authorises a 5th node and adds its operator as a
//!    validator; the node syncs, sets session keys with an ownership proof
//!    (`author_rotateKeysWithOwner`) and authors blocks after the session change.

use std::{
	path::{Path, PathBuf},
	process::Command,
	thread::sleep,
	time::{Duration, Instant},
};

use crate::harness::{from_hex, header_number, to_hex, TempDir};
use codec::{Decode, Encode};
use csop_client::{
	chain,
	tx::{self, ChainInfo},
	Rpc,
};
use csop_runtime::{AccountId, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use frame_support::dispatch::GetDispatchInfo;
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_runtime::{traits::Hash as _, DigestItem, MultiAddress};

const VALIDATORS: usize = 4;
/// Sessions (= BABE epochs) last a minute; a validator set change takes two boundaries.
const SESSION_CHANGE_TIMEOUT: Duration = Duration::from_secs(300);
const TIMEOUT: Duration = Duration::from_secs(180);

fn script() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/local-testnet.sh")
}

/// A network started by the script, stopped (all nodes) when dropped.
struct Network {
	dir: TempDir,
	/// Nodes the test restarted itself (children of this process), reaped when it is dropped.
	restarted: std::cell::RefCell<Vec<std::process::Child>>,
}

impl Network {
	fn start(n: usize, p2p: u16, rpc: u16) -> Self {
		let dir = TempDir::new("network");
		let out = Command::new("bash")
			.arg(script())
			.args(["-n", &n.to_string(), "--detach", "--no-build"])
			.arg("--dir")
			.arg(dir.path())
			.args(["--p2p-port", &p2p.to_string(), "--rpc-port", &rpc.to_string()])
			.env("CSOP_NODE_BIN", env!("CARGO_BIN_EXE_csop-node"))
			.output()
			.expect("the script runs");
		let net = Network { dir, restarted: Default::default() };
		assert!(
			out.status.success(),
			"local-testnet.sh failed:\n{}\n{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
		let printed = String::from_utf8_lossy(&out.stdout);
		for i in 1..=n {
			assert!(
				printed.contains(&format!("ws://127.0.0.1:{}", rpc + i as u16 - 1)),
				"{printed}"
			);
		}
		net
	}

	fn node_dir(&self, i: usize) -> PathBuf {
		self.dir.path().join(format!("node-{i}"))
	}

	fn file(&self, i: usize, name: &str) -> String {
		std::fs::read_to_string(self.node_dir(i).join(name)).unwrap().trim().to_owned()
	}

	fn rpc(&self, i: usize) -> Rpc {
		Rpc::local(self.file(i, "rpc-port").parse().unwrap())
	}

	/// Validator `i`'s account key (its phrase is in its directory).
	fn key(&self, i: usize) -> sr25519::Pair {
		sr25519::Pair::from_phrase(&self.file(i, "phrase"), None).unwrap().0
	}

	fn log_tail(&self, i: usize) -> String {
		let log = std::fs::read_to_string(self.node_dir(i).join("node.log")).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(30)..].join("\n")
	}

	fn kill(&self, i: usize) {
		let pid = self.file(i, "pid");
		assert!(Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
		let gone = Instant::now() + Duration::from_secs(30);
		while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < gone {
			sleep(Duration::from_millis(100));
		}
		std::fs::remove_file(self.node_dir(i).join("pid")).unwrap();
	}

	/// Restarts node `i` with the command line the script recorded.
	fn restart(&self, i: usize) {
		let child = Command::new("bash")
			.arg(self.node_dir(i).join("cmd"))
			.spawn()
			.expect("the node restarts");
		std::fs::write(self.node_dir(i).join("pid"), child.id().to_string()).unwrap();
		self.restarted.borrow_mut().push(child);
	}

	/// Starts an extra node `i` (not in genesis) with a fresh node key, booting from validator
	/// 1, the way docs/operators.md describes joining; its peer id (libp2p multihash bytes).
	fn start_extra(&self, i: usize, rpc_port: u16, p2p_port: u16, validator: bool) -> Vec<u8> {
		let d = self.node_dir(i);
		std::fs::create_dir_all(&d).unwrap();
		let bin = env!("CARGO_BIN_EXE_csop-node");
		let node_key = d.join("node-key");
		assert!(Command::new(bin)
			.args(["key", "generate-node-key", "--file"])
			.arg(&node_key)
			.stderr(std::process::Stdio::null())
			.status()
			.unwrap()
			.success());
		let boot = format!(
			"/ip4/127.0.0.1/tcp/{}/p2p/{}",
			self.file(1, "p2p-port"),
			self.file(1, "peer-id")
		);
		let spec = self.dir.path().join("chain-spec-raw.json");
		let role = if validator { "--validator" } else { "" };
		let cmd = format!(
			"exec {bin} --chain {} --base-path {} {role} --name node-{i} \
			 --node-key-file {} --rpc-port {rpc_port} --listen-addr /ip4/127.0.0.1/tcp/{p2p_port} \
			 --no-mdns --no-prometheus --no-telemetry --allow-private-ip --bootnodes {boot} \
			 >>{} 2>&1\n",
			spec.display(),
			d.display(),
			node_key.display(),
			d.join("node.log").display()
		);
		std::fs::write(d.join("cmd"), cmd).unwrap();
		std::fs::write(d.join("rpc-port"), rpc_port.to_string()).unwrap();
		self.restart(i);
		// The node key file holds the ed25519 secret seed in hex; the peer id is the identity
		// multihash of the protobuf-encoded public key.
		let seed: [u8; 32] =
			from_hex(std::fs::read_to_string(&node_key).unwrap().trim()).try_into().unwrap();
		let public = sp_core::ed25519::Pair::from_seed(&seed).public();
		[&[0x00, 0x24, 0x08, 0x01, 0x12, 0x20][..], &public.0[..]].concat()
	}

	/// A consortium motion: validator 1 proposes `call` with a threshold of 3 (of 4 members),
	/// validators 1 to 3 vote aye, validator 4 closes it; the events of the close.
	fn motion(&self, call: RuntimeCall) -> Vec<RuntimeEvent> {
		let length_bound = call.encoded_size() as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <csop_runtime::Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let index: u32 =
			storage(&self.rpc(1), "ConsortiumCollective", "ProposalCount", None).unwrap_or(0);
		let collective = |c| RuntimeCall::ConsortiumCollective(c);
		let propose = collective(pallet_collective::Call::propose {
			threshold: 3,
			proposal: Box::new(call),
			length_bound,
		});
		assert_succeeded(&submit_finalized(self, 1, &signed(&self.rpc(1), propose, &self.key(1))));
		// Proposing does not count as a vote: the proposer votes too.
		for i in [1, 2, 3] {
			let vote =
				collective(pallet_collective::Call::vote { proposal: hash, index, approve: true });
			assert_succeeded(&submit_finalized(self, i, &signed(&self.rpc(i), vote, &self.key(i))));
		}
		let close = collective(pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound,
		});
		submit_finalized(self, 4, &signed(&self.rpc(4), close, &self.key(4)))
	}

	fn wait(&self, i: usize, what: &str, timeout: Duration, cond: impl Fn(&Rpc) -> bool) {
		let rpc = self.rpc(i);
		let deadline = Instant::now() + timeout;
		while Instant::now() < deadline {
			if cond(&rpc) {
				return;
			}
			sleep(Duration::from_millis(500));
		}
		panic!("node {i}: timed out waiting for {what}\n{}", self.log_tail(i));
	}
}

impl Drop for Network {
	fn drop(&mut self) {
		let _ = Command::new("bash")
			.arg(script())
			.args(["--stop", "--dir"])
			.arg(self.dir.path())
			.output();
		for mut child in self.restarted.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

fn call(rpc: &Rpc, method: &str, params: Value) -> Option<Value> {
	rpc.call(method, params).ok()
}

// The readings below are 0 or `None` while a node does not answer (it may be down on purpose).
fn finalized(rpc: &Rpc) -> u32 {
	chain::finalized_number(rpc).unwrap_or(0)
}

fn best(rpc: &Rpc) -> u32 {
	chain::best_number(rpc).unwrap_or(0)
}

fn hash_at(rpc: &Rpc, n: u32) -> Option<String> {
	chain::block_hash(rpc, n).ok().flatten()
}

/// A storage value at block `at` (best if `None`), decoded.
fn storage<T: Decode>(rpc: &Rpc, pallet: &str, item: &str, at: Option<&str>) -> Option<T> {
	chain::storage(rpc, &chain::value_key(pallet, item), at).ok().flatten()
}

/// Submits `xt` to node `i` and waits until a block that includes it is finalised there; the
/// events it emitted.
fn submit_finalized(net: &Network, i: usize, xt: &UncheckedExtrinsic) -> Vec<RuntimeEvent> {
	let rpc = net.rpc(i);
	let from = best(&rpc);
	tx::submit(&rpc, xt).unwrap_or_else(|e| panic!("submit failed: {e:?}"));
	let xt_hex = to_hex(&xt.encode());
	match chain::find_extrinsic(&rpc, &xt_hex, from, chain::Head::Finalized, TIMEOUT) {
		Ok(Some(found)) => chain::extrinsic_events(&rpc, &found.hash, found.index)
			.unwrap_or_else(|e| panic!("events: {e}\n{}", net.log_tail(i))),
		Ok(None) => panic!("extrinsic not finalised\n{}", net.log_tail(i)),
		Err(e) => panic!("reading blocks failed: {e}\n{}", net.log_tail(i)),
	}
}

fn signed(rpc: &Rpc, call: RuntimeCall, who: &sr25519::Pair) -> UncheckedExtrinsic {
	let info = ChainInfo::fetch(rpc).unwrap();
	let nonce = tx::next_nonce(rpc, who).unwrap();
	tx::signed(&info, call, who, who, nonce)
}

fn assert_succeeded(events: &[RuntimeEvent]) {
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
		)),
		"{events:?}"
	);
}

/// The BABE authority that authored block `hash`.
fn author(rpc: &Rpc, hash: &str) -> Option<sp_consensus_babe::AuthorityId> {
	let header = call(rpc, "chain_getHeader", json!([hash]))?;
	let logs = header["digest"]["logs"].as_array()?.clone();
	let index = logs.iter().find_map(|log| {
		let item = DigestItem::decode(&mut &from_hex(log.as_str()?)[..]).ok()?;
		let pre = item.pre_runtime_try_to::<sp_consensus_babe::digests::PreDigest>(
			&sp_consensus_babe::BABE_ENGINE_ID,
		)?;
		Some(pre.authority_index())
	})?;
	let authorities: Vec<(sp_consensus_babe::AuthorityId, u64)> =
		storage(rpc, "Babe", "Authorities", Some(hash))?;
	authorities.get(index as usize).map(|(id, _)| id.clone())
}

#[test]
fn validators_finalise_survive_a_failure_catch_up_and_admit_a_fifth_by_governance() {
	// Ports in a range of their own (the script numbers them consecutively), below the range
	// the OS hands out for outgoing connections and port 0 (32768 and up on Linux).
	let base = 20_000 + (std::process::id() % 1_200) as u16 * 10;
	let net = Network::start(VALIDATORS, base, base + 5);

	// 1. Four validators finalise.
	for i in 1..=VALIDATORS {
		net.wait(i, "3 peers and finalised block #3", TIMEOUT, |rpc| {
			let peers = call(rpc, "system_health", json!([]))
				.and_then(|h| h["peers"].as_u64())
				.unwrap_or(0);
			peers >= (VALIDATORS - 1) as u64 && finalized(rpc) >= 3
		});
	}
	let genesis_validators: Vec<AccountId> =
		storage(&net.rpc(1), "Session", "Validators", None).unwrap();
	assert_eq!(genesis_validators.len(), VALIDATORS);

	// 2. Validator 4 dies; the other 3 (3/4 > 2/3 of GRANDPA's weight) keep finalising.
	net.kill(VALIDATORS);
	let at_kill = finalized(&net.rpc(1));
	for i in 1..VALIDATORS {
		net.wait(i, "finality to go on without validator 4", TIMEOUT, |rpc| {
			finalized(rpc) >= at_kill + 5
		});
	}
	// A transaction submitted while it is down is finalised.
	let user = sp_keyring::Sr25519Keyring::Eve.pair();
	let remark = RuntimeCall::System(frame_system::Call::remark_with_event {
		remark: b"while validator 4 was down".to_vec(),
	});
	let xt = signed(&net.rpc(2), remark, &user);
	assert_succeeded(&submit_finalized(&net, 2, &xt));
	let target = finalized(&net.rpc(1));

	// 3. It restarts from its data and catches up: same finalised blocks, nothing lost.
	net.restart(VALIDATORS);
	net.wait(VALIDATORS, "the restarted validator to catch up", TIMEOUT, |rpc| {
		finalized(rpc) >= target
	});
	for n in [1, at_kill, target] {
		assert_eq!(
			hash_at(&net.rpc(VALIDATORS), n),
			hash_at(&net.rpc(1), n),
			"block #{n} is the same on the restarted validator"
		);
	}
	let nonce_on = |i: usize| {
		call(
			&net.rpc(i),
			"system_accountNextIndex",
			json!([AccountId::from(user.public()).to_ss58check()]),
		)
		.and_then(|v| v.as_u64())
	};
	assert_eq!(nonce_on(VALIDATORS), nonce_on(1), "the transaction is on the restarted node");

	// 4. A node the consortium has not authorised connects to validator 1 but never syncs (checked
	//    at the end, after minutes of blocks).
	let intruder = VALIDATORS + 2;
	net.start_extra(intruder, base + 10, base + 11, false);

	// 5. The consortium authorises a 5th node and adds its operator as a validator.
	let fifth = VALIDATORS + 1;
	let (v5, _) = sr25519::Pair::generate();
	let v5_account = AccountId::from(v5.public());
	let peer5 = net.start_extra(fifth, base + 9, base + 4, true);
	let authorise =
		RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
			node: sp_core::OpaquePeerId(peer5.clone()),
			owner: MultiAddress::Id(v5_account.clone()),
		});
	let events = net.motion(authorise);
	assert!(
		events.contains(&RuntimeEvent::NodeAuthorization(
			pallet_node_authorization::Event::NodeAdded {
				peer_id: sp_core::OpaquePeerId(peer5),
				who: v5_account.clone()
			}
		)),
		"{events:?}"
	);
	net.wait(fifth, "the authorised node to sync", TIMEOUT, |rpc| best(rpc) >= target);
	let add = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
		who: MultiAddress::Id(v5_account.clone()),
	});
	let events = net.motion(add);
	assert!(
		events.contains(&RuntimeEvent::ValidatorSet(pallet_validator_set::Event::ValidatorAdded {
			who: v5_account.clone()
		})),
		"{events:?}"
	);

	// The new operator generates session keys on its node with a proof of ownership and
	// registers them, signing with its (now known) validator account.
	let generated =
		call(&net.rpc(fifth), "author_rotateKeysWithOwner", json!([to_hex(&v5_account.encode())]))
			.expect(
				"rotateKeysWithOwner on the new node's RPC (localhost: unsafe methods allowed)",
			);
	let keys =
		csop_runtime::SessionKeys::decode(&mut &from_hex(generated["keys"].as_str().unwrap())[..])
			.expect("session keys decode");
	let proof = from_hex(generated["proof"].as_str().unwrap());
	let set_keys =
		RuntimeCall::Session(pallet_session::Call::set_keys { keys: keys.clone(), proof });
	assert_succeeded(&submit_finalized(&net, fifth, &signed(&net.rpc(fifth), set_keys, &v5)));

	// After the session change it is a validator and authors blocks.
	net.wait(1, "the 5th validator in the session's validators", SESSION_CHANGE_TIMEOUT, |rpc| {
		storage::<Vec<AccountId>>(rpc, "Session", "Validators", None)
			.is_some_and(|v| v.contains(&v5_account))
	});
	let next = std::cell::Cell::new(best(&net.rpc(1)));
	net.wait(1, "a block authored by the 5th validator", SESSION_CHANGE_TIMEOUT, |rpc| {
		while next.get() <= best(rpc) {
			let n = next.get();
			next.set(n + 1);
			if hash_at(rpc, n).and_then(|h| author(rpc, &h)).is_some_and(|a| a == keys.babe) {
				return true;
			}
		}
		false
	});
	// And finality goes on with 5.
	let now = finalized(&net.rpc(1));
	net.wait(fifth, "finality with 5 validators", TIMEOUT, |rpc| finalized(rpc) >= now + 3);

	// The unauthorised node is still at genesis, minutes of blocks later.
	let head = call(&net.rpc(intruder), "chain_getHeader", json!([]))
		.unwrap_or_else(|| panic!("the unauthorised node runs\n{}", net.log_tail(intruder)));
	assert_eq!(
		header_number(&head),
		0,
		"an unauthorised node must not sync\n{}",
		net.log_tail(intruder)
	);
	assert_eq!(hash_at(&net.rpc(intruder), 0), hash_at(&net.rpc(1), 0), "same chain spec");
}
