#!/usr/bin/env python3
"""Turns foxo-bench's `RESULT key value` lines into the Markdown table of
docs/BENCHMARKS.md (ours, reference, ratio, target), with the machine it ran
on and every raw figure below it.

usage: report.py RAW CLIENT_ROWS STREAMS STORED QUICK"""
import datetime
import os
import platform
import subprocess
import sys

raw_path, client_rows_path, streams, stored, quick = sys.argv[1:6]
streams, stored = int(streams), int(stored)
r = {}
for line in open(raw_path):
    parts = line.split()
    if len(parts) == 3 and parts[0] == "RESULT":
        r[parts[1]] = float(parts[2])


def g(k):
    return r.get(k)


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if float(v).is_integer():
        return f"{v:,.0f}" + unit
    if abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 10:
        s = f"{v:.1f}"
    else:
        s = f"{v:.2f}"
    return s + unit


def ratio(ours, ref):
    if ours is None or ref in (None, 0):
        return "n/a"
    return f"{ours / ref:.2f}x"


def met(ok):
    return "**met**" if ok else "**not met**"


rows = []
# 1: streams held, relay memory and threads.
open_ = g("s1.streams_open")
errs = (g("s1.stream_errors") or 0) + (g("s1.dropped") or 0)
peak = g("s2.relay.peak_rss_mib")
ok1 = open_ is not None and open_ >= streams and errs == 0 and peak is not None and peak < 1024
rows.append(("1", f"{streams:,} live event streams: peak RSS (threads)",
             f"{fmt(peak, ' MiB')} ({fmt(g('s1.relay.threads'))} thr), {fmt(open_)} open, {fmt(errs)} errors",
             f"mosquitto {fmt(g('m2.broker.peak_rss_mib'), ' MiB')}, {fmt(g('m1.streams_open'))} open",
             ratio(peak, g("m2.broker.peak_rss_mib")), "< 1 GiB, no errors", met(ok1)))
rows.append(("1", "time to open all streams", fmt(g("s1.open_seconds"), " s"),
             f"mosquitto {fmt(g('m1.open_seconds'), ' s')}", ratio(g("s1.open_seconds"), g("m1.open_seconds")), "", ""))
# 2: latency at the guest's stream.
p50, p99 = g("s2.p50_ms"), g("s2.p99_ms")
ok2 = p50 is not None and p50 < 5 and p99 is not None and p99 < 50 and (g("s2.missing") or 0) == 0
rows.append(("2", "200 msg/s, send to receive p50", fmt(p50, " ms"),
             f"mosquitto {fmt(g('m2.p50_ms'), ' ms')}; loopback RTT {fmt(g('ref.rtt_p50_ms'), ' ms')}",
             ratio(p50, g("m2.p50_ms")), "< 5 ms", met(ok2)))
rows.append(("2", "200 msg/s, send to receive p99 / max", f"{fmt(p99, ' ms')} / {fmt(g('s2.max_ms'), ' ms')}",
             f"mosquitto {fmt(g('m2.p99_ms'), ' ms')} / {fmt(g('m2.max_ms'), ' ms')}; RTT p99 {fmt(g('ref.rtt_p99_ms'), ' ms')}",
             ratio(p99, g("m2.p99_ms")), "< 50 ms", ""))
rows.append(("2", "messages delivered / missing", f"{fmt(g('s2.delivered'))} / {fmt(g('s2.missing'))}",
             f"mosquitto {fmt(g('m2.delivered'))} / {fmt(g('m2.missing'))}", "", "all delivered", ""))
# 3: durable throughput.
tput = g("s3.msgs_per_s")
ok3 = tput is not None and tput >= 5000 and g("s3.lost") == 0 and (g("s3.errors") or 0) == 0
rows.append(("3", "acknowledged durable msg/s, 64 senders", fmt(tput, "/s"),
             f"SQLite 1-row commits {fmt(g('ref.sqlite_commits_per_s'), '/s')}",
             ratio(tput, g("ref.sqlite_commits_per_s")), ">= 5,000/s", met(ok3)))
rows.append(("3", "acknowledged, then not stored", fmt(g("s3.lost")), "", "",
             "0", f"{fmt(g('s3.acked'))} acked, {fmt(g('s3.errors'))} errors"))
# 4: first page of a case with 10,000 messages.
fp = g("s4.first_page_ms")
ok4 = fp is not None and 0 <= fp < 50
rows.append(("4", "case of 10,000 messages: first page (50)", fmt(fp, " ms"),
             f"same page from SQLite {fmt(g('s4.ref_sqlite_page_ms'), ' ms')}",
             ratio(fp, g("s4.ref_sqlite_page_ms")), "< 50 ms", met(ok4)))
rows.append(("4", "the whole case (default, unchanged)", fmt(g("s4.whole_case_ms"), " ms"),
             f"{fmt((g('s4.whole_case_bytes') or 0) / 1024, ' KiB')} vs page {fmt((g('s4.first_page_bytes') or 0) / 1024, ' KiB')}",
             "", "", ""))
# 5: cold start.
cs = g("s5.cold_start_ms")
ok5 = cs is not None and 0 <= cs < 1000
rows.append(("5", f"cold start, {stored:,} messages stored", fmt(cs, " ms"),
             f"empty store {fmt(g('ref.s5.cold_start_ms'), ' ms')}", ratio(cs, g("ref.s5.cold_start_ms")),
             "< 1 s", met(ok5)))

print(f"## Benchmark run {datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M UTC')}"
      + (" (QUICK: reduced sizes)" if quick == "1" else ""))
print()
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
mem = "?"
try:
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
except OSError:
    pass
disk = subprocess.run(["df", "-h", "--output=source,fstype", "/tmp"], capture_output=True, text=True).stdout.split("\n")[1:2]
print(f"Machine: {os.cpu_count()} cores ({cpu}), {mem} RAM, Linux {platform.release()}, "
      f"data on {' '.join(disk).strip() or '?'}; load average at the end "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])}.")
print()
print("| # | scenario | ours | reference | ratio | target | |")
print("|---|---|---|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
for line in open(client_rows_path):
    if line.startswith("|"):
        print(line.rstrip())
print()
print("Raw figures:")
print()
print("```")
for k in sorted(r):
    print(f"{k} {r[k]:.3f}")
print("```")
