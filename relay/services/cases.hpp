// Cases and live chat: team entry, identifier schemas, guest cases, messages,
// seen/unread, the staff queue and atomic claim, closing, live-event frames
// and replay, and the dev load fixture.
//
// Every change to a case commits with its `events` rows in one transaction;
// the frames for the live hub are rendered once per side and published from
// the store's after-commit hook, i.e. in commit order.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "events/hub.hpp"
#include "foxo/case_access.hpp"
#include "foxo/case_lifecycle.hpp"
#include "foxo/protocol.hpp"
#include "services/audit.hpp"
#include "services/sessions.hpp"
#include "store/audit_store.hpp"
#include "store/case_store.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

class NotificationService;

template <class T>
struct Result {
  std::optional<T> value;
  Error error{ErrorCode::internal, "", ""};
  bool ok() const { return value.has_value(); }
  static Result of(T v) {
    Result r;
    r.value = std::move(v);
    return r;
  }
  static Result fail(Error e) {
    Result r;
    r.error = std::move(e);
    return r;
  }
};

// The caller of a case route: who they are and what they may see.
struct Actor {
  Viewer viewer;
  std::string name;       // staff display name, or the guest's verified name
  bool is_admin = false;  // staff only
  std::string audit_id() const { return std::string(to_string(viewer.side)) + ":" + viewer.id; }
};

struct PostedMessage {
  Message message;
  bool created = true;  // false: a retry of a client_id already stored (nothing new written)
};

struct FixtureGuestOut {
  std::string token, case_id;
};

struct ReplayFrame {
  std::int64_t id = 0;
  std::string frame;
};

// One SSE frame: "id: N\nevent: E\ndata: JSON\n\n".
std::string sse_frame(std::int64_t id, std::string_view event, const json& data);

class CaseService {
 public:
  // `hub` may be null (admin CLI, tests without live streams).
  CaseService(store::DirectoryStore& dir, store::CaseStore& cases, store::AuditStore& audit_store, Auditor& audit,
              const Clock& clock, events::Hub* hub)
      : dir_(dir), cases_(cases), audit_store_(audit_store), audit_(audit), clock_(clock), hub_(hub) {}

  // The actor behind a live session; nullopt when its guest/staff row is gone.
  std::optional<Actor> actor(const Principal& p);

  std::optional<TeamEntry> team_entry(std::string_view team_slug);
  // Organisation admins only (403 forbidden otherwise).
  Result<std::vector<IdentifierField>> set_identifiers(const Actor& a, const IdentifiersUpdate& req);
  Result<std::vector<store::AuditEntry>> audit_trail(const Actor& a, std::string_view case_id);

  std::vector<CaseSummary> guest_cases(const Actor& a);
  Result<CaseDetail> create_case(const Actor& a, const NewCaseRequest& req);
  // Messages after `after_seq`; with a `page`, only the newest page.limit of
  // those below page.before_seq (docs/API.md, "Paging a case").
  struct Page {
    std::int64_t before_seq = 0;  // 0: no upper bound
    std::size_t limit = 0;
  };
  Result<CaseDetail> view_case(const Actor& a, std::string_view case_id, std::int64_t after_seq,
                               std::optional<Page> page = std::nullopt);
  // With `attachment` (services/attachments: its blob already stored), the
  // message carries it and its row commits in the same transaction.
  Result<PostedMessage> post_message(const Actor& a, std::string_view case_id, const PostMessageRequest& req,
                                     const store::NewAttachment* attachment = nullptr);
  // For uploads, before their bytes are read or stored: whether `a` may see
  // the case; then what posting `client_id` would do now (an earlier message
  // of the same author with that client_id, or the lifecycle's refusal).
  bool can_see(const Actor& a, std::string_view case_id) { return visible_case(a, case_id).has_value(); }
  struct PostCheck {
    std::optional<Message> existing;
    std::optional<Error> error;
  };
  PostCheck check_post(const Actor& a, std::string_view case_id, std::string_view client_id);
  std::optional<Error> mark_seen(const Actor& a, std::string_view case_id, std::int64_t seq);

  Result<std::vector<CaseSummary>> staff_queue(const Actor& a);
  // status: "", "all", or one status name.
  Result<std::vector<CaseSummary>> staff_cases(const Actor& a, std::string_view status);
  Result<CaseDetail> claim(const Actor& a, std::string_view case_id);
  Result<CaseDetail> request_close(const Actor& a, std::string_view case_id);
  Result<CaseDetail> guest_close(const Actor& a, std::string_view case_id);
  // Scheduler (services/auto_close): closes the case, by `system` with a
  // system message, if it is still close_requested and its 7 days ran out at
  // `now`. True when this call closed it.
  bool auto_close(std::string_view case_id, TimeMs now);
  // Team activity (staff messages and attachments, close requests) updates the
  // unseen-activity SMS state in its own transaction. May stay unset (no SMS).
  void set_notifications(NotificationService* n) { notifications_ = n; }

  Result<std::vector<FixtureGuestOut>> load_fixture(const LoadFixtureRequest& req);

  // Live events: what a stream subscribes to, and the frames it missed after
  // `after_id` (at most `limit`, oldest first), rendered as `a` sees them.
  events::Interest interest(const Actor& a) const;
  std::vector<ReplayFrame> replay(const Actor& a, std::int64_t after_id, std::size_t limit);
  std::int64_t last_event_id() { return cases_.last_event_id(); }
  // Publishes committed events rows (in id order) to the hub, rendered as the
  // Last-Event-ID replay renders them: the path of the PostgreSQL backend,
  // whose listener sees every relay's commits (store/pg/pg_backend.hpp).
  void publish_committed(const std::vector<store::EventRow>& rows);

  // Wire forms.
  static Message to_wire(const store::MessageRecord& m);
  static CaseSummary summary(const store::CaseRecord& c, Side side);
  static CaseDetail detail(const store::CaseRecord& c, const std::vector<store::MessageRecord>& messages);

 private:
  std::optional<store::CaseRecord> visible_case(const Actor& a, std::string_view case_id);
  void publish(const store::CaseWrite& w);
  Result<CaseDetail> with_messages(const store::CaseRecord& c);

  store::DirectoryStore& dir_;
  store::CaseStore& cases_;
  store::AuditStore& audit_store_;
  Auditor& audit_;
  const Clock& clock_;
  events::Hub* hub_;
  NotificationService* notifications_ = nullptr;
};

}  // namespace foxo::relay::services
