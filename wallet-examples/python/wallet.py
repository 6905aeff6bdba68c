#!/usr/bin/env python3
"""A wallet for CSOP Chain with substrate-interface (py-substrate-interface): what a wallet
author needs, in one file.

    python wallet.py [ws://127.0.0.1:9944]

1. Connects and reads chain-specific figures over the node's `csop_*` JSON-RPC methods
   (`csop_supply`, `csop_equityShare`) and a balance from storage (`System.Account`).
2. Signs and submits an ordinary signed extrinsic as a wallet does (Bob,
   `System.remark_with_event`), waits until GRANDPA finalises its block and decodes its events
   (`System.Remarked`, `System.ExtrinsicSuccess`). There is no fee: CSOP Chain has no
   transaction-payment pallet; instead only accounts known to the chain may sign (the dev
   accounts are).
3. Shows that the runtime metadata is all a generic client needs: every call of the chain's own
   pallets is composed from the metadata (`compose_call`) with sample arguments generated from
   the argument types, encoded, decoded back and re-composed to the same bytes.

Progress goes to stderr; the result is one JSON line on stdout. Any failure prints
{"ok": false, "error": ...} and exits with status 1. Nothing takes longer than TIMEOUT_S.

substrate-interface reads the transaction extensions from the metadata: `AuthorizeCall` and
`CheckKnownSigner` carry no data, so it signs for this chain without custom types.
"""

import json
import signal
import sys
import time
from datetime import datetime, timezone

from scalecodec.base import ScaleBytes
from substrateinterface import Keypair, SubstrateInterface
from substrateinterface.exceptions import SubstrateRequestException

URL = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:9944"
TIMEOUT_S = 90

# The chain's own pallets (the others are standard Substrate pallets).
OWN_PALLETS = ["Stones", "Vehicles", "MileageMining", "Crystals", "MineBoxes", "Redemptions",
               "Consortium", "ValidatorSet"]


def log(*args):
    print("[wallet]", *args, file=sys.stderr, flush=True)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Timeout(Exception):  # not TimeoutError: libraries catch OSError and its subclasses
    pass


def on_timeout(_signum, _frame):
    raise Timeout(f"timed out after {TIMEOUT_S} s")


def rpc(substrate, method, params):
    """A raw JSON-RPC call; returns its result. substrate-interface does not know the `csop_*`
    methods, but any method can be called this way. An RPC error raises
    SubstrateRequestException with the error object ({"code", "message", "data"})."""
    return substrate.rpc_request(method, params)["result"]


# --- 2. The events of an extrinsic ----------------------------------------------------------

def extrinsic_events(substrate, block_hash, extrinsic_hex):
    """The events of the extrinsic `extrinsic_hex` (0x-prefixed SCALE bytes) in `block_hash`.

    The block body is read raw (`chain_getBlock`) and the extrinsic found by its bytes; its
    events are the `System.Events` of phase ApplyExtrinsic(index). (`ExtrinsicReceipt.
    triggered_events` would do the same, but it decodes every extrinsic of the block and
    scalecodec cannot decode the version-5 general extrinsics that carry mileage reports: it
    fails on any block that holds one.)"""
    block = rpc(substrate, "chain_getBlock", [block_hash])["block"]
    check(extrinsic_hex in block["extrinsics"], f"the extrinsic is not in block {block_hash}")
    index = block["extrinsics"].index(extrinsic_hex)
    return [e.value for e in substrate.get_events(block_hash=block_hash)
            if e.value["extrinsic_idx"] == index]


# --- 3. Every call from the metadata ----------------------------------------------------------

MAX_DEPTH = 3


class Samples:
    """Sample values for the metadata's types, in the shapes scalecodec accepts, derived from
    the portable type registry alone (no hand-written types), and the conversion of decoded
    values back into those shapes. Deeper than MAX_DEPTH options are None and sequences empty,
    so recursive types (a call inside a call) terminate."""

    def __init__(self, substrate):
        self.substrate = substrate
        self.types = {t["id"]: t["type"] for t in substrate.metadata.portable_registry["types"].value}

    def _is_u8(self, type_id):
        return self.types[type_id]["def"].get("primitive") == "u8"

    @staticmethod
    def type_id(type_string):  # "scale_info::57" -> 57
        return int(type_string.split("::")[-1])

    def call_arg_types(self, module, function):
        fn = self.substrate.get_metadata_call_function(module, function)
        return {arg.name: self.type_id(arg.type) for arg in fn.args}

    def sample(self, type_id, depth=0):
        t = self.types[type_id]
        d, path, shallow = t["def"], t["path"], depth < MAX_DEPTH
        if path[-1:] == ["RuntimeCall"]:  # a nested call (Consortium.dispatch_as_root)
            return {"call_module": "System", "call_function": "remark", "call_args": {"remark": "0x"}}
        if path == ["Option"]:
            some = d["variant"]["variants"][1]["fields"][0]["type"]
            return self.sample(some, depth + 1) if shallow else None
        if "composite" in d:
            return self._fields(d["composite"]["fields"], lambda f: self.sample(f, depth + 1))
        if "variant" in d:
            first = min(d["variant"]["variants"], key=lambda v: v["index"])  # the first variant
            if not first["fields"]:
                return first["name"]
            return {first["name"]: self._fields(first["fields"], lambda f: self.sample(f, depth + 1))}
        if "sequence" in d:
            inner = d["sequence"]["type"]
            if self._is_u8(inner):
                return "0x637370" if shallow else "0x"  # "csp"
            return [self.sample(inner, depth + 1)] if shallow else []
        if "array" in d:
            n, inner = d["array"]["len"], d["array"]["type"]
            if self._is_u8(inner):
                return "0x" + bytes(range(1, n + 1)).hex()
            return [self.sample(inner, depth + 1) for _ in range(n)]
        if "tuple" in d:
            return [self.sample(i, depth + 1) for i in d["tuple"]]
        if "compact" in d:
            return self.sample(d["compact"]["type"], depth + 1)
        if "primitive" in d:
            p = d["primitive"]
            return True if p == "bool" else "csop" if p == "str" else "c" if p == "char" else 7
        if "bitsequence" in d:
            return "0x"
        raise Failure(f"no sample for type {type_id}: {d}")

    @staticmethod
    def _fields(fields, value_of):
        """Struct or variant fields: named -> dict; several unnamed -> list; one unnamed ->
        the value, except that scalecodec treats a one-field tuple struct as a 1-tuple: a list
        inside it (e.g. a BoundedVec) must be wrapped once more."""
        if not fields:
            return None
        if fields[0]["name"] is not None:
            return {f["name"]: value_of(f["type"]) for f in fields}
        if len(fields) > 1:
            return [value_of(f["type"]) for f in fields]
        value = value_of(fields[0]["type"])
        return [value] if isinstance(value, list) else value

    def as_input(self, type_id, value):
        """A decoded value of `type_id` in the shape compose_call accepts (decoded calls carry
        call_index/call_hash and list their arguments; one-field tuple structs are unwrapped)."""
        t = self.types[type_id]
        d, path = t["def"], t["path"]
        if path[-1:] == ["RuntimeCall"]:
            return self.call_input(value)
        if path == ["Option"]:
            some = d["variant"]["variants"][1]["fields"][0]["type"]
            return None if value is None else self.as_input(some, value)
        if "composite" in d:
            fields = d["composite"]["fields"]
            if fields and fields[0]["name"] is not None:
                return {f["name"]: self.as_input(f["type"], value[f["name"]]) for f in fields}
            if len(fields) == 1:
                return self._fields(fields, lambda f: self.as_input(f, value))
            return [self.as_input(f["type"], v) for f, v in zip(fields, value)]
        if "variant" in d and isinstance(value, dict):
            (name, inner), = value.items()
            variant = next(v for v in d["variant"]["variants"] if v["name"] == name)
            fields = variant["fields"]
            if fields and fields[0]["name"] is not None:
                return {name: {f["name"]: self.as_input(f["type"], inner[f["name"]]) for f in fields}}
            if len(fields) == 1:
                return {name: self._fields(fields, lambda f: self.as_input(f, inner))}
            return {name: [self.as_input(f["type"], v) for f, v in zip(fields, inner)]}
        if "sequence" in d and not self._is_u8(d["sequence"]["type"]):
            return [self.as_input(d["sequence"]["type"], v) for v in value]
        if "array" in d and not self._is_u8(d["array"]["type"]):
            return [self.as_input(d["array"]["type"], v) for v in value]
        if "tuple" in d:
            return [self.as_input(i, v) for i, v in zip(d["tuple"], value)]
        return value  # primitives, compacts, byte strings, unit variants, accounts

    def call_input(self, decoded):
        """A decoded call as compose_call input."""
        types = self.call_arg_types(decoded["call_module"], decoded["call_function"])
        return {
            "call_module": decoded["call_module"],
            "call_function": decoded["call_function"],
            "call_args": {a["name"]: self.as_input(types[a["name"]], a["value"])
                          for a in decoded["call_args"]},
        }


def check_all_calls(substrate, pallets):
    """For every call of `pallets`: compose it from the metadata with sample arguments, decode
    the bytes as a `Call` (every byte must be consumed), compose the decoded call again and
    check the bytes are the same. Returns the count per pallet."""
    samples = Samples(substrate)
    counts = {}
    for name in pallets:
        pallet = substrate.metadata.get_metadata_pallet(name)
        check(pallet is not None, f"pallet {name} is not in the metadata")
        calls = pallet.calls or []
        check(calls, f"pallet {name} has no calls")
        for call in calls:
            where = f"{name}.{call.name}"
            params = {arg.name: samples.sample(samples.type_id(arg.type)) for arg in call.args}
            try:
                data = substrate.compose_call(name, call.name, params).data.to_hex()
            except Exception as e:  # noqa: BLE001 - report which call could not be built
                raise Failure(f"{where}: cannot compose from the metadata: {e!r}") from e
            # The first two bytes are the pallet and call indices, both from the metadata.
            check(data[2:6] == f"{pallet['index'].value:02x}{call['index'].value:02x}",
                  f"{where}: encoded with indices {data[2:6]}")
            decoded = substrate.create_scale_object("Call", data=ScaleBytes(data))
            decoded.decode()  # raises if bytes remain
            value = decoded.value
            check((value["call_module"], value["call_function"]) == (name, call.name),
                  f"{where}: decodes as {value['call_module']}.{value['call_function']}")
            again_input = samples.call_input(value)
            again = substrate.compose_call(again_input["call_module"], again_input["call_function"],
                                           again_input["call_args"]).data.to_hex()
            check(again == data, f"{where}: does not round-trip: {data} -> {again}")
        counts[name] = len(calls)
    return counts


# --- The wallet ---------------------------------------------------------------------------------

def main():
    started = time.monotonic()
    log(f"connecting to {URL}")
    try:
        # ws_options go to websocket-client: no single step (connecting, or waiting for the
        # node's next message) may take more than 30 s.
        substrate = SubstrateInterface(url=URL, ws_options={"timeout": 30})
    except Exception as e:  # noqa: BLE001 - refused, unresolvable, not a WebSocket, ...
        raise Failure(f"cannot connect to {URL}: {e}") from e
    substrate.init_runtime()  # reads the metadata and the runtime version
    version = substrate.runtime_version
    log(f"connected: {substrate.chain}, spec {version}, token {substrate.token_symbol}")

    # Development keys (never use these on a real chain).
    alice = Keypair.create_from_uri("//Alice", ss58_format=substrate.ss58_format)
    bob = Keypair.create_from_uri("//Bob", ss58_format=substrate.ss58_format)

    # 1. Chain-specific figures over RPC (amounts are decimal strings), a balance from storage.
    supply = rpc(substrate, "csop_supply", [])
    equity = rpc(substrate, "csop_equityShare", [alice.ss58_address])
    check(isinstance(supply.get("maxSupply"), str) and isinstance(supply.get("pools"), list),
          f"unexpected csop_supply answer {supply}")
    check(equity.get("account") == alice.ss58_address, f"unexpected csop_equityShare answer {equity}")
    account = substrate.query("System", "Account", [alice.ss58_address]).value
    log(f"supply: circulating {supply['circulating']} of {supply['maxSupply']}; Alice: "
        f"{equity['stones']} ({equity['partsPerBillion']} ppb), free {account['data']['free']}, "
        f"nonce {account['nonce']}")

    # 2. Bob signs, submits and waits for finality. create_signed_extrinsic fetches the nonce
    # and signs (call, explicit extensions, implicit extensions); a mortal era of 64 blocks.
    remark = f"csop wallet example {datetime.now(timezone.utc).isoformat()}"
    log(f'Bob submits System.remark_with_event("{remark}")')
    call = substrate.compose_call("System", "remark_with_event", {"remark": remark})
    extrinsic = substrate.create_signed_extrinsic(call=call, keypair=bob, era={"period": 64})
    receipt = substrate.submit_extrinsic(extrinsic, wait_for_finalization=True)
    log(f"finalised in {receipt.block_hash}")
    events = extrinsic_events(substrate, receipt.block_hash, str(extrinsic.data))
    names = [f"{e['module_id']}.{e['event_id']}" for e in events]
    log(f"events: {', '.join(names)}")
    failed = [e for e in events if e["event_id"] == "ExtrinsicFailed"]
    check(not failed, f"the extrinsic failed: {failed}")
    remarked = next((e for e in events if (e["module_id"], e["event_id"]) == ("System", "Remarked")), None)
    check(remarked is not None, "no System.Remarked event")
    check(remarked["attributes"]["sender"] == bob.ss58_address, "System.Remarked names another sender")
    check("System.ExtrinsicSuccess" in names, "no System.ExtrinsicSuccess event")

    # 3. Every call of the chain's own pallets, from the metadata alone.
    calls = check_all_calls(substrate, OWN_PALLETS)
    log(f"calls composed and decoded from the metadata: {json.dumps(calls)}")

    substrate.close()
    print(json.dumps({
        "ok": True,
        "chain": substrate.chain,
        "specVersion": version,
        "supply": supply,
        "equityShare": equity,
        "aliceAccount": {"nonce": account["nonce"], "free": str(account["data"]["free"]),
                         "reserved": str(account["data"]["reserved"])},
        "remark": {"extrinsic": f"0x{extrinsic.extrinsic_hash.hex()}", "finalizedIn": receipt.block_hash},
        "events": names,
        "calls": calls,
        "seconds": round(time.monotonic() - started, 3),
    }), flush=True)


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, on_timeout)
    signal.alarm(TIMEOUT_S)
    try:
        main()
    except Exception as e:  # noqa: BLE001 - every failure ends the same way
        message = f"RPC error {e.args[0]}" if isinstance(e, SubstrateRequestException) else f"{e}"
        print(f"[wallet] FAILED: {message}", file=sys.stderr, flush=True)
        print(json.dumps({"ok": False, "error": message}), flush=True)
        sys.exit(1)
