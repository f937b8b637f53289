// foxo-bench: the load generator of bench/run.sh, outside the relay process.
//
//   foxo-bench streams  --port P --pid PID --streams N --rate R --seconds S [--send-port P2]
//       scenario 1 (N live event streams: open time, relay RSS and threads)
//       and 2 (paced staff messages at R/s, send-to-receive at the guest's stream);
//       --send-port: messages go through another relay on the same PostgreSQL
//       database (cross-relay delivery), streams stay on --port
//   foxo-bench mqtt     --port P --pid PID --streams N --rate R --seconds S
//       the same fan-out on mosquitto (N subscribers, QoS 1), as the reference
//   foxo-bench throughput --port P --senders 64 --seconds S
//       scenario 3: closed-loop durable messages, then every 201 checked as stored
//   foxo-bench open-case --port P --db FILE --messages N
//       scenario 4: a case of N messages, first page and whole case over HTTP,
//       and the same page read straight from SQLite (reference)
//   foxo-bench fixture --port P --guests N            (guests with one case each)
//   foxo-bench fill --db FILE --messages N            (direct SQLite inserts, relay stopped)
//   foxo-bench coldstart --relay BIN --data DIR       scenario 5: spawn to first 200 from /api/v1/health
//   foxo-bench sqlite-commit --dir DIR --seconds S    reference: one-row commits with synchronous=FULL
//   foxo-bench rtt --count N                          reference: loopback TCP round trip
#include <arpa/inet.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "common.hpp"
#include "streams.hpp"

namespace bench {
namespace {

struct Args {
  std::map<std::string, std::string> kv;
  std::string get(const std::string& k, const std::string& def = "") const {
    const auto it = kv.find(k);
    return it == kv.end() ? def : it->second;
  }
  long num(const std::string& k, long def) const {
    const auto it = kv.find(k);
    return it == kv.end() ? def : std::stol(it->second);
  }
};

void report_proc(const std::string& prefix, int pid) {
  if (pid <= 0) return;
  const auto f = proc_figures(pid);
  result(prefix + ".rss_mib", static_cast<double>(f.rss_kib) / 1024.0);
  result(prefix + ".peak_rss_mib", static_cast<double>(f.hwm_kib) / 1024.0);
  result(prefix + ".threads", static_cast<double>(f.threads));
}

// Sends `total` marked messages at `rate`/s over `workers` keep-alive
// connections; `send(i, target)` posts message i and returns success.
template <class Send>
std::vector<std::int64_t> paced(std::size_t total, double rate, std::size_t targets, int workers, Send send,
                                std::vector<std::size_t>* target_of, std::atomic<std::size_t>* errors) {
  std::vector<std::int64_t> sent_at(total, 0);
  target_of->assign(total, 0);
  std::mt19937_64 rng(42);
  for (auto& t : *target_of) t = rng() % targets;
  const std::int64_t t0 = now_ns() + 100'000'000;
  const auto interval = static_cast<std::int64_t>(1e9 / rate);
  std::vector<std::thread> th;
  for (int w = 0; w < workers; ++w)
    th.emplace_back([&, w] {
      for (std::size_t i = static_cast<std::size_t>(w); i < total; i += static_cast<std::size_t>(workers)) {
        const std::int64_t due = t0 + static_cast<std::int64_t>(i) * interval;
        while (now_ns() < due) std::this_thread::sleep_for(std::chrono::nanoseconds(std::max<std::int64_t>(0, due - now_ns())));
        sent_at[i] = now_ns();
        if (!send(w, i, (*target_of)[i])) ++*errors;
      }
    });
  for (auto& t : th) t.join();
  return sent_at;
}

void latency_results(const std::string& prefix, const std::vector<std::int64_t>& sent_at, const Receipts& rec,
                     std::int64_t wait_until_ns) {
  while (now_ns() < wait_until_ns) {
    bool all = true;
    for (std::size_t i = 0; i < sent_at.size() && all; ++i) all = rec.at(i) != 0;
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::vector<std::int64_t> lat;
  std::size_t missing = 0;
  for (std::size_t i = 0; i < sent_at.size(); ++i) {
    if (rec.at(i) == 0 || sent_at[i] == 0) {
      ++missing;
      continue;
    }
    lat.push_back(rec.at(i) - sent_at[i]);
  }
  result(prefix + ".delivered", static_cast<double>(lat.size()));
  result(prefix + ".missing", static_cast<double>(missing));
  result(prefix + ".p50_ms", percentile_ms(lat, 50));
  result(prefix + ".p99_ms", percentile_ms(lat, 99));
  result(prefix + ".max_ms", percentile_ms(lat, 100));
}

// ---- scenario 1 + 2 ------------------------------------------------------------

int cmd_streams(const Args& a) {
  Relay r;
  r.port = static_cast<int>(a.num("port", 0));
  r.pid = static_cast<int>(a.num("pid", 0));
  const auto n = static_cast<std::size_t>(a.num("streams", 10000));
  const double rate = static_cast<double>(a.num("rate", 200));
  const auto seconds = a.num("seconds", 10);
  const auto total = static_cast<std::size_t>(rate * static_cast<double>(seconds));

  note("fixture: " + std::to_string(n) + " guests");
  const auto guests = load_fixture(r, static_cast<int>(n), true);
  report_proc("s1.relay_before", r.pid);
  std::vector<std::string> cookies;
  for (const auto& g : guests) cookies.push_back(g.cookie);

  Receipts rec(total);
  SseStreams streams(r.host, r.port, rec);
  note("opening " + std::to_string(n) + " event streams");
  const auto open = streams.open(cookies);
  result("s1.streams_open", static_cast<double>(open.opened));
  result("s1.stream_errors", static_cast<double>(open.failed));
  result("s1.open_seconds", open.seconds);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  report_proc("s1.relay", r.pid);

  note("sending " + std::to_string(total) + " staff messages at " + std::to_string(rate) + "/s");
  const std::string staff = staff_cookie(r);  // sessions are shared when two relays share a database
  const int workers = 8;
  Relay sender = r;
  sender.port = static_cast<int>(a.num("send-port", r.port));
  if (sender.port != r.port) note("sending through the relay on port " + std::to_string(sender.port));
  std::vector<httplib::Client> clients;
  for (int w = 0; w < workers; ++w) {
    clients.push_back(sender.client());
    clients.back().set_tcp_nodelay(true);
  }
  std::vector<std::size_t> target_of;
  std::atomic<std::size_t> errors{0};
  const auto sent_at = paced(
      total, rate, guests.size(), workers,
      [&](int w, std::size_t i, std::size_t target) {
        const json body{{"client_id", "lat-" + std::to_string(i)}, {"body", "L" + std::to_string(i) + "E"}};
        const auto res = clients[static_cast<std::size_t>(w)].Post(
            "/api/v1/cases/" + guests[target].case_id + "/messages", httplib::Headers{{"Cookie", staff}}, body.dump(),
            "application/json");
        return res && res->status == 201;
      },
      &target_of, &errors);
  latency_results("s2", sent_at, rec, now_ns() + 5'000'000'000LL);
  result("s2.send_errors", static_cast<double>(errors));
  result("s1.dropped", static_cast<double>(streams.dropped()));
  report_proc("s2.relay", r.pid);
  streams.close_all();
  return 0;
}

// ---- the mosquitto reference for 1 + 2 -------------------------------------------

int cmd_mqtt(const Args& a) {
  const int port = static_cast<int>(a.num("port", 1883));
  const int pid = static_cast<int>(a.num("pid", 0));
  const auto n = static_cast<std::size_t>(a.num("streams", 10000));
  const double rate = static_cast<double>(a.num("rate", 200));
  const auto total = static_cast<std::size_t>(rate * static_cast<double>(a.num("seconds", 10)));
  // One publisher connection per worker (libmosquitto), each with its own network
  // thread. Made first: libmosquitto's loop uses select(), which cannot watch
  // descriptors above 1023, and the subscribers take 10,000 of them.
  mosquitto_lib_init();
  const int workers = 8;
  std::vector<mosquitto*> pubs;
  for (int w = 0; w < workers; ++w) {
    mosquitto* m = mosquitto_new(nullptr, true, nullptr);
    if (mosquitto_connect(m, "127.0.0.1", port, 600) != MOSQ_ERR_SUCCESS) {
      note("publisher cannot connect");
      return 2;
    }
    mosquitto_loop_start(m);
    pubs.push_back(m);
  }
  Receipts rec(total);
  MqttSubscribers subs("127.0.0.1", port, rec);
  note("mosquitto: " + std::to_string(n) + " subscribers");
  const auto open = subs.open(n);
  result("m1.streams_open", static_cast<double>(open.opened));
  result("m1.stream_errors", static_cast<double>(open.failed));
  result("m1.open_seconds", open.seconds);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  report_proc("m1.broker", pid);

  std::vector<std::size_t> target_of;
  std::atomic<std::size_t> errors{0};
  const auto sent_at = paced(
      total, rate, n, workers,
      [&](int w, std::size_t i, std::size_t target) {
        const std::string topic = "case/" + std::to_string(target);
        const std::string payload = "L" + std::to_string(i) + "E";
        return mosquitto_publish(pubs[static_cast<std::size_t>(w)], nullptr, topic.c_str(),
                                 static_cast<int>(payload.size()), payload.data(), 1, false) == MOSQ_ERR_SUCCESS;
      },
      &target_of, &errors);
  latency_results("m2", sent_at, rec, now_ns() + 5'000'000'000LL);
  result("m2.send_errors", static_cast<double>(errors));
  result("m1.dropped", static_cast<double>(subs.dropped()));
  report_proc("m2.broker", pid);
  for (auto* m : pubs) {
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
    mosquitto_destroy(m);
  }
  subs.close_all();
  return 0;
}

// ---- scenario 3 ------------------------------------------------------------------

int cmd_throughput(const Args& a) {
  Relay r;
  r.port = static_cast<int>(a.num("port", 0));
  const int senders = static_cast<int>(a.num("senders", 64));
  const auto seconds = a.num("seconds", 5);
  const auto guests = load_fixture(r, senders, true);
  std::vector<std::vector<std::string>> acked(static_cast<std::size_t>(senders));
  std::atomic<std::size_t> errors{0};
  std::atomic<bool> go{false}, stop{false};
  std::vector<std::thread> th;
  for (int s = 0; s < senders; ++s)
    th.emplace_back([&, s] {
      auto c = r.client();
      c.set_tcp_nodelay(true);
      const auto& g = guests[static_cast<std::size_t>(s)];
      const std::string path = "/api/v1/cases/" + g.case_id + "/messages";
      const httplib::Headers h{{"Cookie", g.cookie}};
      while (!go) std::this_thread::yield();
      for (std::size_t i = 0; !stop; ++i) {
        const std::string cid = "t" + std::to_string(s) + "-" + std::to_string(i);
        const json body{{"client_id", cid}, {"body", "throughput message " + std::to_string(i)}};
        const auto res = c.Post(path, h, body.dump(), "application/json");
        if (res && res->status == 201) acked[static_cast<std::size_t>(s)].push_back(cid);
        else ++errors;
      }
    });
  const auto t0 = now_ns();
  go = true;
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : th) t.join();
  const double elapsed = static_cast<double>(now_ns() - t0) / 1e9;
  std::size_t total = 0;
  for (const auto& v : acked) total += v.size();
  result("s3.acked", static_cast<double>(total));
  result("s3.errors", static_cast<double>(errors));
  result("s3.msgs_per_s", static_cast<double>(total) / elapsed);

  // Every acknowledged message must be stored: read each case back.
  std::size_t lost = 0;
  auto c = r.client();
  for (int s = 0; s < senders; ++s) {
    const auto& g = guests[static_cast<std::size_t>(s)];
    const auto res = c.Get("/api/v1/cases/" + g.case_id, httplib::Headers{{"Cookie", g.cookie}});
    if (!res || res->status != 200) {
      lost += acked[static_cast<std::size_t>(s)].size();
      continue;
    }
    std::map<std::string, int> stored;
    const json detail = json::parse(res->body);
    for (const auto& m : detail["messages"]) stored[m["client_id"].get<std::string>()]++;
    for (const auto& cid : acked[static_cast<std::size_t>(s)])
      if (stored[cid] != 1) ++lost;
  }
  result("s3.lost", static_cast<double>(lost));
  return 0;
}

// ---- scenario 4 ------------------------------------------------------------------

int cmd_open_case(const Args& a) {
  Relay r;
  r.port = static_cast<int>(a.num("port", 0));
  const auto n = static_cast<std::size_t>(a.num("messages", 10000));
  const auto limit = a.num("limit", 50);
  const std::string db = a.get("db");
  const auto g = load_fixture(r, 1, true).front();
  const httplib::Headers h{{"Cookie", g.cookie}};
  const std::string base = "/api/v1/cases/" + g.case_id;
  // Fill it over HTTP (16 senders, one case).
  std::atomic<std::size_t> next{0}, errors{0};
  std::vector<std::thread> th;
  for (int s = 0; s < 16; ++s)
    th.emplace_back([&] {
      auto c = r.client();
      for (std::size_t i; (i = next++) < n;) {
        const json body{{"client_id", "oc-" + std::to_string(i)}, {"body", "Message number " + std::to_string(i) +
                                                                              " of a long conversation"}};
        const auto res = c.Post(base + "/messages", h, body.dump(), "application/json");
        if (!res || res->status != 201) ++errors;
      }
    });
  for (auto& t : th) t.join();
  result("s4.fill_errors", static_cast<double>(errors));

  auto c = r.client();
  auto time_get = [&](const std::string& path, int reps, std::size_t* bytes) {
    std::vector<std::int64_t> v;
    for (int i = 0; i < reps; ++i) {
      const auto t0 = now_ns();
      const auto res = c.Get(path, h);
      v.push_back(now_ns() - t0);
      if (!res || res->status != 200) {
        note("GET " + path + " failed");
        return -1.0;
      }
      *bytes = res->body.size();
    }
    return percentile_ms(v, 50);
  };
  std::size_t page_bytes = 0, all_bytes = 0;
  result("s4.first_page_ms", time_get(base + "?limit=" + std::to_string(limit), 21, &page_bytes));
  result("s4.first_page_bytes", static_cast<double>(page_bytes));
  result("s4.whole_case_ms", time_get(base, 5, &all_bytes));
  result("s4.whole_case_bytes", static_cast<double>(all_bytes));

  // Reference: the same newest page straight from SQLite (read-only connection).
  sqlite3* d = nullptr;
  if (sqlite3_open_v2(db.c_str(), &d, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 2;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(d,
                     "SELECT seq, client_id, author_kind, author_name, body, created_at FROM messages "
                     "WHERE case_id = ? ORDER BY seq DESC LIMIT ?",
                     -1, &st, nullptr);
  std::vector<std::int64_t> v;
  for (int i = 0; i < 21; ++i) {
    const auto t0 = now_ns();
    sqlite3_bind_text(st, 1, g.case_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, limit);
    std::size_t rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) ++rows;
    sqlite3_reset(st);
    v.push_back(now_ns() - t0);
  }
  sqlite3_finalize(st);
  sqlite3_close(d);
  result("s4.ref_sqlite_page_ms", percentile_ms(v, 50));
  return 0;
}

// ---- scenario 5 ------------------------------------------------------------------

int cmd_fixture(const Args& a) {
  Relay r;
  r.port = static_cast<int>(a.num("port", 0));
  const auto g = load_fixture(r, static_cast<int>(a.num("guests", 1000)), true);
  result("fixture.guests", static_cast<double>(g.size()));
  return 0;
}

bool exec_sql(sqlite3* d, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(d, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    note(std::string("sqlite: ") + (err ? err : "?"));
    sqlite3_free(err);
    return false;
  }
  return true;
}

// N messages spread over every case of the store, each with its `events` row,
// as the relay would have written them; the relay must be stopped.
int cmd_fill(const Args& a) {
  const std::string db = a.get("db");
  const auto n = a.num("messages", 1000000);
  sqlite3* d = nullptr;
  if (sqlite3_open(db.c_str(), &d) != SQLITE_OK) return 2;
  exec_sql(d, "PRAGMA journal_mode=WAL");
  std::vector<std::array<std::string, 4>> cases;  // id, team, guest, assignee
  {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(d, "SELECT id, team_id, guest_id, COALESCE(assignee_id, ''), last_seq FROM cases", -1, &st,
                       nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::array<std::string, 4> c;
      for (int i = 0; i < 4; ++i) c[static_cast<std::size_t>(i)] = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      cases.push_back(c);
    }
    sqlite3_finalize(st);
  }
  if (cases.empty()) return 2;
  const auto t0 = now_ns();
  exec_sql(d, "BEGIN");
  sqlite3_stmt *msg = nullptr, *ev = nullptr, *upd = nullptr;
  sqlite3_prepare_v2(d,
                     // key_gen 1: rows the relay counts as sealed under the current key (their
                     // text is not: this store is for the cold start only, which reads no message).
                     "INSERT INTO messages (case_id, seq, client_id, author_kind, author_id, author_name, body, "
                     "created_at, key_gen) VALUES (?, (SELECT last_seq FROM cases WHERE id = ?1) + ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
                     -1, &msg, nullptr);
  sqlite3_prepare_v2(d,
                     "INSERT INTO events (kind, case_id, team_id, guest_id, seq, created_at) "
                     "VALUES ('message', ?, ?, ?, (SELECT last_seq FROM cases WHERE id = ?1) + ?4, ?5)",
                     -1, &ev, nullptr);
  sqlite3_prepare_v2(d, "UPDATE cases SET last_seq = last_seq + ? WHERE id = ?", -1, &upd, nullptr);
  const std::int64_t per_case = (n + static_cast<long>(cases.size()) - 1) / static_cast<long>(cases.size());
  std::int64_t written = 0;
  const std::int64_t created = 1700000000000;
  for (const auto& c : cases) {
    const std::int64_t k = std::min<std::int64_t>(per_case, n - written);
    for (std::int64_t i = 1; i <= k; ++i) {
      const bool guest = i % 2 == 1 || c[3].empty();
      const std::string cid = "fill-" + std::to_string(i);
      const std::string body = "Stored message " + std::to_string(i) + " of a long-running conversation";
      sqlite3_bind_text(msg, 1, c[0].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(msg, 2, i);
      sqlite3_bind_text(msg, 3, cid.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(msg, 4, guest ? "guest" : "staff", -1, SQLITE_STATIC);
      sqlite3_bind_text(msg, 5, guest ? c[2].c_str() : c[3].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(msg, 6, guest ? "Load Guest" : "Staff", -1, SQLITE_STATIC);
      sqlite3_bind_text(msg, 7, body.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(msg, 8, created + i);
      if (sqlite3_step(msg) != SQLITE_DONE) {
        note(sqlite3_errmsg(d));
        return 2;
      }
      sqlite3_reset(msg);
      sqlite3_bind_text(ev, 1, c[0].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ev, 2, c[1].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ev, 3, c[2].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(ev, 4, i);
      sqlite3_bind_int64(ev, 5, created + i);
      sqlite3_step(ev);
      sqlite3_reset(ev);
    }
    sqlite3_bind_int64(upd, 1, k);
    sqlite3_bind_text(upd, 2, c[0].c_str(), -1, SQLITE_STATIC);
    sqlite3_step(upd);
    sqlite3_reset(upd);
    written += k;
    if (written >= n) break;
  }
  sqlite3_finalize(msg);
  sqlite3_finalize(ev);
  sqlite3_finalize(upd);
  exec_sql(d, "COMMIT");
  exec_sql(d, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(d);
  result("fill.messages", static_cast<double>(written));
  result("fill.seconds", static_cast<double>(now_ns() - t0) / 1e9);
  return 0;
}

int cmd_coldstart(const Args& a) {
  const std::string bin = a.get("relay"), data = a.get("data"), key = a.get("prefix", "s5");
  const int port = static_cast<int>(a.num("port", 18590));
  const auto t0 = now_ns();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string p = std::to_string(port);
    ::execl(bin.c_str(), bin.c_str(), "--dev", "--quiet", "--port", p.c_str(), "--data", data.c_str(),
            static_cast<char*>(nullptr));
    _exit(127);
  }
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(0, 20000);
  double ms = -1;
  while (now_ns() - t0 < 60'000'000'000LL) {
    const auto res = c.Get("/api/v1/health");
    if (res && res->status == 200) {
      ms = static_cast<double>(now_ns() - t0) / 1e6;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result(key + ".cold_start_ms", ms);
  return ms < 0 ? 1 : 0;
}

// ---- references ---------------------------------------------------------------------

int cmd_sqlite_commit(const Args& a) {
  const std::string path = a.get("dir", "/tmp") + "/commit-reference.db";
  const auto seconds = a.num("seconds", 3);
  ::unlink(path.c_str());
  sqlite3* d = nullptr;
  if (sqlite3_open(path.c_str(), &d) != SQLITE_OK) return 2;
  exec_sql(d, "PRAGMA journal_mode=WAL");
  exec_sql(d, "PRAGMA synchronous=FULL");
  exec_sql(d, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(d, "INSERT INTO t (body) VALUES ('one committed message of about this size')", -1, &st, nullptr);
  std::size_t commits = 0;
  const auto t0 = now_ns();
  const auto end = t0 + seconds * 1'000'000'000LL;
  while (now_ns() < end) {
    exec_sql(d, "BEGIN");
    sqlite3_step(st);
    sqlite3_reset(st);
    exec_sql(d, "COMMIT");
    ++commits;
  }
  result("ref.sqlite_commits_per_s", static_cast<double>(commits) / (static_cast<double>(now_ns() - t0) / 1e9));
  sqlite3_finalize(st);
  sqlite3_close(d);
  ::unlink(path.c_str());
  ::unlink((path + "-wal").c_str());
  ::unlink((path + "-shm").c_str());
  return 0;
}

int cmd_rtt(const Args& a) {
  const auto count = static_cast<std::size_t>(a.num("count", 20000));
  const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::listen(lfd, 1);
  std::thread echo([lfd] {
    const int c = ::accept(lfd, nullptr, nullptr);
    char b[64];
    for (;;) {
      const auto n = ::recv(c, b, sizeof b, 0);
      if (n <= 0) break;
      ::send(c, b, static_cast<std::size_t>(n), 0);
    }
    ::close(c);
  });
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  std::vector<std::int64_t> v;
  char b[64] = "ping";
  for (std::size_t i = 0; i < count; ++i) {
    const auto t0 = now_ns();
    ::send(fd, b, 32, 0);
    std::size_t got = 0;
    while (got < 32) {
      const auto n = ::recv(fd, b, 32 - got, 0);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    v.push_back(now_ns() - t0);
  }
  ::close(fd);
  echo.join();
  ::close(lfd);
  result("ref.rtt_p50_ms", percentile_ms(v, 50));
  result("ref.rtt_p99_ms", percentile_ms(v, 99));
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;
  ::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    std::fprintf(stderr, "usage: foxo-bench COMMAND [--key value ...] (see bench/loadgen/main.cpp)\n");
    return 2;
  }
  Args a;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k.rfind("--", 0) == 0) k = k.substr(2);
    a.kv[k] = argv[i + 1];
  }
  const std::string cmd = argv[1];
  if (cmd == "streams") return cmd_streams(a);
  if (cmd == "mqtt") return cmd_mqtt(a);
  if (cmd == "throughput") return cmd_throughput(a);
  if (cmd == "open-case") return cmd_open_case(a);
  if (cmd == "fixture") return cmd_fixture(a);
  if (cmd == "fill") return cmd_fill(a);
  if (cmd == "coldstart") return cmd_coldstart(a);
  if (cmd == "sqlite-commit") return cmd_sqlite_commit(a);
  if (cmd == "rtt") return cmd_rtt(a);
  std::fprintf(stderr, "foxo-bench: unknown command %s\n", cmd.c_str());
  return 2;
}
