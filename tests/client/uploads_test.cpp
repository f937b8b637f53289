// Files in a chat: refused before sending when the relay would refuse them,
// sent with progress, refused with the reason (Retry only where it could
// help), cancelled; drops accepted only where the user may write;
// thumbnails of images asked a few at a time and made into textures.
#include "harness.hpp"

namespace foxo::client::test {
namespace {

FileEvent chosen(int number, const std::string& name, double size) {
  FileEvent e;
  e.kind = FileEvent::Kind::file;
  e.number = number;
  e.name = name;
  e.size = size;
  return e;
}
FileEvent done(int number, int status, const json& body = nullptr, bool aborted = false) {
  FileEvent e;
  e.kind = FileEvent::Kind::done;
  e.number = number;
  e.status = status;
  e.body = body.is_null() ? std::string() : body.dump();
  e.aborted = aborted;
  return e;
}

foxo::Message with_file(std::int64_t seq, const std::string& id, const std::string& name, const std::string& type) {
  auto m = wire_message(seq, "guest", "Nguyễn", "");
  m.attachment = AttachmentRef{id, name, 2048, type};
  return m;
}

TEST(ClientUploads, ChosenFileIsSentWithProgressAndBecomesAMessage) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.on(chosen(7, "hộ chiếu 王.jpg", 300000));
  ASSERT_EQ(h.m().uploads.size(), 1u);
  const Upload& u = h.m().uploads[0];
  EXPECT_EQ(u.client_id, "fid1");
  EXPECT_TRUE(u.in_flight);
  EXPECT_EQ(h.all<effect::Upload>(),
            (std::vector<effect::Upload>{{7, "/api/v1/cases/c-1/attachments", "fid1"}}));
  FileEvent p;
  p.kind = FileEvent::Kind::progress;
  p.number = 7;
  p.sent = 150000;
  h.on(p);
  EXPECT_EQ(h.m().uploads[0].sent, 150000);
  EXPECT_EQ(live_lines(h.m()).back(), "Sending file: hộ chiếu 王.jpg");

  h.on(done(7, 201, json(with_file(3, "att-1", "hộ chiếu 王.jpg", "image/jpeg"))));
  EXPECT_TRUE(h.m().uploads.empty());
  EXPECT_EQ(h.all<effect::ForgetFile>(), (std::vector<effect::ForgetFile>{{7}}));
  ASSERT_EQ(h.m().open_case.messages.count(3), 1u);
  EXPECT_EQ(h.m().open_case.messages.at(3).attachment->name, "hộ chiếu 王.jpg");
  EXPECT_EQ(live_lines(h.m()).front(), "Nguyễn: hộ chiếu 王.jpg (2 KB)");
}

TEST(ClientUploads, EmptyOrTooLargeIsRefusedWithoutSending) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.on(chosen(1, "", 0));
  EXPECT_EQ(h.m().uploads.back().name, "file");
  EXPECT_EQ(h.m().uploads.back().problem, "Not sent: the file is empty.");
  h.on(chosen(2, "видео.mov", 30 * 1048576.0));
  EXPECT_EQ(h.m().uploads.back().problem, "Not sent: too large (limit 25 MB).");
  EXPECT_TRUE(h.all<effect::Upload>().empty());
  EXPECT_FALSE(h.m().uploads.back().retryable);
}

TEST(ClientUploads, RelaysLimitFromA413IsRememberedForTheNextFile) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.on(chosen(1, "scan.pdf", 12 * 1048576.0));
  h.on(done(1, 413, json{{"error", {{"code", "too_large"}, {"message", "big"}, {"max_bytes", 10485760}}}}));
  EXPECT_EQ(h.m().uploads[0].problem, "Not sent: too large (limit 10 MB).");
  EXPECT_EQ(h.m().max_upload_bytes, 10485760);
  h.on(chosen(2, "scan2.pdf", 11 * 1048576.0));
  EXPECT_EQ(h.m().uploads[1].problem, "Not sent: too large (limit 10 MB).");
  EXPECT_TRUE(h.all<effect::Upload>().empty());
}

TEST(ClientUploads, OnlyFailuresThatSendingAgainCouldFixOfferRetry) {
  struct Case {
    int status;
    json body;
    std::string problem;
    bool retryable;
  };
  const std::vector<Case> cases = {
      {0, nullptr, "Not sent: no connection. Check your network, then Retry.", true},
      {415, nullptr, "Not sent: this type of file can't be sent (photos, PDF, Word, Excel, text).", false},
      {409, json{{"error", {{"code", "case_closed"}, {"message", "closed"}}}}, "Not sent: this chat is closed.", false},
      {-1, nullptr, "Not sent: the file is no longer available. Choose it again.", false},
      {503, json{{"error", {{"code", "unavailable"}, {"message", "Versuchen Sie es später"}}}},
       "Not sent: Versuchen Sie es später", true},
      {400, json{{"error", {{"code", "invalid_field"}, {"message", "اسم غير صالح"}}}}, "Not sent: اسم غير صالح", false},
  };
  for (const auto& c : cases) {
    Harness h;
    open_guest_chat(h, "c-1", {});
    h.on(chosen(4, "документ.pdf", 1000));
    h.on(done(4, c.status, c.body));
    ASSERT_EQ(h.m().uploads.size(), 1u) << c.status;
    EXPECT_EQ(h.m().uploads[0].problem, c.problem) << c.status;
    EXPECT_EQ(h.m().uploads[0].retryable, c.retryable) << c.status;
    EXPECT_FALSE(h.m().uploads[0].in_flight);
    h.intent(intent::RetryUpload{4});
    EXPECT_EQ(h.all<effect::Upload>().size(), c.retryable ? 1u : 0u) << c.status;
    if (c.retryable) EXPECT_TRUE(h.m().uploads[0].problem.empty());
  }
}

TEST(ClientUploads, CancelAbortsWhatIsInFlightAndLetsGoOfTheFile) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.on(chosen(5, "صورة.png", 5000));
  h.intent(intent::CancelUpload{5});
  ASSERT_EQ(h.effects.size(), 2u);
  EXPECT_EQ(std::get<effect::CancelUpload>(h.effects[0]).number, 5);
  EXPECT_EQ(std::get<effect::ForgetFile>(h.effects[1]).number, 5);
  EXPECT_TRUE(h.m().uploads.empty());
  h.on(done(5, 0, nullptr, /*aborted=*/true));
  EXPECT_TRUE(h.effects.empty()) << "the abort's own report changes nothing";
}

TEST(ClientUploads, DropsAreAcceptedOnlyWhereTheUserMayWrite) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.frame();
  EXPECT_EQ(h.all<effect::AcceptFiles>(), (std::vector<effect::AcceptFiles>{{true}}));
  FileEvent drag;
  drag.kind = FileEvent::Kind::drag;
  drag.over = true;
  h.on(drag);
  EXPECT_TRUE(h.m().drag_over);
  h.on(LiveEvent{LiveEvent::Kind::case_, "e", json(wire_summary("c-1", "closed")).dump()});
  h.frame();
  EXPECT_EQ(h.all<effect::AcceptFiles>(), (std::vector<effect::AcceptFiles>{{false}}));
  EXPECT_FALSE(h.m().drag_over);
  h.on(chosen(9, "late.txt", 10));
  EXPECT_TRUE(h.m().uploads.empty()) << "the chat closed meanwhile";
  EXPECT_EQ(h.all<effect::ForgetFile>(), (std::vector<effect::ForgetFile>{{9}}));
  h.intent(intent::PickFiles{true});
  EXPECT_TRUE(h.effects.empty());
}

TEST(ClientUploads, ThumbnailsAreAskedThreeAtATimeAndBecomeTextures) {
  Harness h;
  open_guest_chat(h, "c-1",
                  {with_file(1, "a1", "1.jpg", "image/jpeg"), with_file(2, "a2", "2.png", "image/png"),
                   with_file(3, "a3", "3.heic", "image/heic"), with_file(4, "a4", "4.webp", "image/webp"),
                   with_file(5, "a5", "5.gif", "image/gif")});
  h.frame();
  const auto asked = h.all<effect::LoadThumbnail>();
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(asked[0], (effect::LoadThumbnail{1, "/api/v1/attachments/a1"}));
  EXPECT_EQ(asked[2].url, "/api/v1/attachments/a4") << "HEIC is shown as a file";
  h.frame();
  EXPECT_TRUE(h.all<effect::LoadThumbnail>().empty()) << "never more than three loading";

  FileEvent thumb;
  thumb.kind = FileEvent::Kind::thumb;
  thumb.handle = 1;
  thumb.w = 140;
  thumb.h = 100;
  h.on(thumb);
  EXPECT_EQ(h.all<effect::MakeTexture>(), (std::vector<effect::MakeTexture>{{1, "a1", 140, 100}}));
  h.on(event::TextureMade{"a1", 77, 140, 100});
  EXPECT_EQ(h.m().thumbnails.at("a1").state, Thumbnail::State::ready);
  EXPECT_EQ(h.m().thumbnails.at("a1").texture, 77u);
  thumb.handle = 2;
  thumb.w = 0;  // the browser could not decode it
  h.on(thumb);
  EXPECT_TRUE(h.effects.empty());
  EXPECT_EQ(h.m().thumbnails.at("a2").state, Thumbnail::State::failed);
  h.frame();
  ASSERT_EQ(h.all<effect::LoadThumbnail>().size(), 1u);
  EXPECT_EQ(h.all<effect::LoadThumbnail>()[0].url, "/api/v1/attachments/a5");
}

TEST(ClientUploads, DownloadEscapesTheAttachmentId) {
  Harness h;
  open_guest_chat(h, "c-1", {});
  h.intent(intent::Download{"a/b c", "Bericht für Müller.pdf"});
  EXPECT_EQ(h.all<effect::Download>(),
            (std::vector<effect::Download>{{"/api/v1/attachments/a%2Fb%20c", "Bericht für Müller.pdf"}}));
}

}  // namespace
}  // namespace foxo::client::test
