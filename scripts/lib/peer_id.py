"""libp2p peer ids for chain specs: `nodeAuthorization.nodes` takes a peer id's bytes (the
multihash), while `csop-node key inspect-node-key` prints it in base58 (`12D3KooW...`)."""

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def peer_id_bytes(peer_id):
    """The bytes of a base58 peer id (38 for an ed25519 node key)."""
    n = 0
    for c in peer_id:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(peer_id) - len(peer_id.lstrip("1"))) + raw
