// Cases and their messages: who is asking (a session's actor), guest cases,
// reading a case, posting, seen marks, the staff lists and atomic claim, and
// closing (by staff request, by the guest, or by the 7-day job).
//
// Each change reads the case, decides in the store's transaction with a pure
// function of services/case_decisions.hpp, and commits with its `events` rows;
// the commit is handed to CaseEvents (services/case_events.hpp), which
// publishes it to the live hub in commit order. The wire forms are
// services/case_wire.hpp. The organisation admin's part is
// services/organisations.hpp; the dev load fixture, services/dev.hpp.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "foxo/case_access.hpp"
#include "foxo/protocol.hpp"
#include "services/actor.hpp"
#include "services/audit.hpp"
#include "services/case_events.hpp"
#include "services/conversation_decisions.hpp"
#include "services/result.hpp"
#include "services/sessions.hpp"
#include "services/staff_list.hpp"
#include "store/case_store.hpp"
#include "store/directory_store.hpp"

namespace foxo::relay::services {

class NotificationService;

struct PostedMessage {
  Message message;
  bool created = true;  // false: a retry of a client_id already stored (nothing new written)
};

class CaseService {
 public:
  CaseService(store::DirectoryStore& dir, store::CaseStore& cases, Auditor& audit, const Clock& clock,
              CaseEvents& events)
      : dir_(dir), cases_(cases), audit_(audit), clock_(clock), events_(events) {}

  // The actor behind a live session; nullopt when its guest/staff row is gone.
  std::optional<Actor> actor(const Principal& p);

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
  // Moves the caller's side's mark; when it moved, the other side's streams
  // get a `seen` signal (issue 22).
  std::optional<Error> mark_seen(const Actor& a, std::string_view case_id, std::int64_t seq);

  // Issue 22. An internal note (staff who can see the case): 201/200 as for
  // messages, idempotent by client_id per author.
  Result<PostedMessage> add_note(const Actor& a, std::string_view case_id, const PostMessageRequest& req);
  // A typing signal of `session` (its token hash: the throttle's key): 404
  // to who cannot see the case; forwarded to the other side at most once per
  // 2 s per session and case, and only when the typist could send (else
  // dropped, still no error).
  std::optional<Error> typing(const Actor& a, std::string_view case_id, const std::string& session);

  // Waiting cases of the caller's teams, oldest first, at most 1,000 (the
  // whole queue pages through staff_list with status waiting).
  Result<std::vector<CaseSummary>> staff_queue(const Actor& a);
  // A page of GET /api/v1/staff/cases: the caller's teams' cases, newest
  // activity first; `next` is the cursor of the page after it, if any.
  struct CasePage {
    std::vector<CaseSummary> cases;
    std::optional<std::string> next;
  };
  Result<CasePage> staff_list(const Actor& a, const StaffListQuery& q);
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

  // Hand-over (issue 20; services/case_handover.cpp, decisions in
  // case_decisions.hpp). Each answers the case detail as it stands after;
  // 404 to anyone who cannot see the case. An invalid_field error names a
  // well-formed staff_id or team the case cannot go to (the route answers 422).
  Result<CaseDetail> assign(const Actor& a, std::string_view case_id, const AssignRequest& req);
  Result<CaseDetail> release(const Actor& a, std::string_view case_id);
  Result<CaseDetail> transfer(const Actor& a, std::string_view case_id, const TransferRequest& req);
  // Every team of the caller's organisation with its members (staff only).
  Result<Colleagues> colleagues(const Actor& a);

 private:
  std::optional<store::CaseRecord> visible_case(const Actor& a, std::string_view case_id);
  // Runs `decide` on the case inside the store's transaction and publishes the commit.
  store::UpdateResult update(std::string_view case_id, const store::Decide& decide, TimeMs now,
                             const std::optional<std::pair<std::string, std::string>>& idempotency = std::nullopt);
  // The team-activity hook for the guest of `c`, made before the transaction
  // (it may read other relays' presence leases); null without notifications.
  store::NotifyHook team_activity(const store::CaseRecord& c, TimeMs now);
  // The case as `side` sees it: a guest's holds no internal notes and has its queue position.
  Result<CaseDetail> with_messages(const store::CaseRecord& c, Side side = Side::staff);
  void seen_signal(const store::CaseRecord& c, Side from, std::int64_t seq);

  store::DirectoryStore& dir_;
  store::CaseStore& cases_;
  Auditor& audit_;
  const Clock& clock_;
  CaseEvents& events_;
  NotificationService* notifications_ = nullptr;
  std::mutex typing_m_;
  TypingThrottle typing_;
};

}  // namespace foxo::relay::services
