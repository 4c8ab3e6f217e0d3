#!/usr/bin/env python3
"""Markdown tables from run_all.py's JSON: one table per attack, BEFORE and AFTER side by
side; where an attack ran more than once, the runs' figures are separated by " / ".

    scripts/attacks/report.py /tmp/attacks.json > /tmp/tables.md
"""

import json
import sys


def runs(results, name, side):
    return [r for r in results if r.get("run") == name and r.get("side") == side]


def cell(rs, fn):
    values = []
    for r in rs:
        try:
            v = fn(r)
        except (KeyError, TypeError, IndexError):
            v = None
        values.append("–" if v is None else str(v))
    return " / ".join(values) if values else "(not run)"


def table(results, name, rows, sides=("before", "after"), title=None):
    heads = {"before": "BEFORE", "after": "AFTER"}
    out = []
    if title:
        out.append(title)
        out.append("")
    out.append("| | " + " | ".join(heads[s] for s in sides) + " |")
    out.append("|---|" + "---|" * len(sides))
    for label, fn in rows:
        out.append(f"| {label} | " + " | ".join(cell(runs(results, name, s), fn)
                                              for s in sides) + " |")
    out.append("")
    return "\n".join(out)


def join_text(j):
    if j is None:
        return None
    if j["joined"]:
        return f"yes, {j['seconds']:.3f} s"
    return f"no ({j['answer']}, {j['seconds']:.3f} s)"


def cpu_text(c):
    text = f"{c['cpu_s']:.2f} s of {c['wall_s']:.1f} s ({c['cpu_pct']:.0f}%)"
    return text


def wait_text(c):
    return None if c.get("runqueue_wait_s") is None else f"{c['runqueue_wait_s']:.2f} s"


def lat(summary):
    if not summary or not summary["n"]:
        return "no samples"
    return f"{summary['p50_ms']} / {summary['p99_ms']} ms (n={summary['n']}, lost {summary['lost']})"


def closed_when(r):
    a = r["attacker"]
    if not a["closed_by_server"]:
        return "no"
    err = a["first_error"]["code"] if a["first_error"] else a["close_how"]
    return f"yes, Error{{{err}}} at {a['closed_at_s'] * 1000:.0f} ms"


def main():
    with open(sys.argv[1]) as f:
        results = json.load(f)
    print(table(results, "1a", [
        ("connections established (of 1000)", lambda r: r["established"]),
        ("closed by the server during the 5 s hold", lambda r: r["closed_by_server_during_hold"]),
        ("still open at the end of the hold", lambda r: r["still_open_end_hold"]),
        ("server descriptors in use, peak", lambda r: r["server_fds_peak_hold"]),
        ("server CPU during the hold", lambda r: cpu_text(r["hold_cpu"])),
        ("server waiting for a CPU (run queue) then", lambda r: wait_text(r["hold_cpu"])),
        ("join after the close (15 s timeout)", lambda r: join_text(r["joins"]["after"])),
        ("server log lines", lambda r: r["log"]["lines"]),
    ], title="**Attack 1a**: `prlimit --nofile=512:512`, 1000 idle connections held 5 s, "
             "closed, then a join."))
    print(table(results, "1b", [
        ("connections established (of 1100)", lambda r: r["established"]),
        ("closed by the server during the 10 s hold", lambda r: r["closed_by_server_during_hold"]),
        ("server descriptors in use, peak", lambda r: r["server_fds_peak_hold"]),
        ("server CPU over the 10 s hold", lambda r: cpu_text(r["hold_cpu"])),
        ("server waiting for a CPU (run queue) then", lambda r: wait_text(r["hold_cpu"])),
        ("join started 5 s into the hold", lambda r: join_text(r["joins"]["during"])),
        ("join right after the close", lambda r: join_text(r["joins"]["after"])),
        ("server log lines", lambda r: r["log"]["lines"]),
    ], title="**Attack 1b**: `prlimit --nofile=1024:1024`, 1100 idle connections held 10 s."))
    rows2 = [
        ("connections established (of 1100)", lambda r: r["established"]),
        ("still connected at the end", lambda r: r["still_connected_end"]),
        ("closed by the server", lambda r: r["closed_by_server"]),
        ("Hello(admin) sent / Rejected received",
         lambda r: f"{r['hellos_sent']} / {r['answers_on_open'].get('Rejected', 0)}"
         + (" (on the survivors)" if r["closed_by_server"] else "")),
        ("server descriptors at the end", lambda r: r["server_fds_end"]),
        ("server CPU over the run", lambda r: cpu_text(r["cpu"])),
        ("server waiting for a CPU (run queue)", lambda r: wait_text(r["cpu"])),
        ("a member's join at 30 s", lambda r: join_text(r["joins"]["during"])),
        ("server log lines (nickname refusals)",
         lambda r: f"{r['log']['lines']} ({r['log']['name_refusals']})"),
    ]
    print(table(results, "2", rows2,
                title="**Attack 2**: 1100 connections, each Hello(\"admin\") every 8 s for "
                      "60 s (`--nofile=4096:4096`)."))
    for name, title in (("3", "**Attack 3**: 200,000 unknown-type frames from a joined member; "
                              "10 members each Say every 600 ms (defaults: flood limit 20 per "
                              "10 s)."),
                        ("3-fast", "**Attack 3, fast chat**: the same with each member saying "
                                   "something every 20 ms, so both servers run with "
                                   "`--flood-limit 1000` (per 10 s)")):
        print(table(results, name, [
            ("frames the attacker wrote (kernel took them)",
             lambda r: r["attacker"]["frames_written"]),
            ("Notice{UnknownType} the attacker got",
             lambda r: r["attacker"]["answers"].get("Notice/UnknownType", 0)),
            ("attacker closed?", closed_when),
            ("attack lasted (first frame to last answer or close)",
             lambda r: f"{r['attack_span_s']:.3f} s"),
            ("server CPU over that span",
             lambda r: cpu_text(r["attacker"]["server_cpu_until_last_answer"])),
            ("server waiting for a CPU then",
             lambda r: wait_text(r["attacker"]["server_cpu_until_last_answer"])),
            ("server log lines about the attacker",
             lambda r: r["log"]["unknown_type_refusals"]),
            ("server log lines in all", lambda r: r["log"]["lines"]),
            ("chat p50 / p99, 8 s without the attack", lambda r: lat(r["chat_baseline"])),
            ("chat p50 / p99, Says sent during the attack",
             lambda r: lat(r["chat_during_attack_span"])),
            ("chat p50 / p99, the 8 s from the attack's start",
             lambda r: lat(r["chat_window_from_attack_start"])),
            ("chat max during the attack", lambda r: r["chat_during_attack_span"]["max_ms"]),
        ], title=title))
    print(table(results, "3-count40", [
        ("40 frames: closed?", lambda r: "yes" if r["closed_by_server"] else "no"),
        ("40 frames: Notices", lambda r: r["answers"].get("Notice/UnknownType", 0)),
    ]))
    print(table(results, "3-count41", [
        ("41 frames: closed?", lambda r: "yes, Error{%s}" % r["first_error"]["code"]
         if r["closed_by_server"] else "no"),
        ("41 frames: Notices", lambda r: r["answers"].get("Notice/UnknownType", 0)),
    ]))
    rows4 = [
        ("accepted (answered a Ping)", lambda r: r["outcomes"].get("accepted (Pong)", 0)),
        ("refused at once", lambda r: sum(v for k, v in r["outcomes"].items()
                                          if k.startswith("refused"))),
        ("other", lambda r: ", ".join(f"{k}: {v}" for k, v in r["outcomes"].items()
                                      if not k.startswith(("refused", "accepted"))) or 0),
        ("burst took", lambda r: f"{r['seconds']:.2f} s ({r['rate_per_s']:.0f}/s)"),
        ("server CPU during the burst", lambda r: cpu_text(r["cpu"])),
        ("server CPU in the 2 s after", lambda r: cpu_text(r["cpu_after"])),
        ("join from the same address right after", lambda r: join_text(r["join_after"])),
        ("server log lines", lambda r: r["log"]["lines"]),
    ]
    print(table(results, "4", rows4,
                title="**Attack 4**: 10,000 connect, Ping, Pong, close cycles from "
                      "127.0.0.1, 32 at a time."))
    print(table(results, "4-noprobe", rows4[3:],
                title="**Attack 4, no Ping**: connect and close at once."))
    print(table(results, "2-limit-loopback", rows2, sides=("after",),
                title="**Attack 2 with `--limit-loopback`** (AFTER only)"))
    print(table(results, "4-limit-loopback", rows4, sides=("after",),
                title="**Attack 4 with `--limit-loopback`** (AFTER only)"))
    print(table(results, "2-90s-after", rows2, sides=("after",),
                title="**Attack 2 for 90 s** (AFTER only)"))


if __name__ == "__main__":
    main()
