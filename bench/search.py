#!/usr/bin/env python3
"""Staff search and list paging at 100,000 cases (issue 20), on SQLite and PostgreSQL.

    bench/search.sh [BUILD_DIR] [CASES] [SAMPLES]

For each store a --dev relay starts on a temp data dir (PostgreSQL: a
throwaway server from scripts/pg-test-server.sh). CASES fixture cases
(POST /api/v1/dev/load-fixture, 20,000 per request, the dev clock moved a
minute between requests; the last batch is assigned to Ivy) are written by
the relay's own store code, sealed and indexed as any case; 100 guests more
sign in by SMS code and open cases through the API with names from many
scripts, their own numbers and provider numbers. Then, with one staff
session (Ivy, intake) over one keep-alive connection, each request below
runs SAMPLES times in turn and its latency (request sent to body read,
including this Python client) gives p50/p99. Nothing is asserted.
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BATCH = 20000
REAL = 100
SURNAMES = ["Nguyễn", "Παπαδόπουλος", "王", "Al-Hassan", "Kowalski", "Müller", "García", "O'Brien", "Σταύρου", "Trần"]
FIRSTS = ["Thảo", "Ελένη", "秀英", "ليلى", "Zofia", "Jürgen", "Lucía", "Siobhán", "Νίκος", "Minh 🌸"]


def log(*a):
    print("search-bench:", *a, file=sys.stderr, flush=True)


class Relay:
    def __init__(self, binary, data, store=None):
        args = [binary, "--dev", "--quiet", "--port", "0", "--data", data]
        if store:
            args += ["--store", store]
        env = dict(os.environ, FOXO_ATTACHMENT_KEY="00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
        self.out = open(data + ".out", "w+")
        self.proc = subprocess.Popen(args, stdout=self.out, stderr=open(data + ".err", "w"), env=env)
        for _ in range(2400):
            self.out.seek(0)
            m = re.search(r"listening on http://[^:]*:(\d+)", self.out.read())
            if m:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                raise SystemExit("relay exited: " + open(data + ".err").read())
            time.sleep(0.05)
        else:
            raise SystemExit("relay did not start")
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def call(self, method, path, body=None, cookie=None):
        headers = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        if cookie:
            headers["Cookie"] = cookie
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data else None), r.getheader("Set-Cookie") or ""

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def cookie_of(set_cookie, name):
    m = re.search(name + r"=([^;]*)", set_cookie)
    return f"{name}={m.group(1)}" if m else ""


def load(relay, cases):
    t0 = time.monotonic()
    left, n = cases, 0
    while left > 0:
        size = min(BATCH, left)
        body = {"team": "intake", "guests": size}
        if left <= BATCH:
            body["assign"] = "intake1@demo.test"
        s, b, _ = relay.call("POST", "/api/v1/dev/load-fixture", body)
        if s != 200:
            raise SystemExit(f"load-fixture {s} {b}")
        left -= size
        n += size
        relay.call("POST", "/api/v1/dev/clock/advance", {"seconds": 60})
        log(f"  {n} fixture cases ({time.monotonic() - t0:.0f} s)")
    real = []
    for i in range(REAL):
        if i and i % 25 == 0:  # the per-address SMS limit: 30 sends in 10 minutes
            relay.call("POST", "/api/v1/dev/clock/advance", {"seconds": 660})
        phone = f"+614126{i:05d}"
        person = {"team": "intake", "first_name": FIRSTS[i % 10], "last_name": SURNAMES[i % 10], "phone": phone}
        s, b, _ = relay.call("POST", "/api/v1/guest/otp", person)
        if s != 202:
            raise SystemExit(f"otp {s} {b}")
        _, sms, _ = relay.call("GET", "/api/v1/dev/sms")
        code = next(re.search(r"\b(\d{6})\b", m["body"]).group(1) for m in reversed(sms["messages"]) if m["to"] == phone)
        s, b, sc = relay.call("POST", "/api/v1/guest/otp/verify", {"challenge_id": b["challenge_id"], "code": code})
        if s != 200:
            raise SystemExit(f"verify {s} {b}")
        s, b, _ = relay.call("POST", "/api/v1/guest/cases",
                             {"team": "intake", "subject": "Referral question",
                              "identifiers": {"practice_name": "Harbour GP", "provider_number": f"P{i:06d}X"}},
                             cookie_of(sc, "foxo_guest"))
        if s != 201:
            raise SystemExit(f"case {s} {b}")
        real.append(phone)
    log(f"  {REAL} guests through the API ({time.monotonic() - t0:.0f} s)")
    return time.monotonic() - t0


def measure(relay, staff, path, samples):
    lat = []
    body = None
    for _ in range(samples):
        t = time.perf_counter_ns()
        s, body, _ = relay.call("GET", path, cookie=staff)
        lat.append(time.perf_counter_ns() - t)
        if s != 200:
            raise SystemExit(f"{path}: {s} {body}")
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] / 1e6
    return pct(50), pct(99), len(body["cases"])


def run(store_name, binary, data, store, cases, samples):
    relay = Relay(binary, data, store)
    try:
        log(f"{store_name}: loading {cases} cases")
        load_s = load(relay, cases)
        _, _, sc = relay.call("POST", "/api/v1/staff/login", {"email": "intake1@demo.test", "password": "demo-password"})
        staff = cookie_of(sc, "foxo_staff")
        # Walk the whole list, 200 a page: every page's latency, and a cursor 90% down.
        walk, cursor, seen, nxt = [], None, 0, None
        total = cases + REAL
        while True:
            path = "/api/v1/staff/cases?limit=200" + ("&before=" + urllib.parse.quote(nxt) if nxt else "")
            t = time.perf_counter_ns()
            s, b, _ = relay.call("GET", path, cookie=staff)
            walk.append(time.perf_counter_ns() - t)
            seen += len(b["cases"])
            if cursor is None and seen >= total * 0.9:
                cursor = b["next"]
            nxt = b["next"]
            if not nxt:
                break
        walk.sort()
        rows = [("walk every page (limit=200)", walk[len(walk) // 2] / 1e6, walk[min(len(walk) - 1, int(0.99 * len(walk)))] / 1e6, f"{seen} cases in {len(walk)} pages")]
        q = lambda text: "/api/v1/staff/cases?q=" + urllib.parse.quote(text)
        for name, path in [
            ("first page (limit=50)", "/api/v1/staff/cases"),
            ("page 90% down via cursor (limit=50)", "/api/v1/staff/cases?before=" + urllib.parse.quote(cursor)),
            ("first page, status=waiting", "/api/v1/staff/cases?status=waiting"),
            ("first page, assignee=me", "/api/v1/staff/cases?assignee=me"),
            ("name: nguyen (10 cases)", q("nguyen")),
            ("name: papadopoulos (10 cases)", q("papadopoulos")),
            ("name word + common word: guest 77777 (1 case)", q("guest 77777")),
            ("phone: 0412 600 042 (1 case)", q("0412 600 042")),
            ("identifier: p000042x (1 case)", q("p000042x")),
            ("broad: fixture (every fixture case), first page", q("fixture")),
            ("broad: fixture, page 90% down", q("fixture") + "&before=" + urllib.parse.quote(cursor)),
        ]:
            p50, p99, n = measure(relay, staff, path, samples)
            rows.append((name, p50, p99, f"{n} returned"))
        return load_s, rows
    finally:
        relay.stop()


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    binary = os.path.join(build, "relay", "foxo-relay")
    stores = os.environ.get("FOXO_BENCH_STORES", "sqlite,postgresql").split(",")
    work = tempfile.mkdtemp(prefix="foxo-search-bench-")
    os.chmod(work, 0o755)  # the PostgreSQL server runs as `postgres` under it when run as root
    results = {}
    pg = os.path.join(work, "pg")
    try:
        for store in stores:
            data = os.path.join(work, store)
            os.makedirs(data)
            url = None
            if store == "postgresql":
                server = subprocess.check_output([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", pg], text=True).strip()
                subprocess.check_call(["psql", "-q", server, "-c", "CREATE DATABASE bench"])
                url = server.rsplit("/", 1)[0] + "/bench"
            results[store] = run(store, binary, data, url, cases, samples)
    finally:
        if os.path.exists(pg):
            subprocess.call([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.call(["rm", "-rf", work])
    print(f"{cases} fixture cases + {REAL} through the API, one staff session (Ivy, intake), {samples} samples each; ms")
    names = list(results)
    print("| request | " + " | ".join(f"{s} p50 | {s} p99" for s in names) + " | rows |")
    print("|---|" + "---|---|" * len(names) + "---|")
    for i, row in enumerate(results[names[0]][1]):
        cells = " | ".join(f"{results[s][1][i][1]:.2f} | {results[s][1][i][2]:.2f}" for s in names)
        print(f"| {row[0]} | {cells} | {row[3]} |")
    for s in names:
        print(f"load time {s}: {results[s][0]:.0f} s")


if __name__ == "__main__":
    main()
