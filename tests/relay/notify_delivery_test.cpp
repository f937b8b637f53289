// At-most-once delivery of the unseen-activity SMS (services/notifications):
// the claim commits before the gateway is called; a claim left unanswered by
// a crash is marked failed at the next start and never resent; a send that
// certainly did not leave is re-armed; a batch is texted once.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include <unistd.h>

#include "services/audit.hpp"
#include "services/guest_auth.hpp"
#include "services/notifications.hpp"
#include "services/sessions.hpp"
#include "sms/gateway.hpp"
#include "store/sql/fields.hpp"
#include "store/sqlite_db.hpp"
#include "store/stores.hpp"

using namespace foxo::relay;

namespace {

class FakeClock : public Clock {
 public:
  foxo::TimeMs now() const override { return t; }
  foxo::TimeMs t = 1'700'000'000'000;
};

class FakeGateway : public foxo::sms::Gateway {
 public:
  foxo::sms::SendResult send(const foxo::sms::Sms& sms) override {
    sent.push_back(sms);
    foxo::sms::SendResult r;
    r.error = next_error;
    return r;
  }
  std::string_view name() const override { return "fake"; }
  std::vector<foxo::sms::Sms> sent;
  foxo::sms::SendError next_error = foxo::sms::SendError::none;
};

struct World {
  std::string dir;
  FakeClock clock;
  FakeGateway gateway;
  store::Stores stores;
  std::unique_ptr<services::SessionService> sessions;
  std::unique_ptr<services::Auditor> audit;
  std::unique_ptr<services::GuestAuthService> guest_auth;
  std::unique_ptr<services::NotificationService> notify;
  std::string case_id;

  explicit World(std::string d) : dir(std::move(d)) { open(); }
  // A new process on the same data dir.
  void open() {
    notify.reset();
    guest_auth.reset();
    audit.reset();
    sessions.reset();
    stores = store::open_sqlite_stores(dir, aead::Key{7});
    sessions = std::make_unique<services::SessionService>(*stores.auth, clock);
    audit = std::make_unique<services::Auditor>(*stores.audit, clock);
    guest_auth = std::make_unique<services::GuestAuthService>(*stores.directory, *stores.otp, *sessions, *audit,
                                                              gateway, clock);
    notify = std::make_unique<services::NotificationService>(*stores.notify, gateway, *guest_auth, *audit, clock,
                                                             nullptr);
    notify->set_public_url("https://chat.example.org/");
  }
  void make_case() {
    const auto org = stores.directory->create_org("org", "Org Health", {}, clock.now());
    const auto team = stores.directory->create_team(org->id, "team", "Team", {"Missing Report"}, clock.now());
    const auto g = stores.directory->upsert_guest(org->id, "+61412345678", "Ann", "Lee", clock.now());
    const auto w = stores.cases->create_case(
        store::NewCase{org->id, team->id, g.id, "Missing Report", "Ann", "Lee", "+61412345678", {}}, clock.now(),
        nullptr);
    case_id = w.after.id;
  }
  // A staff message with the notification hook, as CaseService posts it.
  void team_activity(const std::string& client_id) {
    const auto r = stores.cases->update_case(
        case_id,
        [&](const store::CaseRecord&) -> std::variant<foxo::Error, store::CaseUpdate> {
          store::CaseUpdate u;
          u.messages.push_back(store::MessageDraft{"staff", "staff-1", "Ivy", client_id, "news", std::nullopt});
          u.team_activity = notify->team_activity_hook("guest-away", clock.now());
          return u;
        },
        clock.now(), std::nullopt, nullptr);
    ASSERT_FALSE(r.error);
  }
  // status:error of each outbox row; the error is stored sealed (store/sql/fields.hpp).
  std::string outbox_status() {
    const auto session = stores.sql->read();
    auto rows = session->query("SELECT id, org_id, status, error FROM sms_outbox ORDER BY created_at, rowid");
    std::string out;
    while (rows.next()) {
      const auto error = rows.opt_text(3);
      if (error) EXPECT_EQ(error->rfind("f1.", 0), 0u) << "stored in clear: " << *error;
      out += rows.text(2) + ":" +
             (error ? stores.fields->open(*session, rows.text(1), "sms_outbox.error:" + rows.text(0), *error) : "") +
             ";";
    }
    return out;
  }
};

std::string temp_dir() {
  static std::atomic<int> n{0};
  auto p = std::filesystem::temp_directory_path() /
           ("foxo-notify-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  std::filesystem::remove_all(p);
  return p.string();
}

}  // namespace

TEST(NotifyDelivery, OneSmsPerBatchWithALinkAndTheOutboxRowSent) {
  World w(temp_dir());
  w.make_case();
  w.team_activity("a");
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);  // not yet: the grace
  w.clock.t += foxo::kNotifyGrace;
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 1);
  ASSERT_EQ(w.gateway.sent.size(), 1u);
  // The organisation and the link; never the subject (it shows on a lock screen).
  EXPECT_EQ(w.gateway.sent[0].body.rfind("Org Health: you have a new message. Open: https://chat.example.org/r/", 0),
            0u)
      << w.gateway.sent[0].body;
  EXPECT_EQ(w.gateway.sent[0].body.find("Missing Report"), std::string::npos);
  EXPECT_EQ(w.outbox_status(), "sent:;");
  w.team_activity("b");
  w.clock.t += foxo::minutes(10);
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);
  EXPECT_EQ(w.gateway.sent.size(), 1u);
  std::filesystem::remove_all(w.dir);
}

TEST(NotifyDelivery, AClaimLeftPendingByACrashIsNeverResent) {
  World w(temp_dir());
  w.make_case();
  w.team_activity("a");
  w.clock.t += foxo::kNotifyGrace;
  // The process claims the SMS (committed) and dies before the gateway answers.
  const auto claims = w.stores.notify->claim_due(w.clock.now(), 10, [&](const store::NotifyCase& c) {
    store::NotifyDecision d;
    d.next = foxo::on_sms_sent(c.state);
    d.sms = store::NotifySms{c.guest_phone, "body", "body", "hash-of-token"};
    return d;
  });
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(w.outbox_status(), "pending:;");
  w.open();  // restart
  EXPECT_EQ(w.notify->abandon_interrupted(), 1);
  EXPECT_EQ(w.outbox_status(), "failed:interrupted: outcome unknown, not resent;");
  w.clock.t += foxo::hours(1);
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);
  EXPECT_TRUE(w.gateway.sent.empty());
  EXPECT_EQ(w.notify->abandon_interrupted(), 0);
  std::filesystem::remove_all(w.dir);
}

TEST(NotifyDelivery, ASendThatCertainlyDidNotLeaveIsTriedAgainAMinuteLater) {
  World w(temp_dir());
  w.make_case();
  w.team_activity("a");
  w.clock.t += foxo::kNotifyGrace;
  w.gateway.next_error = foxo::sms::SendError::unavailable;
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);
  EXPECT_EQ(w.gateway.sent.size(), 1u);
  w.gateway.next_error = foxo::sms::SendError::none;
  w.clock.t += foxo::seconds(59);
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);
  w.clock.t += foxo::seconds(1);
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 1);
  EXPECT_EQ(w.gateway.sent.size(), 2u);
  EXPECT_EQ(w.outbox_status(), "failed:unavailable;sent:;");
  // A refused number is handled: no retry.
  w.stores.cases->mark_seen(w.case_id, true, 99);
  w.team_activity("b");
  w.clock.t += foxo::kNotifyGrace;
  w.gateway.next_error = foxo::sms::SendError::invalid_number;
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);
  w.clock.t += foxo::hours(1);
  w.gateway.next_error = foxo::sms::SendError::none;
  EXPECT_EQ(w.notify->send_due(w.clock.now()), 0);
  EXPECT_EQ(w.gateway.sent.size(), 3u);
  std::filesystem::remove_all(w.dir);
}
