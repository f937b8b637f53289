// The PostgreSQL backend (pg_backend.hpp): opening its stores, and what it
// gives several relays beyond them (store/backend.hpp): the event listener,
// attachment bytes in the `blobs` table, the dev SMS log in `dev_sms`.
#include "store/pg/pg_backend.hpp"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "core/log.hpp"
#include "store/backend.hpp"
#include "store/migrations.hpp"
#include "store/pg/pg_db.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/sql_stores.hpp"

namespace foxo::relay::store::pg {

Stores open_pg_stores(const std::string& url, std::size_t pool_size, const std::optional<aead::Key>& master) {
  // At least two: `exclusively` holds one for the lock while `f` uses others.
  const auto db = open_database(url, std::max<std::size_t>(pool_size, 2));
  Stores s;
  s.backend = "postgresql";
  s.description = redact_url(url);
  // A session-level advisory lock (held across transactions, released by
  // unlock or when the connection ends, even on a crash) so that relays
  // starting together migrate and seed one after the other: the second finds
  // the work done.
  std::weak_ptr<sql::Database> weak = db;
  s.exclusively = [weak](const std::function<void()>& f) {
    const auto d = weak.lock();
    if (!d) throw DbError("the PostgreSQL pool is closed");
    auto holder = d->session();
    holder->query("SELECT pg_advisory_lock(?)", {kLockMigrate});
    try {
      f();
    } catch (...) {
      holder->query("SELECT pg_advisory_unlock(?)", {kLockMigrate});
      throw;
    }
    holder->query("SELECT pg_advisory_unlock(?)", {kLockMigrate});
  };
  // Relays starting together migrate, make data keys and seal clear rows one after the other.
  s.exclusively([&] {
    s.schema_version = migrate(*db, pg_migrations());
    sql::open_stores(s, db, master);
  });
  s.presence = presence_store(*db);
  return s;
}

// ---- EventListener --------------------------------------------------------------------

// One LISTEN connection and thread per relay. On each NOTIFY (and every
// `poll` as a safety net, e.g. after a reconnect lost notifications) it reads
// every events row after the last id it handed on, in id order, and hands
// them to `publish` — from this one thread, so in commit order.
class EventListener {
 public:
  using Publish = std::function<void(const std::vector<EventRow>&)>;
  using Live = std::function<void(const std::string&)>;
  EventListener(std::string url, std::int64_t after_id, Publish publish, Live live)
      : url_(std::move(url)), last_id_(after_id), publish_(std::move(publish)), live_(std::move(live)) {
    if (::pipe(wake_) != 0) throw DbError("cannot create the listener's wake-up pipe");
    thread_ = std::thread([this] { run(); });
  }
  ~EventListener() {
    const char c = 1;
    stop_ = true;
    [[maybe_unused]] const auto n = ::write(wake_[1], &c, 1);
    thread_.join();
    for (int fd : wake_) ::close(fd);
  }
  EventListener(const EventListener&) = delete;

 private:
  void run();
  bool catch_up(PGconn* conn);
  void drain(PGconn* conn);
  const std::string url_;
  std::int64_t last_id_;
  Publish publish_;
  Live live_;  // typing and seen signals (issue 22): channel foxo_live, not in the events log
  const std::chrono::milliseconds poll_{1000};
  std::atomic<bool> stop_{false};
  int wake_[2] = {-1, -1};
  std::thread thread_;
};

bool EventListener::catch_up(PGconn* conn) {
  for (;;) {
    const std::string after = std::to_string(last_id_);
    const char* values[] = {after.c_str()};
    const std::unique_ptr<PGresult, void (*)(PGresult*)> r(
        PQexecParams(conn,
                     "SELECT id, kind, case_id, team_id, guest_id, COALESCE(seq, 0), created_at FROM events "
                     "WHERE id > $1 ORDER BY id LIMIT 500",
                     1, nullptr, values, nullptr, nullptr, 0),
        &PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return false;
    auto text = [&](int row, int col) { return std::string(PQgetvalue(r.get(), row, col)); };
    auto i64 = [&](int row, int col) { return std::strtoll(PQgetvalue(r.get(), row, col), nullptr, 10); };
    std::vector<EventRow> rows;
    for (int i = 0; i < PQntuples(r.get()); ++i)
      rows.push_back(EventRow{i64(i, 0), text(i, 1), text(i, 2), text(i, 3), text(i, 4), i64(i, 5), i64(i, 6)});
    if (rows.empty()) return true;
    try {
      publish_(rows);
    } catch (const std::exception& e) {
      log::error("events.publish_failed", {{"what", e.what()}});
    }
    last_id_ = rows.back().id;
    if (rows.size() < 500) return true;
  }
}

// Takes every notification libpq has read: foxo_events ones only wake the
// loop (catch_up reads the rows); foxo_live ones carry their signal.
void EventListener::drain(PGconn* conn) {
  while (PGnotify* n = PQnotifies(conn)) {
    if (live_ && std::string_view(n->relname) == "foxo_live") {
      try {
        live_(n->extra);
      } catch (const std::exception& e) {
        log::error("events.live_failed", {{"what", e.what()}});
      }
    }
    PQfreemem(n);
  }
}

void EventListener::run() {
  PGconn* conn = nullptr;
  while (!stop_) {
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
      if (conn) PQfinish(conn);
      conn = nullptr;
      try {
        conn = connect(url_);
        PGresult* r = PQexec(conn, "LISTEN foxo_events; LISTEN foxo_live");
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) throw DbError(PQerrorMessage(conn));
      } catch (const std::exception& e) {
        log::error("events.listen_failed", {{"what", e.what()}});
        if (conn) PQfinish(conn);
        conn = nullptr;
        pollfd w{wake_[0], POLLIN, 0};
        ::poll(&w, 1, 1000);  // retry in a second, or stop
        continue;
      }
    }
    // Whatever committed while not listening (first start, reconnect, or a
    // poll interval passed without a notification).
    if (!catch_up(conn)) {
      PQfinish(conn);
      conn = nullptr;
      continue;
    }
    // Notifications read while catching up wait in libpq's queue, not on the socket.
    drain(conn);
    pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_[0], POLLIN, 0}};
    ::poll(fds, 2, static_cast<int>(poll_.count()));
    if (fds[1].revents) break;
    if (fds[0].revents) {
      if (!PQconsumeInput(conn)) continue;  // broken: reconnect on the next turn
      drain(conn);
    }
  }
  if (conn) PQfinish(conn);
}

// ---- Blobs ----------------------------------------------------------------------------

namespace {

class PgBlobStorage final : public blobs::BlobStorage {
 public:
  explicit PgBlobStorage(std::shared_ptr<sql::Database> db) : db_(std::move(db)) {}
  bool write_uncommitted(const std::string& name, std::string_view encrypted) override {
    try {
      db_->write("INSERT INTO blobs (name, data, committed, created_at) "
                 "VALUES (?, ?, false, (extract(epoch from now()) * 1000)::bigint)",
                 {name, sql::Value::bytes(encrypted)});
      return true;
    } catch (const DbError& e) {
      log::error("attachment.blob_write_failed", {{"what", e.what()}});
      return false;
    }
  }
  bool publish(const std::string& name) override {
    try {
      return db_->write("UPDATE blobs SET committed = true WHERE name = ?", {name}) == 1;
    } catch (const DbError&) {
      return false;
    }
  }
  blobs::BlobError read(const std::string& name, std::string& encrypted) override {
    try {
      // bytea comes as text in its hex form: unescaped here.
      const auto hex = db_->read()->query("SELECT data FROM blobs WHERE name = ?", {name}).one([](const sql::Rows& r) {
        return r.text(0);
      });
      if (!hex) return blobs::BlobError::not_found;
      std::size_t n = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(hex->c_str()), &n);
      if (!bytes) return blobs::BlobError::io;
      encrypted.assign(reinterpret_cast<const char*>(bytes), n);
      PQfreemem(bytes);
      return blobs::BlobError::none;
    } catch (const DbError&) {
      return blobs::BlobError::io;
    }
  }
  void remove(const std::string& name) override {
    try {
      db_->write("DELETE FROM blobs WHERE name = ?", {name});
    } catch (const DbError& e) {
      log::error("attachment.blob_remove_failed", {{"what", e.what()}});
    }
  }

 private:
  std::shared_ptr<sql::Database> db_;
};

// Sealed like the stores' text (the deployment's keys), since it holds numbers and codes.
class PgDevSmsLog final : public sms::DevOutbox::Log {
 public:
  PgDevSmsLog(std::shared_ptr<sql::Database> db, std::shared_ptr<sql::Fields> fields)
      : db_(std::move(db)), fields_(std::move(fields)) {}
  void add(const sms::DevOutbox::Record& r) override {
    auto s = db_->session();
    const auto k = fields_->key_for(*s, sql::kDeployment);
    s->query("INSERT INTO dev_sms (phone, body, sent_at, key_gen) VALUES (?, ?, ?, ?)",
             {fields_->seal(k, "dev_sms.phone", r.to), fields_->seal(k, "dev_sms.body", r.body), r.sent_at_ms,
              static_cast<std::int64_t>(k.id)});
  }
  std::vector<sms::DevOutbox::Record> all() override {
    auto s = db_->read();
    return s->query("SELECT phone, body, sent_at FROM dev_sms ORDER BY id").all([&](const sql::Rows& r) {
      return sms::DevOutbox::Record{fields_->open(*s, sql::kDeployment, "dev_sms.phone", r.text(0)),
                                    fields_->open(*s, sql::kDeployment, "dev_sms.body", r.text(1)), r.i64(2)};
    });
  }

 private:
  std::shared_ptr<sql::Database> db_;
  std::shared_ptr<sql::Fields> fields_;
};

// ---- The backend choice --------------------------------------------------------------

class PgBackend final : public Backend {
 public:
  PgBackend(std::string url, std::shared_ptr<sql::Database> db, std::shared_ptr<sql::Fields> fields)
      : url_(std::move(url)), db_(std::move(db)), fields_(std::move(fields)) {}
  std::unique_ptr<blobs::BlobStorage> blob_storage() override { return std::make_unique<PgBlobStorage>(db_); }
  void sweep_blobs(std::int64_t now_ms, std::int64_t min_age_ms) override {
    auto tx = db_->tx();
    // Blobs an attachment names but still marked uncommitted: the relay died between COMMIT and publish.
    tx->query("UPDATE blobs SET committed = true WHERE NOT committed AND name IN (SELECT blob_path FROM attachments)");
    // Uploads whose relay died before the row committed; only old ones: other relays may be uploading right now.
    tx->query("DELETE FROM blobs WHERE NOT committed AND created_at <= ?", {now_ms - min_age_ms});
    tx->commit();
  }
  std::unique_ptr<sms::DevOutbox::Log> dev_sms_log() override { return std::make_unique<PgDevSmsLog>(db_, fields_); }
  std::shared_ptr<void> listen(std::int64_t after_id, Publish publish, Live live) override {
    return std::make_shared<EventListener>(url_, after_id, std::move(publish), std::move(live));
  }
  void broadcast(const std::string& payload) override {
    try {
      // Live only: lost when the database is unreachable, like the moment it describes.
      db_->write("SELECT pg_notify('foxo_live', ?)", {payload});
    } catch (const DbError& e) {
      log::error("events.broadcast_failed", {{"what", e.what()}});
    }
  }

 private:
  const std::string url_;
  std::shared_ptr<sql::Database> db_;
  std::shared_ptr<sql::Fields> fields_;
};

}  // namespace

}  // namespace foxo::relay::store::pg

namespace foxo::relay::store {

std::unique_ptr<Backend> open_backend(const std::string& store, const std::string& data_dir, Stores& stores,
                                      const std::optional<aead::Key>& master, std::size_t pg_connections) {
  if (store.empty()) {
    stores = open_sqlite_stores(data_dir, master);
    return std::make_unique<Backend>();
  }
  stores = pg::open_pg_stores(store, pg_connections, master);
  return std::make_unique<pg::PgBackend>(store, stores.sql, stores.fields);
}

}  // namespace foxo::relay::store
