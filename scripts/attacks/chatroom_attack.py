#!/usr/bin/env python3
"""Attacks on a running chatroom-server, measured from outside (docs/trust.md).

Python 3 standard library only. Every subcommand takes --host/--port, and --pid of the
server to read its CPU time (utime+stime from /proc/PID/stat) and its open descriptors
(/proc/PID/fd). Each prints one JSON object on stdout; progress goes to stderr.

    idle           open N idle connections, hold them, close them; join during and after
    reserved-hello N connections that each send Hello("admin") every P seconds
    unknown-flood  one joined member sends K unknown-type frames while M members chat
    unknown-only   the same attacker alone (K and K+1 frames find where it is closed)
    churn          K connect/close cycles from one address
    join           one real join (Hello + Welcome), timed
    chatters       (used by unknown-flood) M members chatting, latency of their own echo

The wire format is docs/protocol.md: a 4-byte big-endian length, then the payload (type
byte + QDataStream fields; QString = quint32 byte count + UTF-16BE).
"""

import argparse
import errno
import json
import os
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

# Client to server.
HELLO, SAY, BYE, PING = 0x01, 0x02, 0x03, 0x04
# Server to client.
WELCOME, REJECTED, JOINED, LEFT, CHAT, BROADCAST, PONG, NOTICE, ERROR, MEMBERS = (
    0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A)
TYPE_NAMES = {WELCOME: "Welcome", REJECTED: "Rejected", JOINED: "Joined", LEFT: "Left",
              CHAT: "Chat", BROADCAST: "Broadcast", PONG: "Pong", NOTICE: "Notice",
              ERROR: "Error", MEMBERS: "Members"}
ERROR_CODES = {1: "Malformed", 2: "FrameTooLarge", 3: "NotJoined", 4: "Kicked",
               5: "ServerShutdown", 6: "TimedOut", 7: "TooSlow", 8: "Flooding",
               9: "HelloTimeout"}
REJECT_REASONS = {1: "NameTaken", 2: "NameInvalid", 3: "NameReserved",
                  4: "VersionUnsupported", 5: "RoomFull", 6: "ResumeFailed",
                  7: "PasswordRequired"}

CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ---------------------------------------------------------------- wire format

def frame(payload):
    return struct.pack(">I", len(payload)) + payload


def qstring(text):
    data = text.encode("utf-16-be")
    return struct.pack(">I", len(data)) + data


def hello(nickname, version=1):
    return frame(bytes([HELLO]) + struct.pack(">H", version) + qstring(nickname))


def say(text):
    return frame(bytes([SAY]) + qstring(text))


def ping(token):
    return frame(bytes([PING]) + struct.pack(">Q", token))


UNKNOWN_FRAME = frame(bytes([0x20]))  # 00 00 00 01 20


def read_qstring(payload, offset):
    (n,) = struct.unpack_from(">I", payload, offset)
    offset += 4
    if n == 0xFFFFFFFF:
        return "", offset
    return payload[offset:offset + n].decode("utf-16-be", "replace"), offset + n


def parse_chat(payload):
    """(from, text) of a Chat payload (type byte included)."""
    offset = 1 + 8 + 8
    sender, offset = read_qstring(payload, offset)
    text, offset = read_qstring(payload, offset)
    return sender, text


class FrameBuffer:
    """Cuts a byte stream into payloads."""

    def __init__(self):
        self.buf = bytearray()

    def feed(self, data):
        self.buf += data
        out = []
        pos = 0
        n = len(self.buf)
        while n - pos >= 4:
            (length,) = struct.unpack_from(">I", self.buf, pos)
            if n - pos - 4 < length:
                break
            out.append(bytes(self.buf[pos + 4:pos + 4 + length]))
            pos += 4 + length
        if pos:
            del self.buf[:pos]
        return out


# ---------------------------------------------------------------- the server from outside

class Proc:
    """CPU seconds and descriptors of the server process, when --pid is given."""

    def __init__(self, pid):
        self.pid = pid

    def cpu(self):
        if not self.pid:
            return None
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            # After "pid (comm)": state is fields[0], utime is field 14 -> index 11.
            return (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (OSError, IndexError, ValueError):
            return None

    def runqueue_wait(self):
        """Seconds spent runnable but waiting for a CPU (0 when schedstats are off)."""
        if not self.pid:
            return None
        try:
            with open(f"/proc/{self.pid}/schedstat") as f:
                return int(f.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return None

    def fds(self):
        if not self.pid:
            return None
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return None

    def alive(self):
        if not self.pid:
            return None
        return os.path.exists(f"/proc/{self.pid}")


class CpuWindow:
    """The server's CPU time over a stretch of wall time, and how long it waited for a CPU
    while runnable (/proc/PID/schedstat: other processes share the machine)."""

    def __init__(self, proc):
        self.proc = proc
        self.t0 = time.monotonic()
        self.c0 = proc.cpu()
        self.w0 = proc.runqueue_wait()

    def result(self, t1=None, c1=None, w1=None):
        if t1 is None:
            t1, c1, w1 = time.monotonic(), self.proc.cpu(), self.proc.runqueue_wait()
        wall = t1 - self.t0
        if self.c0 is None or c1 is None:
            return {"wall_s": round(wall, 3), "cpu_s": None, "cpu_pct": None}
        used = c1 - self.c0
        out = {"wall_s": round(wall, 3), "cpu_s": round(used, 2),
               "cpu_pct": round(100.0 * used / wall, 1) if wall > 0 else None}
        if self.w0 is not None and w1 is not None:
            out["runqueue_wait_s"] = round(w1 - self.w0, 3)
        return out

    def sample(self):
        return time.monotonic(), self.proc.cpu(), self.proc.runqueue_wait()


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# ---------------------------------------------------------------- a real join

def try_join(host, port, nickname, timeout):
    """Connect, send Hello, wait for Welcome. Returns what happened and how long it took."""
    t0 = time.monotonic()
    deadline = t0 + timeout
    result = {"nickname": nickname, "joined": False, "seconds": None, "answer": None}
    sock = None
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect((host, port))
        result["connect_s"] = round(time.monotonic() - t0, 3)
        sock.sendall(hello(nickname))
        frames = FrameBuffer()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                result["answer"] = "timeout"
                break
            sock.settimeout(left)
            data = sock.recv(65536)
            if not data:
                result["answer"] = "closed"
                break
            done = False
            for payload in frames.feed(data):
                kind = payload[0]
                if kind == WELCOME:
                    result["joined"] = True
                    result["answer"] = "Welcome"
                    done = True
                    break
                if kind == REJECTED:
                    result["answer"] = "Rejected/" + REJECT_REASONS.get(payload[1], str(payload[1]))
                    done = True
                    break
                if kind == ERROR:
                    result["answer"] = "Error/" + ERROR_CODES.get(payload[1], str(payload[1]))
                    done = True
                    break
            if done:
                break
    except socket.timeout:
        result["answer"] = "timeout"
    except OSError as e:
        result["answer"] = "error/" + errno.errorcode.get(e.errno, str(e))
    finally:
        result["seconds"] = round(time.monotonic() - t0, 3)
        if sock is not None:
            try:
                if result["joined"]:
                    sock.sendall(frame(bytes([BYE])))
            except OSError:
                pass
            sock.close()
    return result


def join_in_thread(host, port, nickname, timeout, at, results, key):
    """Run try_join at monotonic time `at` in a thread, storing into results[key]."""
    def run():
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        results[key] = try_join(host, port, nickname, timeout)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------- many connections

class Crowd:
    """Many non-blocking connections from this process, watched with one selector."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.sel = selectors.DefaultSelector()
        self.pending = {}      # sock -> started
        self.open = {}         # sock -> state dict
        self.failed = 0
        self.connect_failures = {}
        self.closed_by_server = 0
        self.closed_times = []
        self.on_frame = None   # callback(sock, state, payload)

    def start(self, n):
        for _ in range(n):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            err = sock.connect_ex((self.host, self.port))
            if err in (0, errno.EINPROGRESS):
                self.pending[sock] = time.monotonic()
                self.sel.register(sock, selectors.EVENT_WRITE)
            else:
                self.failed += 1
                name = errno.errorcode.get(err, str(err))
                self.connect_failures[name] = self.connect_failures.get(name, 0) + 1
                sock.close()

    def poll(self, timeout):
        for key, mask in self.sel.select(timeout):
            sock = key.fileobj
            if sock in self.pending:
                del self.pending[sock]
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    self.failed += 1
                    name = errno.errorcode.get(err, str(err))
                    self.connect_failures[name] = self.connect_failures.get(name, 0) + 1
                    self.sel.unregister(sock)
                    sock.close()
                    continue
                self.open[sock] = {"frames": FrameBuffer(), "rejected": 0, "answers": {},
                                   "since": time.monotonic()}
                self.sel.modify(sock, selectors.EVENT_READ)
                continue
            state = self.open.get(sock)
            if state is None:
                continue
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                self.lost(sock)
                continue
            for payload in state["frames"].feed(data):
                name = TYPE_NAMES.get(payload[0], hex(payload[0]))
                if payload[0] == ERROR and len(payload) > 1:
                    name += "/" + ERROR_CODES.get(payload[1], str(payload[1]))
                if payload[0] == REJECTED:
                    state["rejected"] += 1
                state["answers"][name] = state["answers"].get(name, 0) + 1
                if self.on_frame:
                    self.on_frame(sock, state, payload)

    def lost(self, sock):
        state = self.open.pop(sock)
        self.closed_by_server += 1
        self.closed_times.append(time.monotonic() - state["since"])
        self.sel.unregister(sock)
        sock.close()

    def run_for(self, seconds, tick=None, every=0.05):
        end = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            if now >= end:
                break
            self.poll(min(every, end - now))
            if tick:
                tick()

    def establish(self, seconds):
        """Poll until every connect has completed or failed, or `seconds` passed."""
        end = time.monotonic() + seconds
        while self.pending and time.monotonic() < end:
            self.poll(min(0.05, end - time.monotonic()))

    def send_all(self, data):
        sent = 0
        for sock in list(self.open):
            try:
                sock.send(data)
                sent += 1
            except OSError:
                self.lost(sock)
        return sent

    def close_all(self):
        for sock in list(self.pending):
            self.sel.unregister(sock)
            sock.close()
        self.pending.clear()
        for sock in list(self.open):
            self.sel.unregister(sock)
            sock.close()
        self.open.clear()

    def answers(self):
        total = {}
        for state in self.open.values():
            for name, count in state["answers"].items():
                total[name] = total.get(name, 0) + count
        return total


# ---------------------------------------------------------------- attack 1: idle connections

def cmd_idle(args):
    proc = Proc(args.pid)
    out = {"attack": "idle", "connections": args.connections, "hold_s": args.hold,
           "attacker_nofile": raise_nofile(), "server_fds_before": proc.fds(),
           "load_before": loadavg()}
    crowd = Crowd(args.host, args.port)
    t0 = time.monotonic()
    cpu_total = CpuWindow(proc)
    crowd.start(args.connections)
    crowd.establish(args.connect_wait)
    out["established"] = len(crowd.open)
    out["connect_pending"] = len(crowd.pending)
    out["connect_failed"] = crowd.failed
    out["connect_failures"] = crowd.connect_failures
    out["open_s"] = round(time.monotonic() - t0, 3)
    log(f"idle: {len(crowd.open)} established, {len(crowd.pending)} pending, "
        f"{crowd.failed} failed in {out['open_s']} s")

    joins = {}
    threads = []
    hold_start = time.monotonic()
    if args.join_during is not None:
        threads.append(join_in_thread(args.host, args.port, "during", args.join_timeout,
                                      hold_start + args.join_during, joins, "during"))
    cpu_hold = CpuWindow(proc)
    peak_fds = proc.fds() or 0

    def tick():
        nonlocal peak_fds
        fds = proc.fds()
        if fds is not None and fds > peak_fds:
            peak_fds = fds

    crowd.run_for(args.hold, tick=tick, every=0.25)
    out["hold_cpu"] = cpu_hold.result()
    out["server_fds_peak_hold"] = peak_fds
    out["server_fds_end_hold"] = proc.fds()
    out["still_open_end_hold"] = len(crowd.open)
    out["still_pending_end_hold"] = len(crowd.pending)
    out["closed_by_server_during_hold"] = crowd.closed_by_server
    out["answers_on_open"] = crowd.answers()
    crowd.close_all()
    for thread in threads:
        thread.join(args.join_timeout + 5)
    after_close = time.monotonic()
    cpu_after = CpuWindow(proc)
    joins["after"] = try_join(args.host, args.port, "after", args.join_timeout)
    joins["after"]["started_s_after_close"] = round(time.monotonic() - after_close
                                                   - joins["after"]["seconds"], 3)
    out["after_cpu"] = cpu_after.result()
    out["joins"] = joins
    out["total_cpu"] = cpu_total.result()
    out["server_alive"] = proc.alive()
    out["server_fds_end"] = proc.fds()
    out["load_after"] = loadavg()
    print(json.dumps(out))


# ---------------------------------------------------------------- attack 2: reserved Hello

def cmd_reserved_hello(args):
    proc = Proc(args.pid)
    out = {"attack": "reserved-hello", "connections": args.connections,
           "period_s": args.period, "duration_s": args.duration, "nickname": args.nickname,
           "attacker_nofile": raise_nofile(), "load_before": loadavg()}
    crowd = Crowd(args.host, args.port)
    cpu = CpuWindow(proc)
    t0 = time.monotonic()
    crowd.start(args.connections)
    crowd.establish(args.connect_wait)
    out["established"] = len(crowd.open) + crowd.closed_by_server
    out["connect_pending"] = len(crowd.pending)
    out["connect_failed"] = crowd.failed
    log(f"reserved-hello: {out['established']} established in {time.monotonic() - t0:.2f} s")

    # Each connection says Hello at its own phase of the period, so the load is steady
    # and every connection speaks well within the server's 10 s hello timeout.
    frame_bytes = hello(args.nickname)
    socks = list(crowd.open)
    n = max(1, len(socks))
    schedule = {sock: t0 + args.period * i / n for i, sock in enumerate(socks)}
    hellos = 0
    joins = {}
    threads = [join_in_thread(args.host, args.port, "member", args.join_timeout,
                              t0 + args.join_at, joins, "during")]
    end = t0 + args.duration

    def tick():
        nonlocal hellos
        now = time.monotonic()
        for sock in list(schedule):
            if sock not in crowd.open:
                del schedule[sock]
                continue
            if schedule[sock] <= now:
                try:
                    sock.send(frame_bytes)
                    hellos += 1
                except OSError:
                    crowd.lost(sock)
                    del schedule[sock]
                    continue
                schedule[sock] += args.period

    samples = []
    next_sample = t0
    while time.monotonic() < end:
        crowd.poll(0.02)
        tick()
        if time.monotonic() >= next_sample:
            samples.append({"t": round(time.monotonic() - t0, 1), "open": len(crowd.open),
                            "server_fds": proc.fds()})
            next_sample += 10
    out["cpu"] = cpu.result()
    out["hellos_sent"] = hellos
    out["still_connected_end"] = len(crowd.open)
    out["closed_by_server"] = crowd.closed_by_server
    rejected = [state["rejected"] for state in crowd.open.values()]
    out["rejected_per_open_connection_max"] = max(rejected) if rejected else 0
    out["answers_on_open"] = crowd.answers()
    out["timeline"] = samples
    out["server_fds_end"] = proc.fds()
    for thread in threads:
        thread.join(args.join_timeout + 5)
    out["joins"] = joins
    crowd.close_all()
    out["server_alive"] = proc.alive()
    out["load_after"] = loadavg()
    print(json.dumps(out))


# ---------------------------------------------------------------- attack 3: unknown types

def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summarize(samples, start, end):
    lat = [s[1] for s in samples if start <= s[0] < end and s[1] is not None]
    lost = sum(1 for s in samples if start <= s[0] < end and s[1] is None)
    ms = lambda v: None if v is None else round(v * 1000, 1)
    return {"n": len(lat), "lost": lost, "p50_ms": ms(percentile(lat, 50)),
            "p99_ms": ms(percentile(lat, 99)), "max_ms": ms(max(lat) if lat else None)}


def cmd_chatters(args):
    """M members; each says something every `interval` s and times its own Chat echo."""
    sel = selectors.DefaultSelector()
    members = []
    for i in range(args.members):
        sock = socket.create_connection((args.host, args.port), timeout=10)
        nickname = f"{args.prefix}{i}"
        sock.sendall(hello(nickname))
        frames = FrameBuffer()
        welcome = False
        while not welcome:
            data = sock.recv(65536)
            if not data:
                raise SystemExit(f"{nickname}: closed before Welcome")
            for payload in frames.feed(data):
                if payload[0] == WELCOME:
                    welcome = True
                elif payload[0] in (REJECTED, ERROR):
                    raise SystemExit(f"{nickname}: refused {payload[:2].hex()}")
        sock.setblocking(False)
        member = {"i": i, "sock": sock, "nick": nickname, "frames": frames, "n": 0,
                  "pending": {}, "closed": None}
        members.append(member)
        sel.register(sock, selectors.EVENT_READ, member)
    t0 = time.monotonic()
    print(json.dumps({"ready": t0}), flush=True)
    for m in members:
        m["next"] = t0 + args.interval * m["i"] / args.members
    samples = []  # (sent at, latency or None)
    end = t0 + args.duration
    notices = 0
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        now = time.monotonic()
        if now >= end:
            break
        for m in members:
            if m["closed"] is None and m["next"] <= now:
                n = m["n"]
                m["n"] += 1
                m["pending"][f"{m['i']}:{n}"] = now
                try:
                    m["sock"].send(say(f"{m['i']}:{n}"))
                except BlockingIOError:
                    pass  # counted lost
                except OSError:
                    m["closed"] = now
                m["next"] += args.interval
                if m["next"] < now:  # fell behind: do not burst to catch up
                    m["next"] = now + args.interval
        wait = min(m["next"] for m in members) - time.monotonic()
        for key, _ in sel.select(max(0.0, min(wait, end - time.monotonic()))):
            m = key.data
            try:
                data = m["sock"].recv(262144)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            got = time.monotonic()
            if not data:
                m["closed"] = got
                sel.unregister(m["sock"])
                continue
            for payload in m["frames"].feed(data):
                if payload[0] == CHAT:
                    sender, text = parse_chat(payload)
                    if sender == m["nick"]:
                        sent = m["pending"].pop(text, None)
                        if sent is not None:
                            samples.append((sent, got - sent))
                elif payload[0] == NOTICE:
                    notices += 1
    # Anything still waiting for its echo is lost (or later than the run).
    for m in members:
        for sent in m["pending"].values():
            samples.append((sent, None))
        try:
            m["sock"].sendall(frame(bytes([BYE])))
        except OSError:
            pass
        m["sock"].close()
    print(json.dumps({"samples": samples, "notices": notices,
                      "closed": sum(1 for m in members if m["closed"] is not None)}),
          flush=True)


def flood_unknown(host, port, count, nickname, chunk_frames, quiet, limit_s, proc):
    """Join, then send `count` unknown-type frames as fast as the socket takes them while
    reading every answer. Returns what happened."""
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(hello(nickname))
    frames = FrameBuffer()
    joined = False
    while not joined:
        data = sock.recv(65536)
        if not data:
            raise SystemExit("attacker: closed before Welcome")
        for payload in frames.feed(data):
            if payload[0] == WELCOME:
                joined = True
    sock.setblocking(False)
    chunk = UNKNOWN_FRAME * chunk_frames
    unpack_from = struct.unpack_from
    buf = frames.buf
    self_cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    sent_bytes = 0
    total_bytes = len(UNKNOWN_FRAME) * count
    answers = {}
    closed = None
    close_how = None
    first_error = None
    t0 = time.monotonic()
    last_rx = t0
    sent_done = None
    cpu = CpuWindow(proc)
    last_sample = cpu.sample()
    sel = selectors.DefaultSelector()
    sel.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
    while True:
        now = time.monotonic()
        if closed is not None:
            break
        if sent_done is not None and now - last_rx > quiet:
            break
        if now - t0 > limit_s:
            close_how = "gave up (time limit)"
            break
        for key, mask in sel.select(0.1):
            if mask & selectors.EVENT_READ:
                try:
                    data = sock.recv(1 << 20)
                except BlockingIOError:
                    data = None
                except OSError as e:
                    data = b""
                    close_how = "recv " + errno.errorcode.get(e.errno, str(e))
                if data is not None:
                    if not data:
                        closed = time.monotonic()
                        close_how = close_how or "EOF"
                        break
                    got = time.monotonic()
                    # Counted in place, no copy per frame: the attacker shares a core
                    # with the chatters and must cost them as little as possible.
                    buf += data
                    pos, n, answered = 0, len(buf), False
                    while n - pos >= 5:
                        (length,) = unpack_from(">I", buf, pos)
                        if n - pos - 4 < length:
                            break
                        kind, code = buf[pos + 4], buf[pos + 5] if length > 1 else 0
                        pos += 4 + length
                        if kind in (NOTICE, ERROR, PONG):
                            answered = True
                        key = (kind, code) if kind in (NOTICE, ERROR) else (kind, None)
                        if kind == ERROR and first_error is None:
                            first_error = {"code": ERROR_CODES.get(code, code),
                                           "at_s": round(got - t0, 4),
                                           "bytes_written_by_then": sent_bytes,
                                           "answers_before": named(answers)}
                        answers[key] = answers.get(key, 0) + 1
                    del buf[:pos]
                    if answered:
                        last_rx = got
                        last_sample = cpu.sample()
            if mask & selectors.EVENT_WRITE and sent_bytes < total_bytes:
                left = total_bytes - sent_bytes
                piece = chunk if left >= len(chunk) else UNKNOWN_FRAME * (left // 5)
                # Keep frame boundaries simple: a partial write leaves a remainder that the
                # next send continues from the same offset in the repeating pattern.
                offset = sent_bytes % 5
                try:
                    n = sock.send(piece[offset:] if offset else piece)
                    sent_bytes += n
                except BlockingIOError:
                    pass
                except OSError as e:
                    closed = time.monotonic()
                    close_how = "send " + errno.errorcode.get(e.errno, str(e))
                    break
                if sent_bytes >= total_bytes:
                    sent_done = time.monotonic()
                    sel.modify(sock, selectors.EVENT_READ)
                    last_rx = max(last_rx, sent_done)
    end = time.monotonic()
    sock.close()
    self_cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    span_end = closed if closed is not None else last_rx
    return {"frames_to_send": count, "frames_written": sent_bytes // 5,
            "all_written_s": None if sent_done is None else round(sent_done - t0, 3),
            "closed_by_server": closed is not None and close_how is not None
            and not close_how.startswith("gave up"),
            "close_how": close_how,
            "closed_at_s": None if closed is None else round(closed - t0, 3),
            "first_error": first_error, "answers": named(answers),
            "start": t0, "end": span_end,
            "last_answer_s": round(last_rx - t0, 3),
            "server_cpu_until_last_answer": cpu.result(*last_sample),
            "attacker_own_cpu_s": round(
                self_cpu1.ru_utime + self_cpu1.ru_stime
                - self_cpu0.ru_utime - self_cpu0.ru_stime, 2),
            "ran_s": round(end - t0, 3)}


def named(answers):
    out = {}
    for (kind, code), count in answers.items():
        name = TYPE_NAMES.get(kind, hex(kind))
        if code is not None:
            codes = ERROR_CODES if kind == ERROR else {4: "UnknownType", 3: "SlowDown"}
            name += "/" + str(codes.get(code, code))
        out[name] = count
    return out


def cmd_unknown_flood(args):
    proc = Proc(args.pid)
    out = {"attack": "unknown-flood", "frames": args.frames, "members": args.members,
           "interval_ms": args.interval * 1000, "load_before": loadavg()}
    me = os.path.abspath(__file__)
    duration = args.baseline + args.window + args.attack_limit + 5
    chat = subprocess.Popen(
        [sys.executable, me, "chatters", "--host", args.host, "--port", str(args.port),
         "--members", str(args.members), "--interval", str(args.interval),
         "--duration", str(duration), "--prefix", args.prefix],
        stdout=subprocess.PIPE, text=True)
    ready = json.loads(chat.stdout.readline())["ready"]
    # The attacker joins before the baseline starts, so its Joined is outside both windows.
    time.sleep(1.0)
    base_start = time.monotonic()
    cpu_base = CpuWindow(proc)
    time.sleep(args.baseline)
    out["baseline_cpu"] = cpu_base.result()
    log("unknown-flood: attacking")
    cpu_window = CpuWindow(proc)
    result = flood_unknown(args.host, args.port, args.frames, args.attacker, args.chunk,
                           args.quiet, args.attack_limit, proc)
    attack_start, attack_end = result.pop("start"), result.pop("end")
    out["attack_span_s"] = round(attack_end - attack_start, 3)
    out["attacker"] = result
    # The window after the attack started, at least args.window long.
    window_end = max(attack_end, attack_start + args.window)
    remaining = window_end - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
    out["window_cpu"] = cpu_window.result()
    time.sleep(2)
    chat.terminate()
    rest, _ = chat.communicate(timeout=60)
    data = None
    for line in rest.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
    if data is None:
        raise SystemExit("chatters gave no summary")
    samples = data["samples"]
    out["chat_baseline"] = summarize(samples, base_start, base_start + args.baseline)
    out["chat_during_attack_span"] = summarize(samples, attack_start, attack_end)
    out["chat_window_from_attack_start"] = summarize(samples, attack_start, window_end)
    out["chat_window_s"] = round(window_end - attack_start, 3)
    out["chatters_closed"] = data["closed"]
    out["chatter_notices"] = data["notices"]
    out["server_alive"] = proc.alive()
    out["load_after"] = loadavg()
    print(json.dumps(out))


# ---------------------------------------------------------------- attack 4: churn

def cmd_churn(args):
    """Connect, (optionally) Ping and wait for the Pong, close; `parallel` at a time."""
    proc = Proc(args.pid)
    raise_nofile()
    out = {"attack": "churn", "cycles": args.cycles, "parallel": args.parallel,
           "probe": not args.no_probe, "load_before": loadavg()}
    sel = selectors.DefaultSelector()
    started = 0
    outcome = {}
    inflight = {}
    cpu = CpuWindow(proc)
    t0 = time.monotonic()

    def finish(sock, what):
        outcome[what] = outcome.get(what, 0) + 1
        inflight.pop(sock, None)
        sel.unregister(sock)
        sock.close()

    while started < args.cycles or inflight:
        while started < args.cycles and len(inflight) < args.parallel:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            err = sock.connect_ex((args.host, args.port))
            started += 1
            if err not in (0, errno.EINPROGRESS):
                what = "connect " + errno.errorcode.get(err, str(err))
                outcome[what] = outcome.get(what, 0) + 1
                sock.close()
                continue
            inflight[sock] = {"t": time.monotonic(), "stage": "connect", "buf": FrameBuffer()}
            sel.register(sock, selectors.EVENT_WRITE)
        now = time.monotonic()
        for sock, st in list(inflight.items()):
            if now - st["t"] > args.timeout:
                finish(sock, "timeout in " + st["stage"])
        for key, mask in sel.select(0.05):
            sock = key.fileobj
            st = inflight.get(sock)
            if st is None:
                continue
            if st["stage"] == "connect":
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    finish(sock, "connect " + errno.errorcode.get(err, str(err)))
                    continue
                if args.no_probe:
                    finish(sock, "connected and closed")
                    continue
                try:
                    sock.send(ping(started))
                except OSError as e:
                    finish(sock, "refused (send " + errno.errorcode.get(e.errno, "?") + ")")
                    continue
                st["stage"] = "pong"
                sel.modify(sock, selectors.EVENT_READ)
                continue
            try:
                data = sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError as e:
                finish(sock, "refused (" + errno.errorcode.get(e.errno, "?") + ")")
                continue
            if not data:
                finish(sock, "refused (closed)")
                continue
            for payload in st["buf"].feed(data):
                if payload[0] == PONG:
                    finish(sock, "accepted (Pong)")
                    break
                if payload[0] == ERROR:
                    finish(sock, "Error/" + ERROR_CODES.get(payload[1], str(payload[1])))
                    break
    out["seconds"] = round(time.monotonic() - t0, 3)
    out["rate_per_s"] = round(args.cycles / out["seconds"], 1)
    out["outcomes"] = outcome
    out["cpu"] = cpu.result()
    cpu_settle = CpuWindow(proc)
    time.sleep(args.settle)
    out["cpu_after"] = cpu_settle.result()
    out["join_after"] = try_join(args.host, args.port, "after", args.join_timeout)
    out["server_alive"] = proc.alive()
    out["server_fds_end"] = proc.fds()
    out["load_after"] = loadavg()
    print(json.dumps(out))


def cmd_unknown_only(args):
    """The attacker of unknown-flood alone: K frames, then wait for the answers to stop.
    Sending K and K+1 finds the frame that gets a member closed."""
    result = flood_unknown(args.host, args.port, args.frames, args.attacker, args.chunk,
                           args.quiet, args.attack_limit, Proc(args.pid))
    result.pop("start")
    result.pop("end")
    print(json.dumps({"attack": "unknown-only", "frames": args.frames, **result}))


def cmd_join(args):
    print(json.dumps(try_join(args.host, args.port, args.nickname, args.timeout)))


# ---------------------------------------------------------------- command line

def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=9527)
        p.add_argument("--pid", type=int, default=0,
                       help="the server's process id, for its CPU time and descriptors")
        return p

    p = common(sub.add_parser("idle", help="attack 1: idle connections"))
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--hold", type=float, default=5.0)
    p.add_argument("--connect-wait", type=float, default=3.0,
                   help="how long to wait for the connects before holding")
    p.add_argument("--join-during", type=float, default=None,
                   help="also try a join this many seconds into the hold")
    p.add_argument("--join-timeout", type=float, default=15.0)
    p.set_defaults(func=cmd_idle)

    p = common(sub.add_parser("reserved-hello", help="attack 2: Hello(admin) over and over"))
    p.add_argument("--connections", type=int, default=1100)
    p.add_argument("--period", type=float, default=8.0)
    p.add_argument("--duration", type=float, default=60.0)
    p.add_argument("--nickname", default="admin")
    p.add_argument("--connect-wait", type=float, default=3.0)
    p.add_argument("--join-at", type=float, default=30.0)
    p.add_argument("--join-timeout", type=float, default=15.0)
    p.set_defaults(func=cmd_reserved_hello)

    p = common(sub.add_parser("unknown-flood", help="attack 3: unknown-type frames"))
    p.add_argument("--frames", type=int, default=200000)
    p.add_argument("--members", type=int, default=10)
    p.add_argument("--interval", type=float, default=0.6,
                   help="seconds between one chatter's Says (the default flood limit is "
                        "20 per 10 s per member)")
    p.add_argument("--baseline", type=float, default=8.0)
    p.add_argument("--window", type=float, default=8.0)
    p.add_argument("--attack-limit", type=float, default=120.0)
    p.add_argument("--quiet", type=float, default=3.0,
                   help="after the last frame, stop when nothing came back for this long")
    p.add_argument("--chunk", type=int, default=2000, help="frames per write")
    p.add_argument("--attacker", default="attacker")
    p.add_argument("--prefix", default="chat")
    p.set_defaults(func=cmd_unknown_flood)

    p = common(sub.add_parser("unknown-only", help="the unknown-type attacker alone"))
    p.add_argument("--frames", type=int, default=41)
    p.add_argument("--attack-limit", type=float, default=120.0)
    p.add_argument("--quiet", type=float, default=2.0)
    p.add_argument("--chunk", type=int, default=2000)
    p.add_argument("--attacker", default="attacker")
    p.set_defaults(func=cmd_unknown_only)

    p = common(sub.add_parser("chatters", help="members chatting (used by unknown-flood)"))
    p.add_argument("--members", type=int, default=10)
    p.add_argument("--interval", type=float, default=0.6)
    p.add_argument("--duration", type=float, default=30.0)
    p.add_argument("--prefix", default="chat")
    p.set_defaults(func=cmd_chatters)

    p = common(sub.add_parser("churn", help="attack 4: connect/close cycles"))
    p.add_argument("--cycles", type=int, default=10000)
    p.add_argument("--parallel", type=int, default=32)
    p.add_argument("--timeout", type=float, default=5.0)
    p.add_argument("--no-probe", action="store_true",
                   help="close right after connecting instead of waiting for a Pong")
    p.add_argument("--settle", type=float, default=2.0)
    p.add_argument("--join-timeout", type=float, default=15.0)
    p.set_defaults(func=cmd_churn)

    p = common(sub.add_parser("join", help="one timed join"))
    p.add_argument("--nickname", default="probe")
    p.add_argument("--timeout", type=float, default=15.0)
    p.set_defaults(func=cmd_join)

    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
