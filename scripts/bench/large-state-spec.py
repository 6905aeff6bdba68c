#!/usr/bin/env python3
"""Writes a raw chain spec whose genesis state is as large as a chain with many vehicles, for
`csop-node benchmark storage` (scripts/bench/benchmark.sh storage).

    large-state-spec.py RAW_SPEC VEHICLES SLOTS OUTPUT

RAW_SPEC is a raw chain spec (`build-spec --raw`). OUTPUT gets its state plus, for each of
VEHICLES vehicles, the items a vehicle that has been mining keeps: its registry record, its
device-key index entry, its mining state and SLOTS slots of its trailing window. Keys have the
real storage prefixes and key lengths; ids and values are random bytes of the real lengths
(random values are also what the benchmark writes). The state is written, not built
by the runtime: a genesis this large exceeds what the runtime may allocate.
"""

import json
import os
import random
import sys

_M = (1 << 64) - 1
_P1, _P2, _P3, _P4, _P5 = (
    0x9E3779B185EBCA87,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0x85EBCA77C2B2AE63,
    0x27D4EB2F165667C5,
)


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & _M


def _round(acc, lane):
    return (_rotl((acc + lane * _P2) & _M, 31) * _P1) & _M


def xxh64(data, seed):
    """XXH64, as `twox` storage hashing uses it."""
    n, i = len(data), 0
    lane = lambda at: int.from_bytes(data[at : at + 8], "little")
    if n >= 32:
        v = [(seed + _P1 + _P2) & _M, (seed + _P2) & _M, seed, (seed - _P1) & _M]
        while i + 32 <= n:
            v = [_round(v[j], lane(i + 8 * j)) for j in range(4)]
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & _M
        for x in v:
            h = ((h ^ _round(0, x)) * _P1 + _P4) & _M
    else:
        h = (seed + _P5) & _M
    h = (h + n) & _M
    while i + 8 <= n:
        h = (_rotl(h ^ _round(0, lane(i)), 27) * _P1 + _P4) & _M
        i += 8
    if i + 4 <= n:
        h = (_rotl(h ^ (int.from_bytes(data[i : i + 4], "little") * _P1 & _M), 23) * _P2 + _P3) & _M
        i += 4
    while i < n:
        h = (_rotl(h ^ (data[i] * _P5 & _M), 11) * _P1) & _M
        i += 1
    h ^= h >> 33
    h = (h * _P2) & _M
    h ^= h >> 29
    h = (h * _P3) & _M
    return h ^ (h >> 32)


def twox128(data):
    return xxh64(data, 0).to_bytes(8, "little") + xxh64(data, 1).to_bytes(8, "little")


def prefix(pallet, item):
    return twox128(pallet) + twox128(item)


# The pallet names of `csop_runtime`'s construct_runtime and the storage items a vehicle keeps.
REGISTRY = prefix(b"Vehicles", b"Vehicles")  # Blake2_128Concat(VehicleId) -> Vehicle
DEVICE_KEYS = prefix(b"Vehicles", b"DeviceKeys")  # Identity(key hash) -> VehicleId
MINING = prefix(b"MileageMining", b"Vehicles")  # Identity(VehicleId) -> VehicleMining
SLOTS = prefix(b"MileageMining", b"Slots")  # Identity(VehicleId), Twox64Concat(u32) -> Slot
REGISTRY_RECORD_LEN = 94  # a registered vehicle with an sr25519 device key and consent
MINING_STATE_LEN = 109  # VehicleMining with a current slot
SLOT_LEN = 52
WINDOW = 720


def main():
    assert twox128(b"System").hex() == "26aa394eea5630e07c48ae0c9558cef7", "xxh64 is wrong"
    raw_spec, vehicles, slots, output = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    spec = json.load(open(raw_spec))
    top = spec["genesis"]["raw"]["top"]
    spec["genesis"]["raw"]["top"] = {}
    text = json.dumps(spec)
    marker = '"top": {}'
    at = text.index(marker)
    rng = random.Random(7)
    with open(output, "w") as out:
        out.write(text[:at] + '"top": {')
        out.write(",".join(json.dumps(k) + ":" + json.dumps(v) for k, v in top.items()))
        for _ in range(vehicles):
            vehicle = os.urandom(32)
            items = [
                (REGISTRY + os.urandom(16) + vehicle, os.urandom(REGISTRY_RECORD_LEN)),
                (DEVICE_KEYS + os.urandom(32), vehicle),
                (MINING + vehicle, os.urandom(MINING_STATE_LEN)),
            ]
            for _ in range(slots):
                index = rng.randrange(WINDOW).to_bytes(4, "little")
                items.append((SLOTS + vehicle + os.urandom(8) + index, os.urandom(SLOT_LEN)))
            out.write("".join(f',"0x{k.hex()}":"0x{v.hex()}"' for k, v in items))
        out.write("}" + text[at + len(marker) :])
    print(f"wrote {output}: {len(top) + vehicles * (3 + slots)} items")


if __name__ == "__main__":
    main()
