#!/usr/bin/env python3
"""A telematics gateway for CSOP Chain with substrate-interface: registers a car, has its owner
consent to mileage mining, then submits the car's device-signed mileage report as a feeless
general transaction (no account, no fee) built by hand.

    python report.py [ws://127.0.0.1:9944]

1. Alice (the registrar on development chains) signs
   `Vehicles.register(vehicle, device_key, model, activated_at_ms, owner = Bob,
   angel_number = None)` (a car bought outside the angel round). The vehicle id
   is blake2_256(salt ++ VIN): the VIN never goes on chain. A random VIN each run, so the
   script can run again on the same chain.
2. Bob (the owner) signs `Vehicles.grant_consent(vehicle, None)`.
3. The car's device key (ed25519 here; sr25519 and ecdsa work the same way) signs a
   MileageReport; the gateway wraps `MileageMining.report(report, signature)` in an extrinsic of
   format version 5 with a General preamble (see general_extrinsic), submits it with
   author_submitAndWatchExtrinsic, waits until it is in a block and finds the pallet's
   `MileageMining.MileageReported` event for it.
4. Refusals: a report with a bad signature is refused by the pool with RPC error 1010
   "Custom error: 4" (BadSignature), a report replaying sequence number 1 with "Custom error: 5"
   (StaleSequence); the codes are listed in docs/wallets.md ("Mileage reports"). Resending the
   accepted bytes themselves is refused by the pool's duplicate check first: 1013 "Transaction
   Already Imported".

scalecodec (under substrate-interface 1.8) cannot build or decode version-5 general
extrinsics, so the extrinsic is assembled from bytes here, and blocks are read raw.

Progress goes to stderr; the result is one JSON line on stdout. Any failure prints
{"ok": false, "error": ...} and exits with status 1. Nothing takes longer than TIMEOUT_S.
"""

import hashlib
import json
import os
import secrets
import signal
import sys
import time

from substrateinterface import Keypair, KeypairType, SubstrateInterface
from substrateinterface.exceptions import SubstrateRequestException

URL = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:9944"
TIMEOUT_S = 90

# The registrar's VIN salt. A real registrar keeps its salt secret; this one is an example.
VIN_SALT = b"csop-wallet-example"
# The context a device signs before the SCALE-encoded report (22 raw bytes, no length prefix).
REPORT_SIGNING_CONTEXT = b"csop/mileage-report/v1"

# Extrinsic format version 5 with the General preamble bit: 0b0100_0000 | 5 = 0x45.
GENERAL_EXTRINSIC_V5 = 0x40 | 5
# The version of the transaction-extension pipeline (this runtime has version 0 only).
EXTENSION_VERSION = 0


def log(*args):
    print("[report]", *args, file=sys.stderr, flush=True)


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
    """A raw JSON-RPC call; returns its result (an RPC error raises SubstrateRequestException
    whose args[0] is the error object {"code", "message", "data"})."""
    return substrate.rpc_request(method, params)["result"]


def blake2_256(data):
    return hashlib.blake2b(data, digest_size=32).digest()


def extrinsic_events(substrate, block_hash, extrinsic_hex):
    """The index and events of the extrinsic `extrinsic_hex` in `block_hash`: the block body is
    read raw (scalecodec cannot decode the general extrinsics in it) and the extrinsic found by
    its bytes; its events are the `System.Events` of phase ApplyExtrinsic(index)."""
    block = rpc(substrate, "chain_getBlock", [block_hash])["block"]
    check(extrinsic_hex in block["extrinsics"], f"the extrinsic is not in block {block_hash}")
    index = block["extrinsics"].index(extrinsic_hex)
    events = [e.value for e in substrate.get_events(block_hash=block_hash)
              if e.value["extrinsic_idx"] == index]
    return index, events


def sign_and_wait_in_block(substrate, call, signer, what):
    """Signs `call` as `signer`, submits it and waits until it is in a block (not yet final);
    returns the block hash and the extrinsic's events. Fails if its dispatch failed."""
    extrinsic = substrate.create_signed_extrinsic(call=call, keypair=signer, era={"period": 64})
    receipt = substrate.submit_extrinsic(extrinsic, wait_for_inclusion=True)
    _, events = extrinsic_events(substrate, receipt.block_hash, str(extrinsic.data))
    failed = [e["attributes"] for e in events if e["event_id"] == "ExtrinsicFailed"]
    check(not failed, f"{what} failed: {failed}")
    return receipt.block_hash, events


def explicit_extensions(substrate):
    """The explicit (transmitted) data of the transaction extensions, in the metadata's order,
    for a transaction without a signer: nonce 0, immortal era. Only CheckMortality (an Era) and
    CheckNonce (a Compact<u32>) carry data on this chain; the others encode to nothing. An
    extension with other data would need a value: fail loudly."""
    types = {t["id"]: t["type"] for t in substrate.metadata.portable_registry["types"].value}
    data = b""
    for name, ext in substrate.metadata.get_signed_extensions().items():
        if name == "CheckMortality":
            data += bytes(substrate.create_scale_object("Era").encode("00").data)  # immortal: 0x00
        elif name == "CheckNonce":
            data += bytes(substrate.create_scale_object("Compact<u32>").encode(0).data)  # 0x00
        else:
            type_def = types[int(ext["extrinsic"].split("::")[-1])]["def"]
            check(type_def in ({"composite": {"fields": []}}, {"tuple": []}),
                  f"transaction extension {name} carries data ({type_def}): add a value for it")
    return data


def general_extrinsic(substrate, call_bytes):
    """A general transaction (sp_runtime's `Preamble::General`) carrying the call:

        Compact<u32>(length of the rest)   SCALE compact length prefix, as for a Vec<u8>
        0x45                               format version 5 | 0b0100_0000 (General)
        0x00                               transaction-extension version (u8)
        0x00 0x00                          explicit extensions: immortal era, Compact nonce 0
        call                               pallet index, call index, arguments (SCALE)

    No address and no signature: the runtime's AuthorizeCall extension lets the mining pallet
    authorise the call by the device signature inside it."""
    body = bytes([GENERAL_EXTRINSIC_V5, EXTENSION_VERSION]) + explicit_extensions(substrate) + call_bytes
    length = bytes(substrate.create_scale_object("Compact<u32>").encode(len(body)).data)
    return length + body


def submit_and_wait_in_block(substrate, extrinsic_hex):
    """Submits raw extrinsic bytes with author_submitAndWatchExtrinsic and returns the hash of
    the block that includes them. A refused extrinsic raises SubstrateRequestException."""

    def on_update(message, _update_nr, subscription_id):
        # Statuses: "ready", "future", {"broadcast": [...]}, {"inBlock": hash},
        # {"finalized": hash}, "invalid", "dropped", {"usurped": hash}, ...
        status = message["params"]["result"]
        if isinstance(status, dict) and "inBlock" in status:
            substrate.rpc_request("author_unwatchExtrinsic", [subscription_id])
            return status["inBlock"]
        if status in ("invalid", "dropped") or (isinstance(status, dict) and "usurped" in status):
            raise Failure(f"the pool gave up on the report: {status}")
        return None  # keep waiting

    return substrate.rpc_request("author_submitAndWatchExtrinsic", [extrinsic_hex], result_handler=on_update)


def expect_refusal(substrate, extrinsic_hex, what):
    """Submits bytes the pool must refuse; returns the RPC error object."""
    try:
        extrinsic_hash = rpc(substrate, "author_submitExtrinsic", [extrinsic_hex])
    except SubstrateRequestException as e:
        return e.args[0]
    raise Failure(f"{what} was accepted ({extrinsic_hash}), expected a refusal")


def main():
    started = time.monotonic()
    log(f"connecting to {URL}")
    try:
        # ws_options go to websocket-client: no single step (connecting, or waiting for the
        # node's next message) may take more than 30 s.
        substrate = SubstrateInterface(url=URL, ws_options={"timeout": 30})
    except Exception as e:  # noqa: BLE001 - refused, unresolvable, not a WebSocket, ...
        raise Failure(f"cannot connect to {URL}: {e}") from e
    substrate.init_runtime()
    genesis = substrate.get_block_hash(0)
    log(f"connected: {substrate.chain}, genesis {genesis}")

    alice = Keypair.create_from_uri("//Alice", ss58_format=substrate.ss58_format)  # registrar
    bob = Keypair.create_from_uri("//Bob", ss58_format=substrate.ss58_format)  # the car's owner
    # The car's device key: generated in the car's secure element in real life; a fresh random
    # seed here (a device key may belong to one vehicle only).
    device = Keypair.create_from_seed(os.urandom(32).hex(), crypto_type=KeypairType.ED25519)
    device_public = "0x" + device.public_key.hex()

    # --- 1. Register the car -------------------------------------------------------------------
    vin = ("CSOPPY" + secrets.token_hex(6).upper())[:17]
    vehicle = "0x" + blake2_256(VIN_SALT + vin.encode()).hex()
    log(f"Alice registers VIN {vin} as vehicle {vehicle}, owner Bob, device key {device_public}")
    register = substrate.compose_call("Vehicles", "register", {
        "vehicle": vehicle,
        "device_key": {"Ed25519": device_public},  # DeviceKey (as MultiSigner; or {"P256": 33 bytes})
        "model": 1,
        "activated_at_ms": int(time.time() * 1000),
        "owner": bob.ss58_address,
        "angel_number": None,  # the buyer's place in the angel round, if any
    })
    registered_in, events = sign_and_wait_in_block(substrate, register, alice, "Vehicles.register")
    check(any(e["event_id"] == "VehicleRegistered" and e["attributes"]["vehicle"] == vehicle for e in events),
          "no Vehicles.VehicleRegistered event")

    # --- 2. The owner consents (no expiry) -----------------------------------------------------
    log("Bob grants consent")
    consent = substrate.compose_call("Vehicles", "grant_consent", {"vehicle": vehicle, "expires_at_ms": None})
    consent_in, events = sign_and_wait_in_block(substrate, consent, bob, "Vehicles.grant_consent")
    check(any(e["event_id"] == "ConsentGranted" for e in events), "no Vehicles.ConsentGranted event")
    # The consent is dated by the chain's clock at its block; data must not predate it.
    consent_ms = substrate.query("Timestamp", "Now", block_hash=consent_in).value

    # --- 3. The car signs a report -----------------------------------------------------------
    # The report's type comes from the metadata (the first argument of MileageMining.report).
    report_type = substrate.get_metadata_call_function("MileageMining", "report").args[0].type
    report = {
        "genesis": genesis,  # this chain only
        "vehicle": vehicle,
        "seq": 1,  # strictly increasing per vehicle
        "odometer_m": 12_345,  # metres
        "time_ms": max(int(time.time() * 1000), consent_ms + 1),  # device clock, ms since the epoch
        "trip_hash": "0x" + blake2_256(f"trip data of {vin} #1".encode()).hex(),  # data stays off chain
    }

    def signed_report_call(report, key):
        """MileageMining.report(report, signature) signed by `key`, as SCALE bytes; the pallet
        and call indices come from the metadata (MileageMining = 21, report = 0)."""
        report_bytes = bytes(substrate.create_scale_object(report_type).encode(report).data)
        check(len(report_bytes) == 120, f"a MileageReport encodes to 120 bytes, not {len(report_bytes)}")
        # signed bytes = b"csop/mileage-report/v1" ++ SCALE(report)
        signature = key.sign(REPORT_SIGNING_CONTEXT + report_bytes)
        call = substrate.compose_call("MileageMining", "report", {
            "report": report,
            "signature": {"Ed25519": "0x" + signature.hex()},  # DeviceSignature (as MultiSignature)
        })
        return bytes(call.data.data)

    call = signed_report_call(report, device)
    pallet = substrate.metadata.get_metadata_pallet("MileageMining")
    check(call[0] == pallet["index"].value, "unexpected pallet index")
    extrinsic = general_extrinsic(substrate, call)
    extrinsic_hex = "0x" + extrinsic.hex()
    log(f"general extrinsic ({len(extrinsic)} bytes): {extrinsic_hex}")

    # --- 4a. A bad signature is refused before it reaches a block ------------------------------
    forger = Keypair.create_from_seed(os.urandom(32).hex(), crypto_type=KeypairType.ED25519)
    forged = general_extrinsic(substrate, signed_report_call(report, forger))
    bad_signature = expect_refusal(substrate, "0x" + forged.hex(), "a report with a bad signature")
    log(f"bad signature refused: {bad_signature}")
    check((bad_signature.get("code"), bad_signature.get("data")) == (1010, "Custom error: 4"),
          f'bad signature: expected 1010 "Custom error: 4", got {bad_signature}')

    # --- 3b. Submit the good report and find it in its block ----------------------------------
    in_block = submit_and_wait_in_block(substrate, extrinsic_hex)
    log(f"report in block {in_block}")
    index, events = extrinsic_events(substrate, in_block, extrinsic_hex)
    accepted = next((e for e in events
                     if (e["module_id"], e["event_id"]) == ("MileageMining", "MileageReported")), None)
    check(accepted is not None, f"no MileageMining.MileageReported event; events: {events}")
    check(accepted["attributes"]["vehicle"] == vehicle and accepted["attributes"]["seq"] == 1,
          f"MileageReported for another report: {accepted['attributes']}")
    check(any(e["event_id"] == "ExtrinsicSuccess" for e in events), "no System.ExtrinsicSuccess event")

    # --- 4b. Replays are refused -----------------------------------------------------------------
    # The very same bytes again: for a few minutes after inclusion the transaction pool still
    # knows them and answers 1013 "Transaction Already Imported" before the runtime sees them;
    # later the runtime refuses them as StaleSequence, like the replay below.
    resent = expect_refusal(substrate, extrinsic_hex, "the same report bytes again")
    log(f"same bytes again refused: {resent}")
    check(resent.get("code") == 1013 or (resent.get("code"), resent.get("data")) == (1010, "Custom error: 5"),
          f'same bytes again: expected 1013 or 1010 "Custom error: 5", got {resent}')
    # A replayed sequence number with a fresh reading and a valid signature: StaleSequence (5).
    stale = dict(report, odometer_m=12_400, time_ms=report["time_ms"] + 60_000)
    stale_extrinsic = general_extrinsic(substrate, signed_report_call(stale, device))
    replay = expect_refusal(substrate, "0x" + stale_extrinsic.hex(), "a report replaying seq 1")
    log(f"seq 1 again refused: {replay}")
    check((replay.get("code"), replay.get("data")) == (1010, "Custom error: 5"),
          f'replay: expected 1010 "Custom error: 5", got {replay}')

    # The chain's view of the car's mining (csop_vehicleMining, at the report's block).
    mining = rpc(substrate, "csop_vehicleMining", [vehicle, in_block])
    check(mining and mining["lastSeq"] == 1 and mining["lastOdometerM"] == 12_345,
          f"unexpected csop_vehicleMining {mining}")

    substrate.close()
    print(json.dumps({
        "ok": True,
        "vin": vin,
        "vehicle": vehicle,
        "deviceKey": {"scheme": "ed25519", "public": device_public},
        "registeredIn": registered_in,
        "consentIn": consent_in,
        "report": report,
        "extrinsic": extrinsic_hex,
        "extrinsicHash": "0x" + blake2_256(extrinsic).hex(),
        "inBlock": in_block,
        "index": index,
        "event": {"name": "MileageMining.MileageReported", "data": accepted["attributes"]},
        "events": [f"{e['module_id']}.{e['event_id']}" for e in events],
        "badSignature": {"code": bad_signature.get("code"), "data": bad_signature.get("data")},
        "sameBytesAgain": {"code": resent.get("code"), "data": resent.get("data")},
        "replay": {"code": replay.get("code"), "data": replay.get("data")},
        "mining": mining,
        "seconds": round(time.monotonic() - started, 3),
    }), flush=True)


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, on_timeout)
    signal.alarm(TIMEOUT_S)
    try:
        main()
    except Exception as e:  # noqa: BLE001 - every failure ends the same way
        message = f"RPC error {e.args[0]}" if isinstance(e, SubstrateRequestException) else f"{e}"
        print(f"[report] FAILED: {message}", file=sys.stderr, flush=True)
        print(json.dumps({"ok": False, "error": message}), flush=True)
        sys.exit(1)
