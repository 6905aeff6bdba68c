// A telematics gateway for CSOP Chain with @polkadot/api: registers a car, has its owner
// consent to mileage mining, then submits the car's device-signed mileage report as a
// feeless general transaction (no account, no fee) built by hand.
//
//   node report.mjs [ws://127.0.0.1:9944]
//
// 1. Alice (the registrar on development chains) signs
//    `Vehicles.register(vehicle, device_key, model, activated_at_ms, owner = Bob,
//    angel_number = null)` (a car bought outside the angel round). The vehicle
//    id is blake2_256(salt ++ VIN): the VIN never goes on chain. A random VIN each run, so the
//    script can run again on the same chain.
// 2. Bob (the owner) signs `Vehicles.grant_consent(vehicle, None)`.
// 3. The car's device key (P-256, as car secure elements hold; WebCrypto signs ECDSA with
//    SHA-256, r ‖ s, exactly the chain's format) signs a MileageReport; the gateway wraps
//    `MileageMining.report(report, signature)` in an extrinsic of format version 5 with a
//    General preamble (see buildGeneralExtrinsic).
// 4. The same report with a bad signature is refused by the pool: RPC error 1010
//    "Custom error: 4" (BadSignature; docs/wallets.md, "Mileage reports", lists the codes).
// 5. The good one is submitted with author_submitAndWatchExtrinsic; once it is in a block, the
//    script finds the pallet's `MileageMining.MileageReported` event for it.
// 6. A report replaying sequence number 1 is refused: 1010 "Custom error: 5"
//    (StaleSequence). Resending the accepted bytes themselves is refused by the pool's
//    duplicate check first (1013 "Transaction Already Imported") for a few minutes.
//
// Progress goes to stderr; the result is one JSON line on stdout. Any failure prints
// {"ok":false,"error":...} and exits with status 1. Nothing takes longer than TIMEOUT_MS.
// polkadot.js warns at start-up "Unknown signed extensions AuthorizeCall, CheckKnownSigner
// found, treating them as no-effect": correct, they carry no data.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { compactAddLength, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, randomAsHex } from '@polkadot/util-crypto';

const URL = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 90_000;

// The registrar's VIN salt. A real registrar keeps its salt secret; this one is an example.
const VIN_SALT = 'csop-wallet-example';
// The context a device signs before the SCALE-encoded report (22 raw bytes, no length prefix).
const REPORT_SIGNING_CONTEXT = 'csop/mileage-report/v1';

// Extrinsic format version 5 with the General preamble bit: 0b0100_0000 | 5 = 0x45.
const GENERAL_EXTRINSIC_V5 = 0x40 | 5;
// The version of the transaction-extension pipeline (the metadata lists the extensions of
// each version; this runtime has version 0 only).
const EXTENSION_VERSION = 0;

const log = (...args) => console.error('[report]', ...args);

// A readable message for anything thrown or rejected (the WebSocket rejects with an event).
function describe(error) {
  if (error instanceof Error) return error.message;
  const message = error?.message ?? error?.error?.message;
  if (message) return message;
  try { return JSON.stringify(error); } catch { return String(error); }
}

function fail(error) {
  const message = describe(error);
  console.error(`[report] FAILED: ${message}`);
  console.log(JSON.stringify({ ok: false, error: message }));
  process.exit(1);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Resolves with what `executor(resolve, reject)` gives, or rejects after `ms` with `what`.
function withTimeout(what, ms, executor) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
    executor(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

// A failed dispatch, readable: a module error names its pallet and variant through the metadata
// (e.g. `vehicles.AlreadyRegistered`).
function describeDispatchError(api, dispatchError) {
  if (!dispatchError.isModule) return dispatchError.toString();
  const { section, name } = api.registry.findMetaError(dispatchError.asModule);
  return `${section}.${name}`;
}

// Signs and submits `tx` as `signer`; resolves when it is in a block (not yet final), with the
// block hash and the extrinsic's events. Rejects if refused or if its dispatch failed.
function signAndWaitInBlock(api, tx, signer, what) {
  return withTimeout(what, 45_000, (resolve, reject) => {
    let unsubscribe = () => {};
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isInBlock) {
        unsubscribe();
        if (dispatchError) {
          reject(new Error(`${what} failed: ${describeDispatchError(api, dispatchError)}`));
        } else {
          resolve({ blockHash: status.asInBlock.toHex(), events });
        }
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsubscribe();
        reject(new Error(`${what}: the pool gave up on it (${status.type})`));
      }
    }).then((unsub) => { unsubscribe = unsub; }, reject);
  });
}

// A P-256 device key, as a car's secure element holds one, made with WebCrypto: its public key
// in the chain's form (the 33-byte compressed point: 02/03 by the parity of y, then x), and
// ECDSA P-256 with SHA-256 signatures, which WebCrypto gives as r ‖ s (64 bytes): the
// chain's DeviceSignature::P256 as it is.
async function newP256Device() {
  const { subtle } = globalThis.crypto;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const { privateKey, publicKey } = await subtle.generateKey(algorithm, false, ['sign', 'verify']);
  const raw = new Uint8Array(await subtle.exportKey('raw', publicKey)); // 04 ‖ x ‖ y
  const compressed = new Uint8Array(33);
  compressed[0] = 2 + (raw[64] & 1);
  compressed.set(raw.subarray(1, 33), 1);
  const ecdsa = { name: 'ECDSA', hash: 'SHA-256' };
  return {
    publicKey: compressed,
    sign: async (bytes) => new Uint8Array(await subtle.sign(ecdsa, privateKey, bytes)),
    verify: (bytes, signature) => subtle.verify(ecdsa, publicKey, signature, bytes),
  };
}

// `MileageMining.report(report, signature)` as SCALE bytes, `report` signed by the P-256
// device `key`: signed bytes = b"csop/mileage-report/v1" ++ SCALE(report), the signature a
// DeviceSignature::P256 (r ‖ s). The call is encoded from the metadata.
async function signedReportCall(api, report, key) {
  const reportBytes = report.toU8a();
  check(reportBytes.length === 120, `a MileageReport encodes to 120 bytes, not ${reportBytes.length}`);
  const signedBytes = u8aConcat(stringToU8a(REPORT_SIGNING_CONTEXT), reportBytes);
  const signature = await key.sign(signedBytes);
  check(signature.length === 64 && await key.verify(signedBytes, signature),
    'the signature does not verify');
  return api.tx.mileageMining.report(report, { P256: signature }).method.toU8a();
}

// The explicit (transmitted) data of the transaction extensions of `EXTENSION_VERSION`, in the
// metadata's order, for a transaction without a signer: nonce 0, immortal era. Only
// CheckMortality (an Era) and CheckNonce (a Compact<u32>) carry data on this chain; the others
// encode to nothing. An extension with other data would need a value: fail loudly.
function explicitExtensions(api) {
  const { extrinsic } = api.registry.metadata;
  const indices = [...extrinsic.transactionExtensionsByVersion.entries()]
    .find(([version]) => version.toNumber() === EXTENSION_VERSION)?.[1];
  check(indices, `the metadata has no transaction extensions of version ${EXTENSION_VERSION}`);
  const parts = [...indices].map((i) => {
    const ext = extrinsic.transactionExtensions[i.toNumber()];
    const name = ext.identifier.toString();
    const type = api.registry.lookup.getTypeDef(ext.type).type;
    if (name === 'CheckMortality') return api.createType('ExtrinsicEra', '0x00').toU8a(); // immortal: 0x00
    if (name === 'CheckNonce') return api.createType('Compact<u32>', 0).toU8a(); // nonce 0: 0x00
    check(type === 'Null', `transaction extension ${name} carries data (${type}): add a value for it`);
    return new Uint8Array();
  });
  return u8aConcat(...parts);
}

// A general transaction (sp_runtime's `Preamble::General`) carrying `call`:
//
//   Compact<u32>(length of the rest)   SCALE compact length prefix, as for a Vec<u8>
//   0x45                               format version 5 | 0b0100_0000 (General)
//   0x00                               transaction-extension version (u8)
//   0x00 0x00                          explicit extensions: immortal era, Compact nonce 0
//   call                               pallet index, call index, arguments (SCALE)
//
// No address and no signature: the runtime's AuthorizeCall extension lets the mining pallet
// authorise the call by the device signature inside it.
function buildGeneralExtrinsic(api, call) {
  const body = u8aConcat(
    new Uint8Array([GENERAL_EXTRINSIC_V5, EXTENSION_VERSION]),
    explicitExtensions(api),
    call,
  );
  return compactAddLength(body);
}

// Submits raw extrinsic bytes with author_submitAndWatchExtrinsic (polkadot.js cannot encode a
// general extrinsic, so this goes straight to the provider) and resolves with the hash of the
// block that includes it. An extrinsic the pool refuses rejects with the RPC error.
function submitAndWaitInBlock(provider, hex) {
  return withTimeout('waiting for the report to be in a block', 45_000, (resolve, reject) => {
    let id = null;
    let done = false;
    const finish = (settle, value) => {
      if (done) return;
      done = true;
      if (id !== null) {
        provider.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', id).catch(() => {});
      }
      settle(value);
    };
    provider.subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', [hex], (error, status) => {
      if (error) return finish(reject, error);
      // Statuses: "ready", "future", {"broadcast":[...]}, {"inBlock":hash}, {"finalized":hash},
      // "invalid", "dropped", {"usurped":hash}, ...
      if (status?.inBlock) finish(resolve, status.inBlock);
      else if (['invalid', 'dropped'].includes(status) || status?.usurped || status?.finalityTimeout) {
        finish(reject, new Error(`the pool gave up on the report: ${JSON.stringify(status)}`));
      }
    }).then((subscription) => { id = subscription; }, (error) => finish(reject, error));
  });
}

// Submits raw bytes that the pool must refuse; returns the RPC error's {code, data}.
async function expectRefusal(provider, hex, what) {
  try {
    const hash = await provider.send('author_submitExtrinsic', [hex]);
    throw new Error(`${what} was accepted (${hash}), expected a refusal`);
  } catch (error) {
    if (error.code === undefined) throw error; // not an RPC error
    return { code: error.code, data: error.data ?? null, message: error.message };
  }
}

async function main() {
  const started = Date.now();
  log(`connecting to ${URL}`);
  await cryptoWaitReady();
  // Keep the provider: raw JSON-RPC calls go through it (provider.send / provider.subscribe).
  const provider = new WsProvider(URL);
  const api = await withTimeout(`connecting to ${URL}`, 30_000, (resolve, reject) => {
    ApiPromise.create({ provider, throwOnConnect: true })
      .then(resolve, (e) => reject(new Error(`cannot connect to ${URL}: ${describe(e)}`)));
  });
  const genesis = api.genesisHash.toHex();
  log(`connected: ${await api.rpc.system.chain()}, genesis ${genesis}`);

  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const alice = keyring.addFromUri('//Alice'); // registrar (development chains)
  const bob = keyring.addFromUri('//Bob'); // the car's owner
  // The car's device key: generated in the car's secure element in real life; a fresh P-256
  // key here (a device key may belong to one vehicle only).
  const device = await newP256Device();

  // --- 1. Register the car ---------------------------------------------------------------------
  const vin = `CSOPWX${randomAsHex(6).slice(2).toUpperCase()}`.slice(0, 17);
  const vehicle = blake2AsHex(u8aConcat(stringToU8a(VIN_SALT), stringToU8a(vin)), 256);
  const model = 1;
  const activatedAtMs = Date.now();
  log(`Alice registers VIN ${vin} as vehicle ${vehicle}, owner Bob,`
    + ` device key ${u8aToHex(device.publicKey)}`);
  const registered = await signAndWaitInBlock(api,
    api.tx.vehicles.register(vehicle, { P256: device.publicKey }, model, activatedAtMs, bob.address,
      null),
    alice, 'Vehicles.register');
  check(registered.events.some(({ event }) => api.events.vehicles.VehicleRegistered.is(event)
    && event.data.vehicle.toHex() === vehicle), 'no Vehicles.VehicleRegistered event');

  // --- 2. The owner consents (no expiry) -------------------------------------------------------
  log('Bob grants consent');
  const consented = await signAndWaitInBlock(api, api.tx.vehicles.grantConsent(vehicle, null), bob,
    'Vehicles.grant_consent');
  check(consented.events.some(({ event }) => api.events.vehicles.ConsentGranted.is(event)),
    'no Vehicles.ConsentGranted event');
  // The consent is dated by the chain's clock at its block; data must not predate it.
  const consentMs = (await api.query.timestamp.now.at(consented.blockHash)).toNumber();

  // --- 3. The car signs a report ---------------------------------------------------------------
  // The call's argument types come from the metadata (MileageReport, DeviceSignature).
  const reportFn = api.tx.mileageMining.report;
  const [reportType] = reportFn.meta.args.map((a) => a.type.toString());
  const report = api.createType(reportType, {
    genesis, // this chain only
    vehicle,
    seq: 1, // strictly increasing per vehicle
    odometerM: 12_345, // metres
    timeMs: Math.max(Date.now(), consentMs + 1), // device clock, ms since the unix epoch
    tripHash: blake2AsHex(stringToU8a(`trip data of ${vin} #1`), 256), // detailed data stays off chain
  });
  // The call, with the pallet and call indices from the metadata (MileageMining = 21, report = 0).
  const call = await signedReportCall(api, report, device);
  const pallet = api.registry.metadata.pallets.find((p) => p.name.toString() === 'MileageMining');
  check(call[0] === pallet.index.toNumber() && call[1] === reportFn.callIndex[1], 'unexpected call indices');
  const xt = buildGeneralExtrinsic(api, call);
  const xtHex = u8aToHex(xt);
  log(`general extrinsic (${xt.length} bytes): ${xtHex}`);

  // Cross-check: polkadot.js decodes general extrinsics (it cannot encode them).
  const decoded = api.createType('Extrinsic', xt);
  check(decoded.isGeneral() && !decoded.isSigned, 'polkadot.js does not decode it as a general extrinsic');
  check(decoded.era.isImmortalEra && decoded.nonce.toNumber() === 0, 'polkadot.js decodes other extensions');
  check(decoded.method.toHex() === u8aToHex(call), 'polkadot.js decodes another call');

  // --- 4. A bad signature is refused before it reaches a block ---------------------------------
  const forger = await newP256Device();
  const forged = buildGeneralExtrinsic(api, await signedReportCall(api, report, forger));
  const badSignature = await expectRefusal(provider, u8aToHex(forged), 'a report with a bad signature');
  log(`bad signature refused: ${badSignature.code} ${badSignature.data}`);
  check(badSignature.code === 1010 && badSignature.data === 'Custom error: 4',
    `bad signature: expected 1010 "Custom error: 4", got ${JSON.stringify(badSignature)}`);

  // --- 5. Submit the good report and find it in its block --------------------------------------
  const inBlock = await submitAndWaitInBlock(provider, xtHex);
  log(`report in block ${inBlock}`);
  // Find the report's index in the block by its bytes (the block body holds them unchanged).
  const { block } = await provider.send('chain_getBlock', [inBlock]);
  const index = block.extrinsics.indexOf(xtHex);
  check(index >= 0, `the report's bytes are not in block ${inBlock}`);
  // Its events: those of phase ApplyExtrinsic(index).
  const events = (await api.query.system.events.at(inBlock))
    .filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index)
    .map(({ event }) => event);
  const accepted = events.find((e) => api.events.mileageMining.MileageReported.is(e));
  const names = events.map((e) => `${e.section}.${e.method}`);
  check(accepted, `no MileageMining.MileageReported event; events: ${names}`);
  check(accepted.data.vehicle.toHex() === vehicle && accepted.data.seq.toNumber() === 1,
    `MileageReported for another report: ${JSON.stringify(accepted.data.toJSON())}`);
  check(events.some((e) => api.events.system.ExtrinsicSuccess.is(e)), 'no System.ExtrinsicSuccess event');

  // --- 6. Replays are refused ------------------------------------------------------------------
  // The very same bytes again: for a few minutes after inclusion the transaction pool still
  // knows them and answers 1013 "Transaction Already Imported" before the runtime sees them;
  // later the runtime refuses them as StaleSequence, like the replay below.
  const resent = await expectRefusal(provider, xtHex, 'the same report bytes again');
  log(`same bytes again refused: ${resent.code} ${resent.data}`);
  check(resent.code === 1013 || (resent.code === 1010 && resent.data === 'Custom error: 5'),
    `same bytes again: expected 1013 or 1010 "Custom error: 5", got ${JSON.stringify(resent)}`);
  // A replayed sequence number with a fresh reading and a valid signature: the runtime refuses
  // it, StaleSequence (5).
  const stale = api.createType(reportType,
    { ...report.toJSON(), odometerM: 12_400, timeMs: report.timeMs.toNumber() + 60_000 });
  const staleXt = buildGeneralExtrinsic(api, await signedReportCall(api, stale, device));
  const replay = await expectRefusal(provider, u8aToHex(staleXt), 'a report replaying seq 1');
  log(`seq 1 again refused: ${replay.code} ${replay.data}`);
  check(replay.code === 1010 && replay.data === 'Custom error: 5',
    `replay: expected 1010 "Custom error: 5", got ${JSON.stringify(replay)}`);

  // The chain's view of the car's mining (csop_vehicleMining, at the report's block).
  const mining = await provider.send('csop_vehicleMining', [vehicle, inBlock]);
  check(mining?.lastSeq === 1 && mining?.lastOdometerM === 12_345,
    `unexpected csop_vehicleMining ${JSON.stringify(mining)}`);

  await api.disconnect();
  console.log(JSON.stringify({
    ok: true,
    vin,
    vehicle,
    deviceKey: { scheme: 'p256', public: u8aToHex(device.publicKey) },
    registeredIn: registered.blockHash,
    consentIn: consented.blockHash,
    report: report.toJSON(),
    extrinsic: xtHex,
    extrinsicHash: blake2AsHex(xt, 256),
    inBlock,
    index,
    event: {
      name: `${accepted.section}.${accepted.method}`,
      data: Object.fromEntries(accepted.data.names.map((n, i) => [n, accepted.data[i].toJSON()])),
    },
    events: names,
    badSignature: { code: badSignature.code, data: badSignature.data },
    sameBytesAgain: { code: resent.code, data: resent.data },
    replay: { code: replay.code, data: replay.data },
    mining,
    seconds: (Date.now() - started) / 1000,
  }));
}

const watchdog = setTimeout(() => fail(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
main().then(() => { clearTimeout(watchdog); process.exit(0); }, fail);
