#!/usr/bin/env python3
"""Run the attacks of chatroom_attack.py against two chatroom-server builds, one server
per attack and build, BEFORE and AFTER back to back, and write the results as JSON.

    scripts/attacks/run_all.py --before /tmp/atk-before/build/app-server/chatroom-server \
        --after /tmp/atk-after/build/app-server/chatroom-server --out /tmp/attacks.json

Each server runs as
    prlimit --nofile=N:N taskset -c 0 chatroom-server --headless --listen 127.0.0.1
        --port P --log memory --lang en [extra]
with stdout to a log file (its lines are counted), and each attacker as
    taskset -c 1 python3 chatroom_attack.py SUBCOMMAND --host 127.0.0.1 --port P --pid PID
The server is stopped with SIGTERM (SIGKILL after 15 s) after every attack.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ATTACK = os.path.join(HERE, "chatroom_attack.py")

# name: (descriptor limit, extra server options, attack arguments, sides)
ATTACKS = {
    "1a": (512, [], ["idle", "--connections", "1000", "--hold", "5", "--join-timeout", "15"],
           ("before", "after")),
    "1b": (1024, [], ["idle", "--connections", "1100", "--hold", "10", "--join-during", "5",
                      "--join-timeout", "15"], ("before", "after")),
    "2": (4096, [], ["reserved-hello", "--connections", "1100", "--period", "8",
                     "--duration", "60", "--join-at", "30"], ("before", "after")),
    "3": (4096, [], ["unknown-flood", "--frames", "200000", "--interval", "0.6"],
          ("before", "after")),
    "3-fast": (4096, ["--flood-limit", "1000"],
               ["unknown-flood", "--frames", "200000", "--interval", "0.02"],
               ("before", "after")),
    "4": (4096, [], ["churn", "--cycles", "10000"], ("before", "after")),
    "4-noprobe": (4096, [], ["churn", "--cycles", "10000", "--no-probe"], ("before", "after")),
    "3-count40": (4096, [], ["unknown-only", "--frames", "40"], ("before", "after")),
    "3-count41": (4096, [], ["unknown-only", "--frames", "41"], ("before", "after")),
    "2-90s-after": (4096, [], ["reserved-hello", "--connections", "1100", "--period", "8",
                               "--duration", "90", "--join-at", "30"], ("after",)),
    # The per-address caps, which spare loopback unless told otherwise (AFTER only).
    "2-limit-loopback": (4096, ["--limit-loopback"],
                         ["reserved-hello", "--connections", "1100", "--period", "8",
                          "--duration", "60", "--join-at", "30"], ("after",)),
    "4-limit-loopback": (4096, ["--limit-loopback"], ["churn", "--cycles", "10000"],
                         ("after",)),
}


def listening(port):
    want = f":{port:04X}"
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(path) as f:
                for line in f.readlines()[1:]:
                    parts = line.split()
                    if parts[1].endswith(want) and parts[3] == "0A":
                        return True
        except OSError:
            pass
    return False


def start_server(binary, port, nofile, extra, logdir, tag):
    out = open(os.path.join(logdir, f"{tag}.stdout"), "wb")
    err = open(os.path.join(logdir, f"{tag}.stderr"), "wb")
    cmd = ["prlimit", f"--nofile={nofile}:{nofile}", "taskset", "-c", "0", binary,
           "--headless", "--listen", "127.0.0.1", "--port", str(port), "--log", "memory",
           "--lang", "en"] + extra
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not listening(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"{tag}: server did not start on port {port} "
                               f"(see {logdir}/{tag}.stderr)")
        time.sleep(0.05)
    with open(f"/proc/{proc.pid}/comm") as f:
        comm = f.read().strip()
    return proc, cmd, comm


def stop_server(proc):
    t0 = time.monotonic()
    if proc.poll() is not None:
        return {"stopped_by": "already exited", "exit": proc.returncode}
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
        return {"stopped_by": "SIGTERM", "exit": proc.returncode,
                "stop_s": round(time.monotonic() - t0, 2)}
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return {"stopped_by": "SIGKILL (no exit 15 s after SIGTERM)", "exit": proc.returncode}


def count_lines(path):
    counts = {"lines": 0}
    patterns = {
        "unknown_type_refusals": re.compile(r"Refused a message from .*attacker"),
        "name_refusals": re.compile(r"Refused the nickname"),
        "connections_closed": re.compile(r"Closed the connection"),
        "chat_lines": re.compile("\u2069: "),
    }
    for key in patterns:
        counts[key] = 0
    with open(path, "rb") as f:
        for raw in f:
            counts["lines"] += 1
            line = raw.decode("utf-8", "replace")
            for key, pattern in patterns.items():
                if pattern.search(line):
                    counts[key] += 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the BEFORE chatroom-server")
    parser.add_argument("--after", required=True, help="the AFTER chatroom-server")
    parser.add_argument("--attacks", default="1a,1b,2,3,4",
                        help="comma-separated (a name twice runs it twice), of: "
                             + ", ".join(ATTACKS))
    parser.add_argument("--port", type=int, default=21000,
                        help="first port to use (below the ephemeral range, which the "
                             "attackers' thousands of connections take ports from)")
    parser.add_argument("--out", default="attacks.json")
    parser.add_argument("--logdir", default="/tmp/atk-logs")
    parser.add_argument("--pause", type=float, default=3.0,
                        help="seconds between runs (TIME_WAIT, load settles)")
    args = parser.parse_args()
    os.makedirs(args.logdir, exist_ok=True)
    binaries = {"before": args.before, "after": args.after}
    results = []
    if os.path.exists(args.out):
        with open(args.out) as f:
            results = json.load(f)
    port = args.port
    seen = {}
    for name in args.attacks.split(","):
        nofile, extra, attack, sides = ATTACKS[name]
        seen[name] = seen.get(name, 0) + 1
        rep = seen[name]
        for side in sides:
            port += 1
            tag = f"{name}-{side}-{rep}"
            print(f"== {tag} (port {port}, nofile {nofile} {' '.join(extra)})", file=sys.stderr,
                  flush=True)
            for attempt in range(5):
                try:
                    proc, cmd, comm = start_server(binaries[side], port, nofile, extra,
                                                   args.logdir, tag)
                    break
                except RuntimeError as e:
                    print(e, file=sys.stderr, flush=True)
                    port += 1
            else:
                raise SystemExit(f"{tag}: no server")
            cmd_attack = ["taskset", "-c", "1", sys.executable, ATTACK, *attack[:1],
                          "--host", "127.0.0.1", "--port", str(port), "--pid", str(proc.pid),
                          *attack[1:]]
            started = time.time()
            try:
                run = subprocess.run(cmd_attack, stdout=subprocess.PIPE, text=True)
                lines = [l for l in run.stdout.splitlines() if l.startswith("{")]
                data = json.loads(lines[-1]) if lines else {"error": run.returncode}
            finally:
                stopped = stop_server(proc)
            data.update({"run": name, "side": side, "rep": rep, "server": cmd, "server_comm": comm,
                         "server_pid": proc.pid, "started_utc": time.strftime(
                             "%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                         "attack_cmd": cmd_attack, "stop": stopped,
                         "log": count_lines(os.path.join(args.logdir, f"{tag}.stdout"))})
            print(json.dumps(data), file=sys.stderr, flush=True)
            results.append(data)
            with open(args.out, "w") as f:
                json.dump(results, f, indent=1)
            time.sleep(args.pause)


if __name__ == "__main__":
    main()
