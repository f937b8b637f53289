// GET /api/v1/staff/cases parameters (services/staff_list.hpp): each
// parameter read on its own, defaults, the cursor's round trip, and every
// bad value refused with the field it names.
#include <gtest/gtest.h>

#include "services/staff_list.hpp"

using namespace foxo;
using namespace foxo::relay::services;

namespace {

using Params = std::multimap<std::string, std::string>;

StaffListQuery ok(const Params& p) {
  auto r = parse_staff_list_query(p);
  if (const auto* e = std::get_if<Error>(&r)) ADD_FAILURE() << "refused: " << e->field << " " << e->message;
  return std::get_if<StaffListQuery>(&r) ? std::get<StaffListQuery>(r) : StaffListQuery{};
}

std::string refused_field(const Params& p) {
  auto r = parse_staff_list_query(p);
  const auto* e = std::get_if<Error>(&r);
  if (!e) return "(accepted)";
  EXPECT_EQ(e->code, ErrorCode::invalid_field);
  return e->field;
}

}  // namespace

TEST(StaffListQuery, DefaultsAreEveryCaseNewestFiftyFromTheTop) {
  const auto q = ok({});
  EXPECT_FALSE(q.status.has_value());
  EXPECT_EQ(q.q, "");
  EXPECT_EQ(q.assignee, StaffListQuery::Assignee::any);
  EXPECT_EQ(q.limit, 50u);
  EXPECT_FALSE(q.before.has_value());
  EXPECT_FALSE(ok({{"status", "all"}}).status.has_value());
  EXPECT_FALSE(ok({{"status", ""}}).status.has_value());
}

TEST(StaffListQuery, ReadsEachParameter) {
  EXPECT_EQ(ok({{"status", "waiting"}}).status, "waiting");
  EXPECT_EQ(ok({{"status", "close_requested"}}).status, "close_requested");
  EXPECT_EQ(ok({{"q", "  Nguyễn  0412 345 678 \t"}}).q, "Nguyễn  0412 345 678");
  EXPECT_EQ(ok({{"q", "   "}}).q, "");
  EXPECT_EQ(ok({{"assignee", "me"}}).assignee, StaffListQuery::Assignee::me);
  EXPECT_EQ(ok({{"assignee", "none"}}).assignee, StaffListQuery::Assignee::nobody);
  EXPECT_EQ(ok({{"assignee", "any"}}).assignee, StaffListQuery::Assignee::any);
  EXPECT_EQ(ok({{"assignee", ""}}).assignee, StaffListQuery::Assignee::any);
  const auto staff = ok({{"assignee", "Xk3_-9aB"}});
  EXPECT_EQ(staff.assignee, StaffListQuery::Assignee::staff);
  EXPECT_EQ(staff.assignee_id, "Xk3_-9aB");
  EXPECT_EQ(ok({{"limit", "1"}}).limit, 1u);
  EXPECT_EQ(ok({{"limit", "200"}}).limit, 200u);
  const auto before = ok({{"before", "1800000000000.Xk3_-9aB"}}).before;
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->at, 1'800'000'000'000);
  EXPECT_EQ(before->id, "Xk3_-9aB");
  // The first value of a repeated name counts, as cpp-httplib reads it.
  EXPECT_EQ(ok({{"status", "closed"}, {"status", "bogus"}}).status, "closed");
  // Names it does not know are not errors.
  EXPECT_EQ(ok({{"page", "7"}, {"limit", "3"}}).limit, 3u);
}

TEST(StaffListQuery, TheCursorRoundTripsAndIsUrlSafe) {
  const ListCursor c{1'764'720'000'123, "aZ09_-xY"};
  const auto s = encode_cursor(c);
  EXPECT_EQ(s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-."), std::string::npos);
  EXPECT_EQ(decode_cursor(s), c);
  EXPECT_EQ(decode_cursor("0.a"), (ListCursor{0, "a"}));
  for (const char* bad : {"", ".", "12.", ".abc", "12abc", "-1.abc", "1.2.3", "12.ab c", "12.ab%20", "x.abc",
                          "1234567890123456789.abc", "12.Nguyễn"})
    EXPECT_FALSE(decode_cursor(bad).has_value()) << bad;
  EXPECT_FALSE(decode_cursor("1." + std::string(65, 'a')).has_value());
  EXPECT_TRUE(decode_cursor("1." + std::string(64, 'a')).has_value());
}

TEST(StaffListQuery, BadValuesNameTheirField) {
  EXPECT_EQ(refused_field({{"status", "open"}}), "status");
  EXPECT_EQ(refused_field({{"status", "قيد الانتظار"}}), "status");
  EXPECT_EQ(refused_field({{"status", "WAITING"}}), "status");
  for (const char* bad : {"0", "201", "-1", "", "abc", "5.5", "1e2", " 5", "99999999999999999999"})
    EXPECT_EQ(refused_field({{"limit", bad}}), "limit") << bad;
  for (const char* bad : {"", "yesterday", "12", "abc"})
    EXPECT_EQ(refused_field({{"before", bad}}), "before") << bad;
  for (const std::string bad : {std::string("Ivy Intake"), std::string("王"), std::string(65, 'a'), std::string("../x")})
    EXPECT_EQ(refused_field({{"assignee", bad}}), "assignee") << bad;
  EXPECT_EQ(refused_field({{"q", std::string(201, 'a')}}), "q");
  EXPECT_EQ(ok({{"q", std::string(200, 'a')}}).q.size(), 200u);
  // The first bad field is named; nothing is half-applied (the query is refused whole).
  EXPECT_EQ(refused_field({{"limit", "0"}, {"status", "waiting"}}), "limit");
}

// How search text becomes words (store/sql/fields.hpp search_terms): a phone
// number typed with spaces stays one word; several words also match as one.
#include "store/sql/fields.hpp"

namespace {
using foxo::relay::store::sql::IndexKind;
using foxo::relay::store::sql::search_terms;

bool has(const std::vector<std::pair<IndexKind, std::string>>& terms, IndexKind k, std::string_view v) {
  for (const auto& t : terms)
    if (t.first == k && t.second == v) return true;
  return false;
}
}  // namespace

TEST(SearchTerms, APhoneTypedWithSpacesIsOneWord) {
  for (const char* typed : {"0412 345 678", "+61 412 345 678", "(04) 1234 5678", "0412-345-678", "412345678",
                            "+61412345678"}) {
    const auto t = search_terms(typed);
    ASSERT_EQ(t.words.size(), 1u) << typed;
    EXPECT_TRUE(has(t.words[0], IndexKind::phone, "+61412345678")) << typed;
  }
  const auto mixed = search_terms("Nguyễn 0412 345 678");
  ASSERT_EQ(mixed.words.size(), 2u);
  EXPECT_TRUE(has(mixed.words[0], IndexKind::name, "nguyen"));
  EXPECT_TRUE(has(mixed.words[1], IndexKind::phone, "+61412345678"));
}

TEST(SearchTerms, WordsAreFoldedAndTheWholeTextIsAnAlternative) {
  const auto t = search_terms("  Harbour   GP ");
  ASSERT_EQ(t.words.size(), 2u);
  EXPECT_TRUE(has(t.words[0], IndexKind::word, "harbour"));
  EXPECT_TRUE(has(t.words[1], IndexKind::name, "gp"));
  EXPECT_TRUE(has(t.whole, IndexKind::identifier, "harbourgp"));
  const auto one = search_terms("ΠΑΠΑΔΌΠΟΥΛΟΣ");
  ASSERT_EQ(one.words.size(), 1u);
  EXPECT_TRUE(has(one.words[0], IndexKind::name, "papadopoulos"));
  EXPECT_TRUE(one.whole.empty());
  EXPECT_TRUE(search_terms("  ").words.empty());
  EXPECT_TRUE(search_terms("- — !").words.empty());
  EXPECT_EQ(search_terms("a b c d e f").words.size(), 4u);  // at most four words count
}
