// GET /api/v1/events: Server-Sent Events for every case the session may see.
//
// Stream lifecycle (one httplib worker thread per open stream):
//  1. authenticate; subscribe to the hub FIRST (per-session cap: 429; relay
//     full: 503), so nothing committed from here on can be missed;
//  2. first provider call: "retry:" + ": connected", then, with Last-Event-ID
//     (header, or ?last_event_id= for clients that cannot set headers), replay
//     the events table after that id, page by page;
//  3. then loop: wait on this stream's own queue (woken only by events it may
//     see), write the frames whose id is above the last one sent (the replay
//     may already have covered them), or ": keepalive" after an idle interval;
//  4. end when a write fails (client gone), when the hub closes the stream
//     (relay stopping, or the client fell too far behind and must resume:
//     then with the terminating chunk, a clean end; or the session ended:
//     then after an `event: session_end` frame), or when probed twice
//     without a reader; the releaser unsubscribes.
#include <atomic>
#include <cstdlib>

#include "core/log.hpp"
#include "http/case_http.hpp"
#include "http/server.hpp"
#include "services/case_events.hpp"
#include "services/notifications.hpp"

namespace foxo::relay::http {
namespace {

constexpr std::size_t kReplayPage = 500;

class EventStream {
 public:
  EventStream(events::Hub& hub, std::shared_ptr<events::Subscription> sub, services::CaseEvents& case_events,
              services::Actor actor, std::optional<std::int64_t> last_id, std::chrono::milliseconds keepalive,
              services::NotificationService& notifications)
      : hub_(hub), sub_(std::move(sub)), case_events_(case_events), actor_(std::move(actor)), last_id_(last_id),
        keepalive_(keepalive), notifications_(notifications) {}
  EventStream(const EventStream&) = delete;
  ~EventStream() { end(); }

  // One call of httplib's content provider: false ends the response.
  bool step(httplib::DataSink& sink) {
    if (!started_) {
      started_ = true;
      if (!write(sink, "retry: 2000\n: connected\n\n")) return end();
      return replay(sink);
    }
    const auto b = sub_->wait(probing_ ? std::chrono::milliseconds(100) : keepalive_);
    if (b.closed) {
      // Relay stopping (or this client fell too far behind, or its cookie was
      // replaced by a new sign-in of the same person): a clean end, the
      // chunked body's terminating chunk, never a reset. EventSource then
      // reconnects with Last-Event-ID (behind nginx, possibly to another
      // relay). A session that ended says why first, so that the client stops
      // reconnecting and shows its sign-in screen with a sentence.
      end();
      if (b.session_end.empty() || b.session_end == services::to_string(services::SessionEnd::replaced))
        write(sink, ": closing\n\n");
      else
        write(sink, "event: session_end\ndata: " + nlohmann::json{{"reason", b.session_end}}.dump() + "\n\n");
      sink.done();
      return true;
    }
    std::string out;
    for (std::size_t i = 0; i < b.frames.size(); ++i) {
      if (!b.frames[i]) continue;  // not for this side (e.g. an internal note on a guest's stream)
      if (b.ids[i] == 0) {         // not in the events log (typing, seen, queue moves): live only
        out += *b.frames[i];
        continue;
      }
      if (b.ids[i] <= sent_up_to_) continue;  // the replay already sent it
      out += *b.frames[i];
      sent_up_to_ = b.ids[i];
    }
    if (b.probe) {
      // Someone of this session wants another stream and the cap is reached:
      // write now, and again shortly; a client that is gone fails the second write.
      out += ": ping\n\n";
      probing_ = true;
    } else if (probing_) {
      out += ": ping\n\n";
      probing_ = false;
    } else if (out.empty()) {
      out = ": keepalive\n\n";  // idle interval passed (or spurious wake)
    }
    return write(sink, out) || end();
  }

  bool end() {
    if (ended_.exchange(true)) return false;
    // The guest's last stream is closing: unseen Team activity now waits for
    // its SMS. Recorded before the stream leaves the hub, so once the hub
    // counts it gone (health: open_streams) the state is committed. A stream
    // of the same guest opening meanwhile is caught when the SMS falls due.
    if (actor_.viewer.side == Side::guest && hub_.guest_streams(actor_.viewer.id) <= 1) {
      try {
        notifications_.guest_stream_closed(actor_.viewer.id);
      } catch (const std::exception& e) {
        log::error("notify.stream_closed_failed", {{"what", e.what()}});
      }
    }
    hub_.unsubscribe(sub_);
    return false;
  }

 private:
  static bool write(httplib::DataSink& sink, const std::string& s) {
    return s.empty() || sink.write(s.data(), s.size());  // never write 0 bytes: httplib reads that as the end
  }

  bool replay(httplib::DataSink& sink) {
    if (!last_id_) return true;
    std::int64_t cursor = *last_id_;
    // An id from the future (another data dir): resume from what exists.
    cursor = std::min(cursor, case_events_.last_event_id());
    for (;;) {
      const auto frames = case_events_.replay(actor_, cursor, kReplayPage);
      std::string out;
      for (const auto& f : frames) {
        out += f.frame;
        cursor = f.id;
        if (out.size() > 64 * 1024) {
          if (!write(sink, out)) return end();
          out.clear();
        }
      }
      if (!write(sink, out)) return end();
      if (frames.size() < kReplayPage) break;
    }
    sent_up_to_ = cursor;
    return true;
  }

  events::Hub& hub_;
  std::shared_ptr<events::Subscription> sub_;
  services::CaseEvents& case_events_;
  const services::Actor actor_;
  const std::optional<std::int64_t> last_id_;
  const std::chrono::milliseconds keepalive_;
  bool started_ = false;
  bool probing_ = false;
  std::int64_t sent_up_to_ = 0;
  services::NotificationService& notifications_;
  std::atomic<bool> ended_{false};
};

// Comments at least every 20 s keep proxies and browsers from timing out; dev
// mode may shorten the interval for tests (FOXO_SSE_KEEPALIVE_MS, read and
// checked by app::Config).
std::chrono::milliseconds keepalive_interval(const HttpDeps& d) {
  if (d.options.dev) return std::chrono::milliseconds(d.options.sse_keepalive_ms);
  return std::chrono::milliseconds(15000);
}

}  // namespace

void register_event_routes(httplib::Server& s, HttpDeps& d) {
  const auto keepalive = keepalive_interval(d);
  s.Get("/api/v1/events", [&d, keepalive](const httplib::Request& req, httplib::Response& res) {
    services::Principal p;
    const auto a = require_actor(req, res, d, Who::any, &p);
    if (!a) return;
    // The header wins: EventSource sends it on reconnect while the URL keeps its first query.
    std::optional<std::int64_t> last_id;
    std::string raw = req.get_header_value("Last-Event-ID");
    if (raw.empty() && req.has_param("last_event_id")) raw = req.get_param_value("last_event_id");
    if (!raw.empty()) {
      if (raw.size() > 18 || raw.find_first_not_of("0123456789") != std::string::npos)
        return send_error(res, ErrorCode::invalid_field, "last_event_id must be an event id", "last_event_id");
      last_id = std::stoll(raw);
    }
    auto sub = d.hub->subscribe(d.case_events->interest(*a), p.token_hash);
    switch (sub.refusal) {
      case events::Hub::Refusal::none: break;
      case events::Hub::Refusal::session_cap:
        return send_rate_limited(res, "Too many open live connections for this session; close one", 5);
      case events::Hub::Refusal::full:
        res.set_header("Retry-After", "10");
        return send_error(res, ErrorCode::unavailable, "The relay is at its live connection limit; try again soon");
      case events::Hub::Refusal::stopped:
        return send_error(res, ErrorCode::unavailable, "The relay is restarting");
    }
    auto stream = std::make_shared<EventStream>(*d.hub, std::move(sub.sub), *d.case_events, *a, last_id, keepalive,
                                                *d.notifications);
    // The guest is here: pending unseen-activity SMS wait (foxo::on_guest_stream_opened).
    if (a->viewer.side == Side::guest) d.notifications->guest_stream_opened(a->viewer.id);
    res.set_header("X-Accel-Buffering", "no");  // nginx: pass events through unbuffered
    res.set_chunked_content_provider(
        "text/event-stream", [stream](std::size_t, httplib::DataSink& sink) { return stream->step(sink); },
        [stream](bool) { stream->end(); });
  });
}

}  // namespace foxo::relay::http
