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
#include <iostream>
#include <thread>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "app/metered_gateway.hpp"
#include "core/log.hpp"
#include "events/hub.hpp"
#include "foxo/notify_policy.hpp"
#include "jobs/scheduler.hpp"
#include "http/server.hpp"
#include "services/audit.hpp"
#include "blobs/blob_vault.hpp"
#include "blobs/file_type.hpp"
#include "services/attachments.hpp"
#include "services/fonts.hpp"
#include "services/auto_close.hpp"
#include "services/cases.hpp"
#include "services/guest_auth.hpp"
#include "services/notifications.hpp"
#include "services/retention.hpp"
#include "services/seed.hpp"
#include "services/sessions.hpp"
#include "services/staff_auth.hpp"
#include "sms/dev_outbox.hpp"
#include "sms/twilio_gateway.hpp"
#include "store/backend.hpp"
#include "store/stores.hpp"
#include "store/sqlite_db.hpp"

#ifndef FOXO_VERSION
#define FOXO_VERSION "0.0.0"
#endif

namespace foxo::relay::app {
namespace {

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

// Every open stream holds a socket; raise the soft limit to the hard one.
void raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
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
void graceful_stop(events::Hub& hub, http::HttpServer& server, jobs::Scheduler& scheduler,
                   std::atomic<bool>& shutting_down, int timeout_s, int drain_s) {
  if (shutting_down.exchange(true)) return;
  log::info("relay.stopping", {{"open_streams", hub.open_streams()}, {"timeout_s", timeout_s}, {"drain_s", drain_s}});
  std::thread([timeout_s, drain_s] {
    std::this_thread::sleep_for(std::chrono::seconds(timeout_s + drain_s));
    log::error("relay.stop_timeout", {{"timeout_s", timeout_s}});
    std::_Exit(1);
  }).detach();
  if (drain_s > 0) std::this_thread::sleep_for(std::chrono::seconds(drain_s));
  const auto started = std::chrono::steady_clock::now();
  scheduler.stop();
  hub.close_all();
  // Streams leave the hub right after writing their last chunk; httplib
  // stops calling a stream's provider once the server is stopping, so wait
  // for them (bounded) before stopping it.
  const auto streams_deadline = started + std::chrono::seconds(std::min(timeout_s, 5));
  while (hub.open_streams() > 0 && std::chrono::steady_clock::now() < streams_deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.stop();
}

}  // namespace

int run_relay(const Config& config) {
  log::set_quiet(config.quiet);
  raise_fd_limit();
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    std::fprintf(stderr, "foxo-relay: cannot create data directory %s: %s\n", config.data_dir.c_str(),
                 ec.message().c_str());
    return 1;
  }

  // One relay per data dir: the start-up blob sweep deletes uncommitted
  // writes of any age, which is only safe when no other process can be
  // uploading into DATA/blobs. Held (never closed) until the process ends;
  // the kernel releases it on any exit, SIGKILL included.
  const std::string lock_path = config.data_dir + "/relay.lock";
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    std::fprintf(stderr, "foxo-relay: another relay is running on %s (cannot lock %s)\n", config.data_dir.c_str(),
                 lock_path.c_str());
    return 1;
  }

  std::unique_ptr<Clock> clock;
  DevClock* dev_clock = nullptr;
  if (config.dev) {
    auto dc = std::make_unique<DevClock>();
    dev_clock = dc.get();
    clock = std::move(dc);
  } else {
    clock = std::make_unique<SystemClock>();
  }

  store::Stores stores;
  std::unique_ptr<store::Backend> backend;
  try {
    backend = store::open_backend(config.store, config.data_dir, stores);
  } catch (const store::DbError& e) {
    std::fprintf(stderr, "foxo-relay: %s\n", e.what());
    return 1;
  }

  // SMS gateway.
  std::unique_ptr<sms::Gateway> gateway;
  sms::DevOutbox* dev_outbox = nullptr;
  if (config.sms == "dev") {
    auto outbox = std::make_unique<sms::DevOutbox>([&clock] { return clock->now(); });
    dev_outbox = outbox.get();
    gateway = std::move(outbox);
  } else {
    std::string err;
    auto tc = sms::TwilioConfig::from_lookup(
        [&config](std::string_view name) -> std::optional<std::string> {
          const auto it = config.twilio_env.find(std::string(name));
          if (it == config.twilio_env.end()) return std::nullopt;
          return it->second;
        },
        &err);
    if (!tc) {
      std::fprintf(stderr, "foxo-relay: Twilio SMS is not configured: %s (see docs/SMS.md)\n", err.c_str());
      return 2;
    }
    // The gateway's own JSON lines go through the relay's log: one writer
    // (no interleaved lines), with time, level and the request's id.
    sms::TwilioGateway::Hooks hooks;
    hooks.log = [](std::string_view line) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) return;
      std::string event = j.value("event", std::string("sms_gateway"));  // "sms_sent" -> "sms.sent"
      if (event.rfind("sms_", 0) == 0) event[3] = '.';
      j.erase("event");
      if (j.contains("error")) log::warn(event, j);
      else log::info(event, j);
    };
    gateway = std::make_unique<sms::TwilioGateway>(*tc, std::move(hooks));
  }

  // Every SMS goes through the meter (/metrics: sent, failed, retried).
  describe_relay_metrics();
  MeteredGateway metered_sms(*gateway);
  // Several relays on PostgreSQL: codes sent by any relay show in every relay's dev outbox.
  std::unique_ptr<sms::DevOutbox::Log> shared_sms_log;
  if (dev_outbox && (shared_sms_log = backend->dev_sms_log())) dev_outbox->set_log(shared_sms_log.get());

  services::SessionService sessions(*stores.auth, *clock);
  services::Auditor auditor(*stores.audit, *clock);
  services::StaffAuthService staff_auth(*stores.directory, *stores.auth, sessions, auditor, *clock);
  services::GuestAuthService guest_auth(*stores.directory, *stores.otp, sessions, auditor, metered_sms, *clock);

  // Live events: at most --max-streams open streams (the worker pool below is
  // sized for them), at most 4 per session.
  events::Hub::Limits hub_limits;
  hub_limits.max_streams = static_cast<std::size_t>(std::max(1, config.max_streams));
  hub_limits.per_session = 4;
  events::Hub hub(hub_limits);
  services::CaseService cases(*stores.directory, *stores.cases, *stores.audit, auditor, *clock, &hub);

  // Bringing guests back (unseen-activity SMS, resume links) and the 7-day
  // auto-close: clock-driven jobs that find their work in the store, so work
  // due while the relay was down is done at the first run. A notification SMS
  // left claimed-but-unanswered by a crash is never resent (at most once).
  services::NotificationService notifications(*stores.notify, metered_sms, guest_auth, auditor, *clock, &hub);
  cases.set_notifications(&notifications);
  services::AutoCloseService auto_close(*stores.notify, cases);
  notifications.abandon_interrupted();
  jobs::Scheduler scheduler(*clock, kSchedulerTick);
  const std::string relay_id = random_token(64);  // this process, in presence leases
  if (stores.presence) {
    // Several relays on one database: whether a guest is here is asked of
    // every relay's leases; renewed first in each run, so that send_due
    // below never decides on a lease this relay let lapse.
    notifications.set_presence(stores.presence.get(), relay_id);
    scheduler.add("presence", [&notifications](TimeMs) { return notifications.renew_presence(); });
  }
  scheduler.add("auto_close", [&auto_close](TimeMs now) { return auto_close.run(now); });
  scheduler.add("notify_sms", [&notifications](TimeMs now) { return notifications.send_due(now); });

  // Attachments: the key that encrypts them at rest, the vault under DATA/blobs, type detection.
  const auto key = blobs::load_or_create_key(config.attachment_key_file, config.attachment_key_hex);
  if (!key.key) {
    std::fprintf(stderr, "foxo-relay: cannot use the attachment key: %s\n", key.error.c_str());
    return 1;
  }
  if (key.created) {
    const nlohmann::json fields{{"file", config.attachment_key_file},
                                {"note", "back it up: without it no attachment can be read"}};
    if (config.dev) log::info("attachment.key_created", fields);
    else log::warn("attachment.key_created", fields);
  }
  // On PostgreSQL the (encrypted) bytes live in the database, so every relay
  // serves every attachment; all relays must then share one key
  // (FOXO_ATTACHMENT_KEY or the same key file).
  std::unique_ptr<blobs::BlobStorage> blob_storage = backend->blob_storage();
  blobs::BlobVault vault(config.data_dir + "/blobs", *key.key, blob_storage.get());
  blobs::FileTypeDetector file_types;
  if (!file_types.ready()) {
    std::fprintf(stderr, "foxo-relay: libmagic could not load its database (install libmagic1 / libmagic-mgc)\n");
    return 1;
  }
  services::AttachmentService attachments(cases, *stores.attachments, vault, file_types, auditor,
                                          static_cast<std::size_t>(config.max_attachment_mb) * 1024 * 1024);
  attachments.sweep_orphans(3600);  // blobs left by a crash between storing and committing
  backend->sweep_blobs(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count(),
      3600 * 1000);

  // Retention: closed cases past their organisation's period (none by default).
  services::RetentionService retention(*stores.retention, vault, auditor);
  scheduler.add("retention", [&retention](TimeMs now) { return retention.run(now); });

  if (config.dev) {
    bool seeded = false;
    stores.exclusively([&] { seeded = services::seed_demo_data(*stores.directory, *clock); });
    if (seeded) log::info("seed.demo", {{"organisations", {"demo-health", "other-clinic"}}});
  }

  // PostgreSQL: live events come from the database's commits, of this relay
  // and every other one, through one listener thread, in id order; the case
  // store does not publish at commit (store/pg/pg_stores.hpp says why).
  auto listener = backend->listen(
      stores.cases->last_event_id(),
      [&cases](const std::vector<store::EventRow>& rows) { cases.publish_committed(rows); });

  // The faces the client's text needs beyond the web root's static ones
  // (scripts/fonts/make_fonts.py puts them in <www>/fonts/).
  services::FontService fonts(std::filesystem::path(config.www_dir) / "fonts");

  http::HttpDeps deps;
  deps.options.dev = config.dev;
  deps.options.tls = !config.tls_cert.empty();
  deps.options.tls_cert = config.tls_cert;
  deps.options.tls_key = config.tls_key;
  deps.options.www_dir = config.www_dir;
  deps.options.max_streams = config.max_streams;
  deps.options.version = FOXO_VERSION;
  deps.clock = clock.get();
  deps.dev_clock = dev_clock;
  deps.dev_outbox = dev_outbox;
  deps.stores = &stores;
  deps.sessions = &sessions;
  deps.staff_auth = &staff_auth;
  deps.guest_auth = &guest_auth;
  deps.sms = &metered_sms;
  deps.audit = &auditor;
  deps.cases = &cases;
  deps.attachments = &attachments;
  deps.fonts = &fonts;
  deps.hub = &hub;
  deps.notifications = &notifications;
  deps.run_due_jobs = [&scheduler] { scheduler.run_due(); };  // the dev clock: run what fell due before answering
  deps.started_at_ms = clock->now();
  deps.options.trusted_proxies = config.trusted_proxies;
  deps.options.metrics_token = config.metrics_token;
  deps.options.max_pending_per_address = config.max_pending_per_address;
  deps.options.sse_keepalive_ms = config.sse_keepalive_ms;
  std::atomic<bool> shutting_down{false};
  deps.shutting_down = &shutting_down;

  // Workers: one per promised live stream plus headroom for ordinary requests.
  const int workers = config.max_streams + 16;
  http::HttpServer server(deps, workers);
  if (!server.valid()) {
    std::fprintf(stderr, "foxo-relay: cannot use --tls-cert %s / --tls-key %s (unreadable, not PEM, or not a pair)\n",
                 config.tls_cert.c_str(), config.tls_key.c_str());
    return 1;
  }
  if (!server.bind(config.host, config.port)) {
    std::fprintf(stderr, "foxo-relay: cannot listen on %s:%d (in use or not permitted)\n", config.host.c_str(),
                 config.port);
    return 1;
  }
  const std::string own_url = std::string(deps.options.tls ? "https://" : "http://") + (config.host == "0.0.0.0" ? std::string("127.0.0.1") : config.host) + ":" +
                              std::to_string(server.port());
  server.deps().options.public_url = config.public_url.empty() ? own_url : config.public_url;
  notifications.set_public_url(server.deps().options.public_url);  // the links in notification SMS
  scheduler.start();

  g_server = &server;
  // Stopping: each open event stream holds a worker that waits on its queue;
  // the server joins its workers when it stops, so the hub must end the
  // streams first. The signal handler only writes to this pipe.
  std::thread stopper;
  if (::pipe(g_stop_pipe) == 0) {
    stopper = std::thread([&hub, &server, &scheduler, &shutting_down, &config] {
      char c = 0;
      while (::read(g_stop_pipe[0], &c, 1) < 0 && errno == EINTR) {
      }
      graceful_stop(hub, server, scheduler, shutting_down, config.shutdown_timeout_s, config.drain_s);
    });
  } else {
    g_stop_pipe[0] = g_stop_pipe[1] = -1;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);

  // Print the ready line only once the listener accepts: poll it from here.
  std::atomic<bool> finished{false};
  std::thread announce([&server, own_url, &config, &finished] {
    while (!server.raw().is_running()) {
      if (finished) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::printf("listening on %s\n", own_url.c_str());
    if (config.dev)
      std::printf("  guest link: %s/t/intake\n  staff link: %s/staff  (intake1@demo.test / demo-password)\n",
                  own_url.c_str(), own_url.c_str());
    std::fflush(stdout);
  });
  log::info("relay.start", {{"store", stores.description}, {"dev", config.dev}, {"workers", workers}});
  const bool ok = server.run();
  scheduler.stop();
  if (stores.presence) {
    try {
      stores.presence->renew(relay_id, {});  // gives back every lease this relay still has
    } catch (const std::exception& e) {
      log::error("relay.presence_release_failed", {{"what", e.what()}});  // they run out by themselves
    }
  }
  listener.reset();  // stops listening (PostgreSQL)
  finished = true;
  announce.join();
  const bool graceful = shutting_down.exchange(true);  // false: the server ended by itself
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

}  // namespace foxo::relay::app
