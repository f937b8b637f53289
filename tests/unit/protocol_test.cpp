#include <gtest/gtest.h>

#include "foxo/protocol.hpp"

using namespace foxo;

TEST(Protocol, MessageRoundTripWithAndWithoutAttachment) {
  Message m{3, "c-1", {"staff", "Ivy Intake"}, "Hello", std::nullopt, "2026-11-24T02:28:00.000Z"};
  json j = m;
  EXPECT_TRUE(j["attachment"].is_null());
  EXPECT_EQ(j["author"]["kind"], "staff");
  EXPECT_EQ(j.get<Message>().body, "Hello");
  m.attachment = AttachmentRef{"a1", "letter.pdf", 1234, "application/pdf"};
  j = m;
  const auto back = j.get<Message>();
  ASSERT_TRUE(back.attachment);
  EXPECT_EQ(back.attachment->size, 1234);
  EXPECT_EQ(json(back), j);
}

TEST(Protocol, CaseDetailNullsAndRoundTrip) {
  CaseDetail c;
  c.id = "k1";
  c.subject = "Missing Report";
  c.status = "waiting";
  c.team = {"intake", "Intake Team"};
  c.guest = {"", "Ann", "Lee", "+61412345678"};
  c.identifiers = {{"practice_name", "Hill St"}};
  c.created_at = "2026-11-24T02:28:00.000Z";
  json j = c;
  EXPECT_TRUE(j["assignee"].is_null());
  EXPECT_TRUE(j["closed_at"].is_null());
  EXPECT_FALSE(j["guest"].contains("id"));
  c.assignee = Assignee{"s1", "Ivy"};
  c.closed_at = "2026-11-25T00:00:00.000Z";
  j = c;
  EXPECT_EQ(json(j.get<CaseDetail>()), j);
}

TEST(Protocol, SummaryStaffTeamEntryRoundTrip) {
  CaseSummary s{"k1", "Subj", "active", {"intake", "Intake Team"}, "t1", "t2", 4, std::nullopt, {}};
  EXPECT_EQ(json(json(s).get<CaseSummary>()), json(s));
  EXPECT_FALSE(json(s).contains("guest"));
  s.guest = Guest{"", "Ann", "Lee", "+61412345678"};
  s.identifiers = {{"practice_name", "Hill St"}};
  const json staff_view = s;
  EXPECT_EQ(staff_view["guest"]["first_name"], "Ann");
  EXPECT_FALSE(staff_view["guest"].contains("phone"));
  EXPECT_EQ(staff_view["identifiers"]["practice_name"], "Hill St");
  EXPECT_EQ(json(staff_view.get<CaseSummary>()), staff_view);
  // Staff summaries say who handles the case (null when nobody) and its last activity.
  EXPECT_TRUE(staff_view["assignee"].is_null());
  s.assignee = Assignee{"st1", "Ivy Intake"};
  s.last_activity_at = "2026-11-25T01:02:03.000Z";
  const json assigned = s;
  EXPECT_EQ(assigned["assignee"]["name"], "Ivy Intake");
  EXPECT_EQ(assigned["last_activity_at"], "2026-11-25T01:02:03.000Z");
  EXPECT_EQ(json(assigned.get<CaseSummary>()), assigned);
  // Guest summaries carry neither; decoding one (or an older relay's staff summary) leaves them empty.
  s.guest.reset();
  EXPECT_FALSE(json(s).contains("assignee"));
  EXPECT_FALSE(json(s).contains("last_activity_at"));
  json older = staff_view;
  older.erase("assignee");
  older.erase("last_activity_at");
  const auto decoded = older.get<CaseSummary>();
  EXPECT_FALSE(decoded.assignee.has_value());
  EXPECT_EQ(decoded.last_activity_at, "");
  StaffInfo st{"s1", "Ivy", "intake1@demo.test", {"intake"}, false};
  EXPECT_EQ(json(json(st).get<StaffInfo>()), json(st));
  TeamEntry te{{"demo-health", "Demo Health"}, {"intake", "Intake Team"},
               {{"provider_number", "Provider number", false, 16, ""}, {"mrn", "MRN", true, 10, "[0-9]+"}},
               {"Missing Report"}};
  const json j = te;
  EXPECT_FALSE(j["identifiers"][0].contains("pattern"));
  EXPECT_EQ(j["identifiers"][1]["pattern"], "[0-9]+");
  EXPECT_EQ(json(j.get<TeamEntry>()), j);
}

TEST(Protocol, ErrorBodyShape) {
  const json j = error_body({ErrorCode::otp_invalid, "Wrong code", "code"}, {{"attempts_left", 3}});
  EXPECT_EQ(j["error"]["code"], "otp_invalid");
  EXPECT_EQ(j["error"]["field"], "code");
  EXPECT_EQ(j["error"]["attempts_left"], 3);
  EXPECT_FALSE(error_body({ErrorCode::not_found, "Not found", ""})["error"].contains("field"));
}

TEST(Protocol, JsonGuards) {
  EXPECT_EQ(parse_json_object("{").error.code, ErrorCode::invalid_json);
  EXPECT_EQ(parse_json_object("[1]").error.code, ErrorCode::invalid_json);
  EXPECT_EQ(parse_json_object("\"x\"").error.code, ErrorCode::invalid_json);
  EXPECT_EQ(parse_json_object(std::string(100, '[') + std::string(100, ']')).error.code, ErrorCode::invalid_json);
  // Malformed UTF-8 in a string is invalid text in that field (API.md "Text in every language").
  EXPECT_EQ(parse_json_object("{\"a\":\"\xff\"}").error.code, ErrorCode::invalid_field);
  EXPECT_EQ(parse_json_object("{\"a\":\"\xff\"}").error.field, "a");
  EXPECT_EQ(parse_json_object("{\"a\":1,\"b\":[\"ok\",\"Th\xE1\xBA\"]}").error.field, "b");
  EXPECT_EQ(parse_json_object("{\"\xff\":1}").error.code, ErrorCode::invalid_json);  // no field to name
  EXPECT_TRUE(parse_json_object("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}").ok());
}

TEST(Protocol, OtpRequestNormalisesAndNamesFields) {
  auto r = parse_otp_request(R"({"team":"intake","first_name":" Ann ","last_name":"Lee","phone":"0412 345 678"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->phone, "+61412345678");
  EXPECT_EQ(r.value->first_name, "Ann");
  r = parse_otp_request(R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"12"})");
  EXPECT_EQ(r.error.code, ErrorCode::invalid_field);
  EXPECT_EQ(r.error.field, "phone");
  r = parse_otp_request(R"({"team":"intake","first_name":"","last_name":"Lee","phone":"0412345678"})");
  EXPECT_EQ(r.error.field, "first_name");
  r = parse_otp_request(R"({"team":"intake","first_name":"Ann","phone":"0412345678"})");
  EXPECT_EQ(r.error.field, "last_name");
  r = parse_otp_request(R"({"team":"intake","first_name":"Ann","last_name":7,"phone":"0412345678"})");
  EXPECT_EQ(r.error.field, "last_name");
  r = parse_otp_request(R"({"team":"intake","first_name":"Ann","last_name":"Lee","phone":"(02) 9876 5432"})");
  EXPECT_EQ(r.error.field, "phone");  // a landline cannot receive the code
}

TEST(Protocol, VerifyRequestCode) {
  auto r = parse_verify_request(R"({"challenge_id":"c","code":"123 456"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->code, "123456");
  EXPECT_EQ(parse_verify_request(R"({"challenge_id":"c","code":"12345"})").error.field, "code");
  EXPECT_EQ(parse_verify_request(R"({"challenge_id":"c","code":"12345a"})").error.field, "code");
  EXPECT_EQ(parse_verify_request(R"({"code":"123456"})").error.field, "challenge_id");
}

TEST(Protocol, StaffLoginLowercasesEmail) {
  auto r = parse_staff_login(R"({"email":" Intake1@Demo.Test ","password":"x"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->email, "intake1@demo.test");
  EXPECT_EQ(parse_staff_login(R"({"email":"nobody","password":"x"})").error.field, "email");
  EXPECT_EQ(parse_staff_login(R"({"email":"a@b","password":""})").error.field, "password");
}

TEST(Protocol, NewCaseAndMessage) {
  auto c = parse_new_case(R"({"team":"intake","subject":" Missing Report ","identifiers":{"practice_name":"Hill"}})");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value->subject, "Missing Report");
  EXPECT_EQ(c.value->identifiers.at("practice_name"), "Hill");
  EXPECT_EQ(parse_new_case(R"({"team":"intake","subject":""})").error.field, "subject");
  auto bad = parse_new_case(R"({"team":"intake","subject":"s","identifiers":{"practice_name":5}})");
  EXPECT_EQ(bad.error.code, ErrorCode::invalid_identifier);
  EXPECT_EQ(bad.error.field, "practice_name");
  auto m = parse_post_message(R"({"client_id":"abc-1","body":"Hi\nthere"})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(parse_post_message(R"({"client_id":"a b","body":"x"})").error.field, "client_id");
  EXPECT_EQ(parse_post_message(R"({"client_id":"a","body":"  "})").error.field, "body");
}

TEST(Protocol, SmallRequests) {
  EXPECT_EQ(parse_seen(R"({"seq":4})").value->seq, 4);
  EXPECT_EQ(parse_seen(R"({"seq":-1})").error.field, "seq");
  EXPECT_EQ(parse_seen(R"({"seq":"4"})").error.field, "seq");
  EXPECT_EQ(parse_resume(R"({"token":"abc"})").value->token, "abc");
  EXPECT_EQ(parse_clock_advance(R"({"seconds":600})").value->seconds, 600);
  EXPECT_EQ(parse_clock_advance(R"({"seconds":-5})").error.field, "seconds");
  auto lf = parse_load_fixture(R"({"team":"intake","guests":10,"assign":"intake1@demo.test"})");
  ASSERT_TRUE(lf.ok());
  EXPECT_EQ(lf.value->guests, 10);
  EXPECT_EQ(parse_load_fixture(R"({"team":"intake","guests":0})").error.field, "guests");
}

TEST(Protocol, IdentifiersUpdate) {
  auto u = parse_identifiers_update(
      R"({"identifiers":[{"key":"mrn","label":"MRN","required":true,"max_length":10,"pattern":"[0-9]+"}]})");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u.value->identifiers[0].pattern, "[0-9]+");
  EXPECT_FALSE(parse_identifiers_update(R"({"identifiers":[{"key":"mrn"}]})").ok());
  EXPECT_FALSE(parse_identifiers_update(R"({"identifiers":[{"key":"m","label":"M","pattern":"(["}]})").ok());
  EXPECT_FALSE(parse_identifiers_update(R"({"identifiers":{}})").ok());
}

// Found by tests/fuzz/fuzz_protocol: a float where a whole number belongs was
// cast to an integer, undefined behaviour when out of range.
TEST(Protocol, ResponseIntegersMustBeWholeNumbers) {
  const json att = json::parse(R"({"id":"a","name":"n","size":1e300,"content_type":"x"})");
  EXPECT_THROW(att.get<AttachmentRef>(), json::type_error);
  const json otp = json::parse(R"({"challenge_id":"c","expires_in":300.5,"resend_in":30})");
  EXPECT_THROW(otp.get<OtpChallenge>(), json::type_error);
  const json field = json::parse(R"({"key":"k","label":"K","max_length":-1e19})");
  EXPECT_THROW(field.get<IdentifierField>(), json::type_error);
  const json ok = json::parse(R"({"key":"k","label":"K","max_length":12})");
  EXPECT_EQ(ok.get<IdentifierField>().max_length, 12);
}
