#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora from the golden vectors of tests/tst_messagecodec.cpp.

The hex there is written by hand from docs/protocol.md, so the seeds are exactly the
protocol's bytes for every message type, not what the codec happens to produce.
  corpus_codec/    one framed payload per golden vector, plus all of them in one stream
  corpus_server_session/  client-to-server streams: a join, chat, ping and bye, and each alone
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
    print(f"{len(vectors)} golden vectors -> {codec.name}/ and {session.name}/")


if __name__ == "__main__":
    main()
