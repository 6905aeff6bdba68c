// A wallet for CSOP Chain with @polkadot/api: what a wallet author needs, in one file.
//
//   node wallet.mjs [ws://127.0.0.1:9944]
//
// 1. Connects and reads chain-specific figures over the node's `csop_*` JSON-RPC methods
//    (`csop_supply`, `csop_equityShare`) and a balance from storage (`System.Account`).
// 2. Signs and submits an ordinary signed extrinsic as a wallet does (Bob,
//    `System.remark_with_event`), watches it until GRANDPA finalises its block and decodes its
//    events (`System.Remarked`, `System.ExtrinsicSuccess`). There is no fee: CSOP Chain has no
//    transaction-payment pallet; instead only accounts known to the chain may sign (the dev
//    accounts are).
// 3. Shows that the runtime metadata is all a generic client needs: every call of the chain's
//    own pallets is built from the metadata with sample arguments generated from the argument
//    types, encoded, and decoded back to the same call.
//
// Progress goes to stderr; the result is one JSON line on stdout. Any failure prints
// {"ok":false,"error":...} and exits with status 1. Nothing takes longer than TIMEOUT_MS.
//
// Expect one warning from polkadot.js at start-up:
//   REGISTRY: Unknown signed extensions AuthorizeCall, CheckKnownSigner found, treating them as no-effect
// That is correct: both transaction extensions carry no data (neither in the extrinsic nor in
// the signed payload), so "no effect" is exactly how a client must treat them.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { stringCamelCase, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const URL = process.argv[2] ?? 'ws://127.0.0.1:9944';
const TIMEOUT_MS = 90_000;

// The chain's own pallets (the others are standard Substrate pallets).
const OWN_PALLETS = [
  'Stones', 'Vehicles', 'MileageMining', 'Crystals', 'MineBoxes', 'Redemptions', 'Consortium',
  'ValidatorSet',
];

// The `csop_*` methods are not known to polkadot.js: declare the ones this wallet uses, so they
// appear as `api.rpc.csop.*`. They answer JSON objects (amounts as decimal strings, since a
// u128 does not fit a JavaScript number), hence the result type `Json`. Without a declaration,
// any method can still be called raw through the provider:
// `const provider = new WsProvider(URL); ...; await provider.send('csop_supply', [])`.
const CSOP_RPC = {
  csop: {
    supply: {
      description: 'Stones supply figures (decimal strings in the smallest unit)',
      params: [{ name: 'at', type: 'Hash', isOptional: true }],
      type: 'Json',
    },
    equityShare: {
      description: "An account's stones and the equity share they stand for (parts per billion)",
      params: [
        { name: 'account', type: 'Text' }, // SS58 address or 0x-prefixed 32-byte public key
        { name: 'at', type: 'Hash', isOptional: true },
      ],
      type: 'Json',
    },
  },
};

const log = (...args) => console.error('[wallet]', ...args);

// A readable message for anything thrown or rejected (the WebSocket rejects with an event).
function describe(error) {
  if (error instanceof Error) return error.message;
  const message = error?.message ?? error?.error?.message;
  if (message) return message;
  try { return JSON.stringify(error); } catch { return String(error); }
}

function fail(error) {
  const message = describe(error);
  console.error(`[wallet] FAILED: ${message}`);
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

// --- 2. A signed extrinsic, watched to finalisation ----------------------------------------

// Signs `tx` with `signer` and resolves when its block is finalised, with the block hashes and
// the extrinsic's events. Rejects if the pool refuses it or if it fails when dispatched.
function signAndWatch(api, tx, signer) {
  return withTimeout('waiting for finalisation', 60_000, (resolve, reject) => {
    let inBlock = null;
    let unsubscribe = () => {};
    // `signAndSend` fetches the nonce (system_accountNextIndex), signs the payload
    // (call, explicit extensions, implicit extensions) and submits with
    // author_submitAndWatchExtrinsic. Defaults: a mortal era of 64 blocks, no tip (unused here).
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInBlock) {
        inBlock = status.asInBlock.toHex();
        log(`in block ${inBlock}`);
      } else if (status.isFinalized) {
        unsubscribe();
        if (dispatchError) {
          reject(new Error(`the extrinsic failed: ${describeDispatchError(api, dispatchError)}`));
          return;
        }
        // `events` are this extrinsic's events only (polkadot.js matches them by index).
        resolve({ inBlock, finalizedIn: status.asFinalized.toHex(), hash: tx.hash.toHex(), events });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsubscribe();
        reject(new Error(`the pool gave up on the extrinsic: ${status.type}`));
      }
    }).then((unsub) => { unsubscribe = unsub; }, reject); // e.g. RPC error 1010 (refused)
  });
}

// --- 3. Every call from the metadata --------------------------------------------------------

// A sample value for portable type `id`, in the shape polkadot.js accepts: derived from the
// type definition alone (no hand-written types). Deeper than MAX_DEPTH options are None and
// sequences empty, so recursive types (a call inside a call) terminate.
const MAX_DEPTH = 3;
function sampleValue(api, id, depth = 0) {
  const { lookup } = api.registry;
  const type = lookup.getSiType(id);
  const path = type.path.map(String);
  const def = type.def;
  const shallow = depth < MAX_DEPTH;
  // The runtime's call enum: a nested call (`Consortium.dispatch_as_root(call)`).
  if (path.at(-1) === 'RuntimeCall') return api.tx.system.remark('0x').method;
  if (path.length === 1 && path[0] === 'Option') {
    return shallow ? sampleValue(api, def.asVariant.variants[1].fields[0].type, depth + 1) : null;
  }
  const isU8 = (inner) => {
    const t = lookup.getSiType(inner).def;
    return t.isPrimitive && t.asPrimitive.type === 'U8';
  };
  // Fields of a struct or enum variant: named -> object, one unnamed -> the value,
  // several unnamed -> array.
  const fieldsValue = (fields) => {
    if (fields.length === 0) return null;
    if (fields[0].name.isSome) {
      return Object.fromEntries(fields.map((f) =>
        [stringCamelCase(f.name.unwrap().toString()), sampleValue(api, f.type, depth + 1)]));
    }
    if (fields.length === 1) return sampleValue(api, fields[0].type, depth + 1);
    return fields.map((f) => sampleValue(api, f.type, depth + 1));
  };
  if (def.isComposite) return fieldsValue(def.asComposite.fields);
  if (def.isVariant) {
    const [first] = def.asVariant.variants; // the first variant (index order)
    const name = first.name.toString();
    return first.fields.length === 0 ? name : { [name]: fieldsValue(first.fields) };
  }
  if (def.isSequence) {
    const inner = def.asSequence.type;
    if (isU8(inner)) return shallow ? '0x637370' : '0x'; // "csp"
    return shallow ? [sampleValue(api, inner, depth + 1)] : [];
  }
  if (def.isArray) {
    const { len, type: inner } = def.asArray;
    if (isU8(inner)) return u8aToHex(new Uint8Array(len.toNumber()).map((_, i) => i + 1));
    return Array.from({ length: len.toNumber() }, () => sampleValue(api, inner, depth + 1));
  }
  if (def.isTuple) return def.asTuple.map((t) => sampleValue(api, t, depth + 1));
  if (def.isCompact) return sampleValue(api, def.asCompact.type, depth + 1);
  if (def.isPrimitive) {
    const p = def.asPrimitive.type;
    if (p === 'Bool') return true;
    if (p === 'Str') return 'csop';
    if (p === 'Char') return 'c';
    return 7; // any integer type
  }
  if (def.isBitSequence) return '0x';
  throw new Error(`no sample for type ${id} (${def.type})`);
}

// For every call of `pallets`: build it from the metadata with sample arguments, encode it,
// decode the bytes as a `Call` and check it is the same call. Returns the count per pallet.
function checkAllCalls(api, pallets) {
  const counts = {};
  for (const name of pallets) {
    const pallet = api.registry.metadata.pallets.find((p) => p.name.toString() === name);
    check(pallet, `pallet ${name} is not in the metadata`);
    check(pallet.calls.isSome, `pallet ${name} has no calls`);
    const section = stringCamelCase(name); // polkadot.js names: api.tx.mileageMining
    const variants = api.registry.lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants;
    for (const variant of variants) {
      const method = stringCamelCase(variant.name.toString());
      const where = `${name}.${variant.name}`;
      const fn = api.tx[section]?.[method];
      check(fn, `${where}: not decorated by polkadot.js`);
      const args = variant.fields.map((f) => sampleValue(api, f.type));
      let call;
      try {
        call = fn(...args).method;
      } catch (e) {
        throw new Error(`${where}: cannot build from the metadata: ${e.message}`);
      }
      const bytes = call.toU8a();
      // The first two bytes are the pallet and call indices, both read from the metadata.
      check(bytes[0] === pallet.index.toNumber() && bytes[1] === variant.index.toNumber(),
        `${where}: encoded with indices ${bytes[0]}/${bytes[1]}`);
      const decoded = api.createType('Call', bytes);
      check(decoded.section === section && decoded.method === method,
        `${where}: decodes as ${decoded.section}.${decoded.method}`);
      check(decoded.encodedLength === bytes.length && decoded.toHex() === u8aToHex(bytes),
        `${where}: does not round-trip: ${u8aToHex(bytes)} -> ${decoded.toHex()}`);
    }
    counts[name] = variants.length;
  }
  return counts;
}

// --- The wallet ------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  log(`connecting to ${URL}`);
  await cryptoWaitReady(); // sr25519 needs the WASM crypto to be loaded
  const api = await withTimeout(`connecting to ${URL}`, 30_000, (resolve, reject) => {
    ApiPromise.create({ provider: new WsProvider(URL), rpc: CSOP_RPC, throwOnConnect: true })
      .then(resolve, (e) => reject(new Error(`cannot connect to ${URL}: ${describe(e)}`)));
  });
  const [chain, version] = await Promise.all([api.rpc.system.chain(), api.rpc.state.getRuntimeVersion()]);
  const token = api.registry.chainTokens[0];
  log(`connected: ${chain}, ${version.specName} spec ${version.specVersion}, token ${token}`);

  // Development keys (never use these on a real chain): //Alice, //Bob, ...
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  // 1. Chain-specific figures over RPC, a balance from storage.
  const supply = (await api.rpc.csop.supply()).toJSON();
  const equity = (await api.rpc.csop.equityShare(alice.address)).toJSON();
  check(typeof supply.maxSupply === 'string' && Array.isArray(supply.pools),
    `unexpected csop_supply answer ${JSON.stringify(supply)}`);
  check(equity.account === alice.address, `unexpected csop_equityShare answer ${JSON.stringify(equity)}`);
  const { nonce, data: balance } = await api.query.system.account(alice.address);
  log(`supply: circulating ${supply.circulating} of ${supply.maxSupply}; Alice: ${equity.stones}`
    + ` (${equity.partsPerBillion} ppb), free ${balance.free}, nonce ${nonce}`);

  // 2. Bob signs, submits and watches a remark; its events are decoded from the metadata.
  const remark = `csop wallet example ${new Date().toISOString()}`;
  log(`Bob submits System.remark_with_event("${remark}")`);
  const sent = await signAndWatch(api, api.tx.system.remarkWithEvent(remark), bob);
  const events = sent.events.map(({ event }) => `${event.section}.${event.method}`);
  log(`finalised in ${sent.finalizedIn}; events: ${events.join(', ')}`);
  const remarked = sent.events.find(({ event }) => api.events.system.Remarked.is(event));
  check(remarked, 'no System.Remarked event');
  check(remarked.event.data.sender.toString() === bob.address, 'System.Remarked names another sender');
  check(sent.events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)),
    'no System.ExtrinsicSuccess event');

  // 3. Every call of the chain's own pallets, from the metadata alone.
  const calls = checkAllCalls(api, OWN_PALLETS);
  log(`calls built and decoded from the metadata: ${JSON.stringify(calls)}`);

  await api.disconnect();
  console.log(JSON.stringify({
    ok: true,
    chain: chain.toString(),
    specVersion: version.specVersion.toNumber(),
    supply,
    equityShare: equity,
    aliceAccount: {
      nonce: nonce.toNumber(), free: balance.free.toString(), reserved: balance.reserved.toString(),
    },
    remark: { extrinsic: sent.hash, inBlock: sent.inBlock, finalizedIn: sent.finalizedIn },
    events,
    calls,
    seconds: (Date.now() - started) / 1000,
  }));
}

const watchdog = setTimeout(() => fail(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
main().then(() => { clearTimeout(watchdog); process.exit(0); }, fail);
