// run_relay: the relay's wiring, as the named steps it takes — lock the data
// directory, open the stores, make the SMS gateway, make the services (and
// their jobs), make the HTTP server, run until signalled. Each step that can
// fail returns a StartFailure (the operator's message and the exit code)
// instead of printing and exiting itself; run_relay prints it. Every object is
// owned here and outlives the server that uses it.
#include "app/relay_app.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <variant>

#include "app/metered_gateway.hpp"
#include "blobs/blob_vault.hpp"
#include "blobs/file_type.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "events/hub.hpp"
#include "foxo/notify_policy.hpp"
#include "http/server.hpp"
#include "jobs/scheduler.hpp"
#include "services/session_watch.hpp"
#include "services/attachments.hpp"
#include "services/transcripts.hpp"
#include "services/audit.hpp"
#include "services/auto_close.hpp"
#include "services/case_events.hpp"
#include "services/cases.hpp"
#include "services/dev.hpp"
#include "services/fonts.hpp"
#include "services/guest_auth.hpp"
#include "services/health.hpp"
#include "services/notifications.hpp"
#include "services/organisations.hpp"
#include "services/retention.hpp"
#include "services/seed.hpp"
#include "services/sessions.hpp"
#include "services/staff_auth.hpp"
#include "services/staff_mfa.hpp"
#include "services/storage_keys.hpp"
#include "sms/dev_outbox.hpp"
#include "sms/twilio_gateway.hpp"
#include "services/key_rotation.hpp"
#include "store/backend.hpp"
#include "store/sql/fields.hpp"
#include "store/sql/reseal.hpp"
#include "store/sql/session.hpp"  // store::DbError
#include "store/stores.hpp"

#ifndef FOXO_VERSION
#define FOXO_VERSION "0.0.0"
#endif

namespace foxo::relay::app {
namespace {

// A start-up step that could not be done: what the operator reads (after
// "foxo-relay: ") and the process's exit code.
struct StartFailure {
  int exit_code = 1;
  std::string message;
};
// What a step makes, or why it could not.
template <class T>
using Made = std::variant<std::unique_ptr<T>, StartFailure>;

int report(const StartFailure& f) {
  std::fprintf(stderr, "foxo-relay: %s\n", f.message.c_str());
  return f.exit_code;
}

// ---- Step 1: the data directory, for this relay only ---------------------------------

// Every open stream holds a socket; raise the soft limit to the hard one.
void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

// One relay per data dir: the start-up blob sweep deletes uncommitted
// writes of any age, which is only safe when no other process can be
// uploading into DATA/blobs. The lock is held (its descriptor never closed)
// until the process ends; the kernel releases it on any exit, SIGKILL included.
std::optional<StartFailure> lock_data_dir(const Config& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return StartFailure{1, "cannot create data directory " + config.data_dir + ": " + ec.message()};
  const std::string lock_path = config.data_dir + "/relay.lock";
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0)
    return StartFailure{1, "another relay is running on " + config.data_dir + " (cannot lock " + lock_path + ")"};
  return std::nullopt;
}

// The relay's clock: the system's, or with --dev one that tests move forward.
struct Clocks {
  std::unique_ptr<Clock> clock;
  DevClock* dev = nullptr;  // the same clock, with --dev only
};
Clocks make_clock(const Config& config) {
  Clocks c;
  if (config.dev) {
    auto dc = std::make_unique<DevClock>();
    c.dev = dc.get();
    c.clock = std::move(dc);
  } else {
    c.clock = std::make_unique<SystemClock>();
  }
  return c;
}

// ---- Step 2: the stores, on the one backend --store chose ------------------------------

struct OpenStores {
  store::Stores stores;
  std::unique_ptr<store::Backend> backend;
};
// `key`: the relay's secret (it encrypts attachments and is the root of the
// sealed text's keys). A key file made just now for a database whose data
// keys need another one is removed again, so the operator restores theirs.
Made<OpenStores> open_stores(const Config& config, const blobs::Key& key, bool key_created) {
  auto s = std::make_unique<OpenStores>();
  try {
    s->backend = store::open_backend(config.store, config.data_dir, s->stores, key);
  } catch (const store::sql::KeyError& e) {
    std::string why = e.what();
    if (key_created) {
      std::error_code ec;
      std::filesystem::remove(config.attachment_key_file, ec);
      why = "the key file " + config.attachment_key_file +
            " was missing, and a new key cannot open this database: restore the key it was written with. " + why;
    }
    return StartFailure{1, why};
  } catch (const store::DbError& e) {
    return StartFailure{1, e.what()};
  }
  return s;
}

// ---- Step 3: the SMS gateway ---------------------------------------------------------------

struct SmsGateways {
  std::unique_ptr<sms::Gateway> gateway;
  sms::DevOutbox* dev_outbox = nullptr;  // the gateway, with --sms dev
  // Several relays on PostgreSQL: codes sent by any relay show in every relay's dev outbox.
  std::unique_ptr<sms::DevOutbox::Log> shared_log;
  // Every SMS goes through the meter (/metrics: sent, failed, retried).
  std::unique_ptr<MeteredGateway> metered;
};

// The Twilio gateway's own JSON lines go through the relay's log: one writer
// (no interleaved lines), with time, level and the request's id.
void log_twilio_line(std::string_view line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object()) return;
  std::string event = j.value("event", std::string("sms_gateway"));  // "sms_sent" -> "sms.sent"
  if (event.rfind("sms_", 0) == 0) event[3] = '.';
  j.erase("event");
  if (j.contains("error")) log::warn(event, j);
  else log::info(event, j);
}

Made<SmsGateways> make_sms(const Config& config, const Clock& clock, store::Backend& backend) {
  auto s = std::make_unique<SmsGateways>();
  if (config.sms == "dev") {
    auto outbox = std::make_unique<sms::DevOutbox>([&clock] { return clock.now(); });
    s->dev_outbox = outbox.get();
    s->gateway = std::move(outbox);
  } else {
    std::string err;
    auto tc = sms::TwilioConfig::from_lookup(
        [&config](std::string_view name) -> std::optional<std::string> {
          const auto it = config.twilio_env.find(std::string(name));
          if (it == config.twilio_env.end()) return std::nullopt;
          return it->second;
        },
        &err);
    if (!tc) return StartFailure{2, "Twilio SMS is not configured: " + err + " (see docs/SMS.md)"};
    sms::TwilioGateway::Hooks hooks;
    hooks.log = log_twilio_line;
    s->gateway = std::make_unique<sms::TwilioGateway>(*tc, std::move(hooks));
  }
  describe_relay_metrics();
  s->metered = std::make_unique<MeteredGateway>(*s->gateway);
  if (s->dev_outbox && (s->shared_log = backend.dev_sms_log())) s->dev_outbox->set_log(s->shared_log.get());
  return s;
}

// ---- Step 4: the services and their jobs ------------------------------------------------

// What attachments need from outside the process: the key that encrypts them
// at rest and libmagic's database. Checked before any service is made.
struct AttachmentPrerequisites {
  blobs::Key key{};
  bool key_created = false;  // the key file was made at this start
  std::unique_ptr<blobs::FileTypeDetector> file_types;
};
Made<AttachmentPrerequisites> load_attachment_prerequisites(const Config& config) {
  const auto key = blobs::load_or_create_key(config.attachment_key_file, config.attachment_key_hex);
  if (!key.key) return StartFailure{1, "cannot use the attachment key: " + key.error};
  if (key.created) {
    const nlohmann::json fields{{"file", config.attachment_key_file},
                                {"note", "back it up: without it no attachment can be read"}};
    if (config.dev) log::info("attachment.key_created", fields);
    else log::warn("attachment.key_created", fields);
  }
  auto p = std::make_unique<AttachmentPrerequisites>();
  p->key = *key.key;
  p->key_created = key.created;
  p->file_types = std::make_unique<blobs::FileTypeDetector>();
  if (!p->file_types->ready())
    return StartFailure{1, "libmagic could not load its database (install libmagic1 / libmagic-mgc)"};
  return p;
}

// Live events: at most --max-streams open streams (the HTTP worker pool is
// sized for them), at most 4 per session.
events::Hub::Limits hub_limits(const Config& config) {
  events::Hub::Limits l;
  l.max_streams = static_cast<std::size_t>(std::max(1, config.max_streams));
  l.per_session = 4;
  return l;
}

// Every service, made in the order they depend on each other (members are
// constructed in declaration order and destroyed in reverse).
struct Services {
  Services(const Config& config, const Clocks& clocks, OpenStores& open, SmsGateways& sms,
           AttachmentPrerequisites& att)
      : sessions(*open.stores.auth, *clocks.clock),
        auditor(*open.stores.audit, *clocks.clock),
        staff_auth(*open.stores.directory, *open.stores.auth, *open.stores.mfa, sessions, auditor, *clocks.clock),
        staff_mfa(*open.stores.mfa, auditor, *clocks.clock, random_bytes),
        guest_auth(*open.stores.directory, *open.stores.otp, sessions, auditor, *sms.metered, *clocks.clock),
        hub(hub_limits(config)),
        case_events(*open.stores.cases, &hub),
        cases(*open.stores.directory, *open.stores.cases, auditor, *clocks.clock, case_events),
        organisations(*open.stores.directory, *open.stores.audit, auditor, &*clocks.clock),
        notifications(*open.stores.notify, *sms.metered, guest_auth, auditor, *clocks.clock, &hub),
        auto_close(*open.stores.notify, cases),
        scheduler(*clocks.clock, kSchedulerTick),
        session_watch(sessions, hub),
        session_watch_runner(*clocks.clock, services::SessionWatch::kInterval),
        blob_storage(open.backend->blob_storage()),
        vault(config.data_dir + "/blobs", att.key, blob_storage.get()),
        attachments(cases, *open.stores.attachments, vault, *att.file_types, auditor,
                    static_cast<std::size_t>(config.max_attachment_mb) * 1024 * 1024),
        transcripts(cases, *open.stores.cases, *open.stores.directory, *open.stores.attachments, vault, auditor,
                    *clocks.clock),
        retention(*open.stores.retention, vault, auditor),
        // The faces the client's text needs beyond the web root's static ones
        // (scripts/fonts/make_fonts.py puts them in <www>/fonts/).
        fonts(std::filesystem::path(config.www_dir) / "fonts"),
        storage_keys(att.key),
        health(services::StoreIdentity{open.stores.backend, open.stores.schema_version}, *open.stores.notify,
               *clocks.clock, hub, config.max_streams),
        key_rotation(*open.stores.fields, *open.stores.resealer, config.reseal_rate) {
    cases.set_notifications(&notifications);
    if (clocks.dev)
      dev = std::make_unique<services::DevService>(
          *clocks.dev, sms.dev_outbox, [this] { scheduler.run_due(); },  // run what fell due before answering
          *open.stores.directory, *open.stores.cases);
  }

  services::SessionService sessions;
  services::Auditor auditor;
  services::StaffAuthService staff_auth;
  services::StaffMfaService staff_mfa;
  services::GuestAuthService guest_auth;
  events::Hub hub;
  services::CaseEvents case_events;
  services::CaseService cases;
  services::OrganisationService organisations;
  services::NotificationService notifications;
  services::AutoCloseService auto_close;
  jobs::Scheduler scheduler;
  services::SessionWatch session_watch;
  jobs::Scheduler session_watch_runner;  // its own thread: a slow SMS job never delays a stream's end
  // On PostgreSQL the (encrypted) bytes live in the database, so every relay
  // serves every attachment; all relays must then share one key
  // (FOXO_ATTACHMENT_KEY or the same key file).
  std::unique_ptr<blobs::BlobStorage> blob_storage;
  blobs::BlobVault vault;
  services::AttachmentService attachments;
  services::TranscriptService transcripts;
  services::RetentionService retention;
  services::FontService fonts;
  services::StorageKeys storage_keys;  // the browser's per-person storage key, a subkey of the attachment key
  services::HealthService health;
  services::KeyRotation key_rotation;  // after `keys rotate`: the new generation, and re-sealing older rows
  std::unique_ptr<services::DevService> dev;  // --dev only
  const std::string relay_id = random_token(64);  // this process, in presence leases
  std::shared_ptr<void> listener;                 // PostgreSQL: every relay's commits as live events
};

// The clock-driven jobs, in the order each scheduler run takes them: bringing
// guests back (unseen-activity SMS, resume links), the 7-day auto-close and
// retention. They find their work in the store, so work due while the relay
// was down is done at the first run. A notification SMS left
// claimed-but-unanswered by a crash is never resent (at most once).
void add_jobs(Services& s, store::Stores& stores) {
  s.notifications.abandon_interrupted();
  if (stores.presence) {
    // Several relays on one database: whether a guest is here is asked of
    // every relay's leases; renewed first in each run, so that send_due
    // below never decides on a lease this relay let lapse.
    s.notifications.set_presence(stores.presence.get(), s.relay_id);
    s.scheduler.add("presence", [&s](TimeMs) { return s.notifications.renew_presence(); });
  }
  s.scheduler.add("auto_close", [&s](TimeMs now) { return s.auto_close.run(now); });
  s.scheduler.add("notify_sms", [&s](TimeMs now) { return s.notifications.send_due(now); });
  // Retention: closed cases past their organisation's period (none by default).
  s.scheduler.add("retention", [&s](TimeMs now) { return s.retention.run(now); });
  s.session_watch_runner.add("session_ends", [&s](TimeMs) { return s.session_watch.run(); });
}

// What a crash may have left, and the --dev demo data.
void tidy_store(const Config& config, Services& s, OpenStores& open, const Clock& clock) {
  s.attachments.sweep_orphans(3600);  // blobs left by a crash between storing and committing
  open.backend->sweep_blobs(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count(),
      3600 * 1000);
  if (config.dev) {
    bool seeded = false;
    open.stores.exclusively([&] { seeded = services::seed_demo_data(*open.stores.directory, clock); });
    if (seeded) log::info("seed.demo", {{"organisations", {"demo-health", "other-clinic"}}});
  }
}

std::unique_ptr<Services> make_services(const Config& config, const Clocks& clocks, OpenStores& open,
                                        SmsGateways& sms, AttachmentPrerequisites& att) {
  auto s = std::make_unique<Services>(config, clocks, open, sms, att);
  add_jobs(*s, open.stores);
  tidy_store(config, *s, open, *clocks.clock);
  // PostgreSQL: live events come from the database's commits, of this relay
  // and every other one, through one listener thread, in id order; the case
  // store does not publish at commit (store/backend.hpp says why).
  s->listener = open.backend->listen(
      open.stores.cases->last_event_id(),
      [events = &s->case_events](const std::vector<store::EventRow>& rows) { events->publish_committed(rows); },
      [events = &s->case_events](const std::string& payload) { events->deliver(payload); });
  // Typing and seen signals (issue 22) are not in the events log: on
  // PostgreSQL they go through the database to every relay's listener.
  if (s->listener)
    s->case_events.set_broadcast([backend = open.backend.get()](const std::string& p) { backend->broadcast(p); });
  return s;
}

// ---- Step 5: the HTTP server -------------------------------------------------------------

http::HttpDeps http_deps(const Config& config, Services& s) {
  http::HttpDeps d;
  d.options.dev = config.dev;
  d.options.tls = !config.tls_cert.empty();
  d.options.tls_cert = config.tls_cert;
  d.options.tls_key = config.tls_key;
  d.options.www_dir = config.www_dir;
  d.options.version = FOXO_VERSION;
  d.options.trusted_proxies = config.trusted_proxies;
  d.options.metrics_token = config.metrics_token;
  d.options.max_pending_per_address = config.max_pending_per_address;
  d.options.sse_keepalive_ms = config.sse_keepalive_ms;
  d.options.head_timeout_s = config.head_timeout_s;
  d.options.read_timeout_s = config.read_timeout_s;
  d.sessions = &s.sessions;
  d.staff_auth = &s.staff_auth;
  d.staff_mfa = &s.staff_mfa;
  d.guest_auth = &s.guest_auth;
  d.organisations = &s.organisations;
  d.cases = &s.cases;
  d.case_events = &s.case_events;
  d.hub = &s.hub;
  d.notifications = &s.notifications;
  d.attachments = &s.attachments;
  d.transcripts = &s.transcripts;
  d.fonts = &s.fonts;
  d.health = &s.health;
  d.storage_keys = &s.storage_keys;
  d.dev = s.dev.get();
  return d;
}

// Workers: one per promised live stream plus headroom for ordinary requests.
int http_workers(const Config& config) { return config.max_streams + 16; }

struct Http {
  std::unique_ptr<http::HttpServer> server;
  std::string own_url;  // where this relay listens, as a client on this host reaches it
};

Made<Http> make_http(const Config& config, Services& s) {
  auto h = std::make_unique<Http>();
  h->server = std::make_unique<http::HttpServer>(http_deps(config, s), http_workers(config));
  auto& server = *h->server;
  if (!server.valid())
    return StartFailure{1, "cannot use --tls-cert " + config.tls_cert + " / --tls-key " + config.tls_key +
                               " (unreadable, not PEM, or not a pair)"};
  if (!server.bind(config.host, config.port))
    return StartFailure{1, "cannot listen on " + config.host + ":" + std::to_string(config.port) +
                               " (in use or not permitted)"};
  h->own_url = std::string(server.deps().options.tls ? "https://" : "http://") +
               (config.host == "0.0.0.0" ? std::string("127.0.0.1") : config.host) + ":" +
               std::to_string(server.port());
  server.deps().options.public_url = config.public_url.empty() ? h->own_url : config.public_url;
  s.notifications.set_public_url(server.deps().options.public_url);  // the links in notification SMS
  s.guest_auth.set_public_url(server.deps().options.public_url);     // the code SMS's autofill line
  return h;
}

// ---- Step 6: run until signalled ---------------------------------------------------------

http::HttpServer* g_server = nullptr;
int g_stop_pipe[2] = {-1, -1};

void on_signal(int) {
  // Async-signal-safe: wake the stopper thread (it ends live streams, then the server).
  if (g_stop_pipe[1] >= 0) {
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_stop_pipe[1], &c, 1);
  } else if (g_server) {
    g_server->stop();
  }
}

// SIGTERM/SIGINT: readiness answers 503 from now on (and for `drain_s`
// seconds nothing else changes, so balancers polling it move away); the scheduler finishes
// its run and stops; every event stream gets its terminating chunk (a clean
// end: EventSource reconnects, to another relay behind a balancer) and
// leaves; then the listener closes and the server's workers finish the
// requests already accepted (a message is answered 201 only after its
// commit, so every acknowledged message is stored). If that takes longer
// than `timeout_s` the process exits 1 rather than hang.
void graceful_stop(Services& s, http::HttpServer& server, int timeout_s, int drain_s) {
  if (s.health.begin_stopping()) return;
  log::info("relay.stopping", {{"open_streams", s.hub.open_streams()}, {"timeout_s", timeout_s}, {"drain_s", drain_s}});
  std::thread([timeout_s, drain_s] {
    std::this_thread::sleep_for(std::chrono::seconds(timeout_s + drain_s));
    log::error("relay.stop_timeout", {{"timeout_s", timeout_s}});
    std::_Exit(1);
  }).detach();
  if (drain_s > 0) std::this_thread::sleep_for(std::chrono::seconds(drain_s));
  const auto started = std::chrono::steady_clock::now();
  s.scheduler.stop();
  s.session_watch_runner.stop();
  s.key_rotation.stop();
  s.hub.close_all();
  // Streams leave the hub right after writing their last chunk; httplib
  // stops calling a stream's provider once the server is stopping, so wait
  // for them (bounded) before stopping it.
  const auto streams_deadline = started + std::chrono::seconds(std::min(timeout_s, 5));
  while (s.hub.open_streams() > 0 && std::chrono::steady_clock::now() < streams_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.stop();
}

// Prints the ready line once the listener accepts (tests and scripts wait for it).
void announce_when_listening(http::HttpServer& server, const std::string& own_url, bool dev,
                             const std::atomic<bool>& finished) {
  while (!server.raw().is_running()) {
    if (finished) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::printf("listening on %s\n", own_url.c_str());
  if (dev)
    std::printf("  guest link: %s/t/intake\n  staff link: %s/staff  (intake1@demo.test / demo-password)\n",
                own_url.c_str(), own_url.c_str());
  std::fflush(stdout);
}

int run_until_signalled(const Config& config, Services& s, store::Stores& stores, Http& h) {
  auto& server = *h.server;
  s.scheduler.start();
  s.session_watch_runner.start();
  s.key_rotation.start();
  g_server = &server;
  // Stopping: each open event stream holds a worker that waits on its queue;
  // the server joins its workers when it stops, so the hub must end the
  // streams first. The signal handler only writes to this pipe.
  std::thread stopper;
  if (::pipe(g_stop_pipe) == 0) {
    stopper = std::thread([&s, &server, &config] {
      char c = 0;
      while (::read(g_stop_pipe[0], &c, 1) < 0 && errno == EINTR) {
      }
      graceful_stop(s, server, config.shutdown_timeout_s, config.drain_s);
    });
  } else {
    g_stop_pipe[0] = g_stop_pipe[1] = -1;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);

  std::atomic<bool> finished{false};
  std::thread announce([&server, &h, &config, &finished] {
    announce_when_listening(server, h.own_url, config.dev, finished);
  });
  log::info("relay.start", {{"store", stores.description}, {"dev", config.dev}, {"workers", http_workers(config)}});
  const bool ok = server.run();
  s.scheduler.stop();
  s.session_watch_runner.stop();
  s.key_rotation.stop();
  if (stores.presence) {
    try {
      stores.presence->renew(s.relay_id, {});  // gives back every lease this relay still has
    } catch (const std::exception& e) {
      log::error("relay.presence_release_failed", {{"what", e.what()}});  // they run out by themselves
    }
  }
  s.listener.reset();  // stops listening (PostgreSQL)
  finished = true;
  announce.join();
  const bool graceful = s.health.begin_stopping();  // false: the server ended by itself
  if (stopper.joinable()) {
    on_signal(0);  // the server has ended by itself: release the stopper (it sees the flag and returns)
    stopper.join();
    ::close(g_stop_pipe[0]);
    ::close(g_stop_pipe[1]);
    g_stop_pipe[0] = g_stop_pipe[1] = -1;
  }
  g_server = nullptr;
  log::info("relay.stop", {{"graceful", graceful}});
  return ok ? 0 : 1;
}

}  // namespace

int run_relay(const Config& config) {
  log::set_quiet(config.quiet);
  raise_fd_limit();
  if (const auto failed = lock_data_dir(config)) return report(*failed);
  const Clocks clocks = make_clock(config);

  auto prerequisites = load_attachment_prerequisites(config);
  if (auto* f = std::get_if<StartFailure>(&prerequisites)) return report(*f);
  AttachmentPrerequisites& att = *std::get<std::unique_ptr<AttachmentPrerequisites>>(prerequisites);

  auto opened = open_stores(config, att.key, att.key_created);
  if (auto* f = std::get_if<StartFailure>(&opened)) return report(*f);
  OpenStores& stores = *std::get<std::unique_ptr<OpenStores>>(opened);

  auto made_sms = make_sms(config, *clocks.clock, *stores.backend);
  if (auto* f = std::get_if<StartFailure>(&made_sms)) return report(*f);
  SmsGateways& sms = *std::get<std::unique_ptr<SmsGateways>>(made_sms);

  const auto services = make_services(config, clocks, stores, sms, att);

  auto made_http = make_http(config, *services);
  if (auto* f = std::get_if<StartFailure>(&made_http)) return report(*f);
  return run_until_signalled(config, *services, stores.stores, *std::get<std::unique_ptr<Http>>(made_http));
}

}  // namespace foxo::relay::app
