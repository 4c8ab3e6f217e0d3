#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the golden vectors of tests/tst_messagecodec.cpp.

The hex there is written by hand from docs/protocol.md, so the seeds are exactly the
protocol's bytes for every message type, not what the codec happens to produce.
  corpus_codec/    one framed payload per golden vector, plus all of them in one stream
  corpus_server_session/  client-to-server streams: a join, chat, ping and bye, and each alone
  corpus_client_session/  server-to-client streams, each after the options byte that
                   fuzz_client_session.cpp describes: every server vector before and after
                   joining, and scripted joins, history batches, replies and renames
Run it again after adding a golden vector: python3 tests/fuzz/make_corpus.py
"""
import hashlib
import pathlib
import re
import struct

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent / "tst_messagecodec.cpp"


def golden_vectors():
    text = SOURCE.read_text(encoding="utf-8")
    body = text[text.index("QList<GoldenVector> goldenVectors()"):]
    body = body[: body.index("\n}\n")]
    # {"name", Message {...}, "hex" "more hex"[, V11]},  -- the hex literal(s) end the entry.
    entry = re.compile(r'\{"([^"]+)",.*?,\s*((?:"[0-9a-fA-F |]*"\s*)+)(?:,\s*V11\s*)?\}', re.S)
    vectors = []
    for match in entry.finditer(body):
        hex_digits = "".join(re.findall(r'"([^"]*)"', match.group(2)))
        payload = bytes.fromhex(re.sub(r"[^0-9a-fA-F]", "", hex_digits))
        vectors.append((match.group(1), payload))
    return vectors


def frame(payload):
    return struct.pack(">I", len(payload)) + payload


# Server-to-client payloads for the scripted streams, in the 1.1 layout (docs/protocol.md).
def u8(v): return struct.pack(">B", v)
def u16(v): return struct.pack(">H", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def qstring(text):
    data = text.encode("utf-16-be")
    return u32(len(data)) + data
def qbytes(data): return u32(len(data)) + data
def welcome(name, count, seq=5, token=b""):
    return (u8(0x41) + qstring(name) + qstring("Lobby") + u64(seq) + u32(count)
            + qstring("0123456789abcdef0123456789abcdef") + qbytes(token) + u32(60000 if token else 0))
def members(*names): return u8(0x4A) + u32(len(names)) + b"".join(map(qstring, names))
def joined(seq, name, former=""): return u8(0x43) + u64(seq) + u64(1000) + qstring(name) + qstring(former)
def left(seq, name, reason=0): return u8(0x44) + u64(seq) + u64(1000) + qstring(name) + u8(reason)
def chat(seq, sender, text, client_id=0):
    return u8(0x45) + u64(seq) + u64(1000) + qstring(sender) + qstring(text) + u64(client_id)
def broadcast(seq, text): return u8(0x46) + u64(seq) + u64(1000) + qstring(text)
def notice(code, detail=""): return u8(0x48) + u8(code) + qstring(detail)
def error(code, detail=""): return u8(0x49) + u8(code) + qstring(detail)
def rejected(reason, detail=""): return u8(0x42) + u8(reason) + qstring(detail)
def history(flags, *events): return u8(0x4B) + u8(flags) + u32(len(events)) + b"".join(map(qbytes, events))
def resumed(name, last_seq, last_client_id=0):
    return u8(0x4C) + qstring(name) + u64(last_seq) + qbytes(b"t" * 24) + u64(last_client_id)
def pong(token): return u8(0x47) + u64(token)


def two_connections(options, first, second):
    """fuzz_client_session with bit 6: a cut byte that ends the first part exactly."""
    first, second = b"".join(map(frame, first)), b"".join(map(frame, second))
    length = 1 + len(first) + len(second)
    cut = next(b for b in range(256) if (length - 1) * b // 256 >= len(first))
    assert (length - 1) * cut // 256 == len(first), "no cut byte ends the first part"
    return u8(options | 0x40) + u8(cut) + first + second


def write(directory, name, data):
    directory.mkdir(exist_ok=True)
    slug = re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_")
    for old in directory.glob(slug + "-*"):
        old.unlink()
    (directory / f"{slug}-{hashlib.sha1(data).hexdigest()[:8]}").write_bytes(data)


def main():
    vectors = golden_vectors()
    types = {payload[0] for _, payload in vectors}
    assert len(types) == 19, f"expected all 19 message types, found {sorted(types)}"

    codec = HERE / "corpus_codec"
    for name, payload in vectors:
        write(codec, name, frame(payload))
    write(codec, "all", b"".join(frame(p) for _, p in vectors))

    session = HERE / "corpus_server_session"
    client = {name: p for name, p in vectors if p[0] <= 0x07}
    for name, payload in client.items():
        write(session, name, frame(payload))
    hello, say, ping, bye = (client[n] for n in ("Hello Alice", "Say with emoji", "Ping", "Bye"))
    write(session, "join chat ping bye", b"".join(map(frame, (hello, say, ping, say, bye))))
    # Past twice the flood limit of fuzz_server_session (8): disconnected for flooding.
    write(session, "join flood", frame(hello) + frame(say) * 20)
    write(session, "join twice", frame(hello) + frame(client["Hello 张三"]) + frame(say))
    write(session, "say before hello", frame(say) + frame(hello))
    write(session, "server type", frame(hello) + frame(vectors[-1][1]) + frame(say))
    # The options byte of fuzz_client_session: bits 0-1 the Welcome first (0 none, 1 1.0,
    # 2 1.1, 3 1.1 without Members), bit 2 history on joining, bit 3 page back and say,
    # bits 4-5 the number of chunks.
    hostile = HERE / "corpus_client_session"
    for name, payload in vectors:
        if payload[0] >= 0x40:
            for options in (0x00, 0x01, 0x0E):
                write(hostile, f"{name} options {options:02x}", u8(options) + frame(payload))
    scripted = {
        "1.0 join then room events": (0x00, [
            welcome("Alice", 3), members("Zed", "Bob"), members("Alice"), joined(6, "Carl"),
            chat(7, "Carl", "hi"), left(8, "Zed", 1), broadcast(9, "notice"), notice(3, "slow"),
            error(5, "bye")]),
        "1.1 join with history": (0x04, [
            welcome("Alice", 2, 100, b"k" * 24), members("Zed", "Alice"),
            history(0x01, chat(1, "Zed", "a"), broadcast(2, "b")), history(0x02, chat(3, "Alice", "c", 1)),
            chat(101, "Alice", "mine", 1)]),
        "page reply notice own chat": (0x0A, [
            history(0x04 | 0x01, chat(1, "Zed", "old")), chat(6, "Zed", "live"),
            history(0x04 | 0x02, chat(2, "Bob", "older")), notice(3), chat(7, "Alice", "hi", 1)]),
        "members stream": (0x03, [members("Zed"), members("Alice"), joined(6, "Bob")]),
        "members over the count": (0x03, [members(*[f"m{i}" for i in range(20)])]),
        "rejected then welcome": (0x00, [
            rejected(1, "taken"), rejected(6), welcome("Alice", 1), members("Alice")]),
        "rename": (0x02, [left(6, "Alice", 7), joined(7, "Alicia", "Alice"), chat(8, "Alicia", "x")]),
        "joins past the room limit": (0x02, [joined(6 + i, f"n{i}") for i in range(20)]),
        "resumed unasked": (0x00, [resumed("Alice", 5), welcome("Alice", 1), members("Alice")]),
        "long text": (0x02, [chat(6, "Zed", "x" * 2001), chat(7, "Zed", "after")]),
        "chunked 1.0 join": (0x30, [welcome("Alice", 2), members("Zed", "Alice"), chat(6, "Zed", "hi")]),
    }
    for name, (options, payloads) in scripted.items():
        write(hostile, name, u8(options) + b"".join(map(frame, payloads)))
    # Bit 6: the server resets after the first part and the session comes back at once.
    write(hostile, "resumed with the outbox", two_connections(0x0A, [chat(6, "Zed", "hi")], [
        resumed("Alice", 6, 1), chat(7, "Alice", "while away", 2), pong(1), chat(8, "Zed", "wb")]))
    write(hostile, "resume refused, joined afresh", two_connections(0x06, [chat(6, "Zed", "hi")], [
        rejected(6), welcome("Alice", 2, 9, b"k" * 24), members("Zed", "Alice"),
        history(0x00, chat(6, "Zed", "hi"), chat(7, "Alice", "hi", 1)), pong(1)]))
    write(hostile, "1.0 rejoin", two_connections(0x01, [joined(6, "Bob")], [
        welcome("Alice", 3), members("Zed", "Bob", "Alice"), left(8, "Bob")]))
    print(f"{len(vectors)} golden vectors -> {codec.name}/, {session.name}/ and {hostile.name}/")


if __name__ == "__main__":
    main()
