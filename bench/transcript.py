"""PDF transcript of a 1,000-message multilingual case (issue 22).

    bench/transcript.sh [BUILD_DIR] [MESSAGES] [SAMPLES]

A --dev relay (SQLite, temp data dir) of BUILD_DIR; a guest signs in by SMS
code and opens a case, Ivy (intake) claims it, and MESSAGES messages go
through the API in turn from both sides, in Vietnamese, Greek, Chinese,
Arabic, English with emoji, and every tenth a long paragraph, with three
attachments. Then the staff copy (GET /api/v1/staff/cases/{id}/transcript.pdf)
is fetched SAMPLES times over one keep-alive connection, after one first
fetch (the relay thread's first PDF, which opens the fonts), and the guest
copy once. Reported: wall time per export (request sent to last byte,
including this Python client), the relay's CPU time per export (utime +
stime from /proc, so other load on the machine does not count), pages and
bytes. Nothing is asserted.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from search import Relay, cookie_of  # noqa: E402  (same relay start-up and JSON calls)

LINES = [
    ("guest", "Xin chào, tôi muốn hỏi về kết quả xét nghiệm máu của mẹ tôi, bà Nguyễn Thị Thảo."),
    ("staff", "Καλημέρα, το αποτέλεσμα της κυρίας Παπαδοπούλου είναι έτοιμο· θα σας καλέσουμε."),
    ("guest", "王医生，请问我父亲王小明的报告已经准备好了吗？谢谢。"),
    ("staff", "مرحبا، أنا الدكتورة ليلى الحسن. سنتصل بك غدا صباحا بخصوص الموعد."),
    ("guest", "Thanks 👍🏽 see you on Thursday 🎉 — Siobhán O'Brien"),
]
LONG = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Kết quả bình thường; "
        "Παρακαλώ επικοινωνήστε μαζί μας. 请在周四之前回复。 شكرا جزيلا لكم. ") * 8


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(relay, path, cookie):
    relay.conn.request("GET", path, headers={"Cookie": cookie})
    r = relay.conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise SystemExit(f"{path}: {r.status} {data[:200]!r}")
    return data


def upload(relay, case_id, cookie, name, data):
    b = "----foxo-bench"
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    relay.conn.request("POST", f"/api/v1/cases/{case_id}/attachments", body=body,
                       headers={"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={b}"})
    r = relay.conn.getresponse()
    r.read()
    if r.status != 201:
        raise SystemExit(f"upload {r.status}")


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    data = tempfile.mkdtemp(prefix="foxo-transcript-bench-")
    relay = Relay(os.path.join(build, "relay", "foxo-relay"), data)
    try:
        phone = "+61412000001"
        s, b, _ = relay.call("POST", "/api/v1/guest/otp",
                             {"team": "intake", "first_name": "Thảo", "last_name": "Nguyễn", "phone": phone})
        _, sms, _ = relay.call("GET", "/api/v1/dev/sms")
        code = next(re.search(r"\b(\d{6})\b", m["body"]).group(1) for m in reversed(sms["messages"]) if m["to"] == phone)
        _, _, sc = relay.call("POST", "/api/v1/guest/otp/verify", {"challenge_id": b["challenge_id"], "code": code})
        guest = cookie_of(sc, "foxo_guest")
        s, case, _ = relay.call("POST", "/api/v1/guest/cases",
                                {"team": "intake", "subject": "Kết quả xét nghiệm",
                                 "identifiers": {"practice_name": "Κλινική Παπαδόπουλος", "provider_number": "2345678A"}},
                                guest)
        case_id = case["id"]
        _, _, sc = relay.call("POST", "/api/v1/staff/login", {"email": "intake1@demo.test", "password": "demo-password"})
        staff = cookie_of(sc, "foxo_staff")
        relay.call("POST", f"/api/v1/staff/cases/{case_id}/claim", {}, staff)
        t0 = time.monotonic()
        for i in range(messages):
            side, text = LINES[i % len(LINES)]
            if i % 10 == 9:
                text = LONG
            s, b, _ = relay.call("POST", f"/api/v1/cases/{case_id}/messages",
                                 {"client_id": f"b{i}", "body": text}, guest if side == "guest" else staff)
            if s != 201:
                raise SystemExit(f"message {i}: {s} {b}")
            if i % 400 == 200:
                upload(relay, case_id, guest, f"kết quả {i}.txt", ("Kết quả %d\n" % i).encode() * 50)
        print(f"transcript-bench: {messages} messages posted in {time.monotonic() - t0:.0f} s", file=sys.stderr)

        path = f"/api/v1/staff/cases/{case_id}/transcript.pdf"
        t = time.perf_counter()
        first = fetch(relay, path, staff)
        first_ms = (time.perf_counter() - t) * 1000
        wall, cpu = [], []
        pdf = first
        for _ in range(samples):
            c0, t = cpu_seconds(relay.proc.pid), time.perf_counter()
            pdf = fetch(relay, path, staff)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((cpu_seconds(relay.proc.pid) - c0) * 1000)
        guest_pdf = fetch(relay, f"/api/v1/guest/cases/{case_id}/transcript.pdf", guest)
        with open(os.path.join(data, "staff.pdf"), "wb") as f:
            f.write(pdf)
        info = subprocess.run(["pdfinfo", os.path.join(data, "staff.pdf")], capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", info).group(1) if "Pages" in info else "?"
        load = os.getloadavg()[0]
        print(f"messages {messages}, pages {pages}, staff copy {len(pdf)} bytes, guest copy {len(guest_pdf)} bytes")
        print(f"first export (fonts opened): {first_ms:.0f} ms wall")
        print(f"export wall ms: p50 {statistics.median(wall):.0f}, min {min(wall):.0f}, max {max(wall):.0f} ({samples} samples)")
        print(f"export relay CPU ms: p50 {statistics.median(cpu):.0f}, min {min(cpu):.0f}, max {max(cpu):.0f}")
        print(f"load average at the end: {load:.1f}")
    finally:
        relay.stop()


if __name__ == "__main__":
    main()
