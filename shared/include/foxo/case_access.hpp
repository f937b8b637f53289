// Who may see a case, which events a live stream receives, and what counts as
// unread for each side. Pure rules shared by the relay (access checks, event
// fan-out, unread counts) and the client (local unread badges).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace foxo {

// The two sides of a case: the guest who opened it, and the staff of its team.
enum class Side { guest, staff };

std::string_view to_string(Side s);

// Someone looking at cases: a guest (id = guest id) or a staff member (id =
// staff id, team_ids = the teams they belong to). Both carry the organisation
// of their session.
struct Viewer {
  Side side = Side::guest;
  std::string id;
  std::string org_id;
  std::vector<std::string> team_ids;  // staff only
};

// What decides visibility of a case (and of every event about it).
struct CaseScope {
  std::string org_id, team_id, guest_id;
};

// A guest sees only their own cases at their session's organisation; a staff
// member sees the cases of their teams at their organisation (admins too: only
// the teams they are in). Other organisations never.
bool may_see(const Viewer& v, const CaseScope& c);

// A message by `author_kind` ("guest", "staff", "system") counts as unread for
// `reader` until seen: the guest reads staff and system messages, staff read
// guest messages. One's own side never counts.
bool counts_as_unread(Side reader, std::string_view author_kind);

// Unread count from messages as (seq, author_kind) pairs and the reader's seen seq.
struct SeqAuthor {
  std::int64_t seq = 0;
  std::string author_kind;
};
std::int64_t count_unread(Side reader, const std::vector<SeqAuthor>& messages, std::int64_t seen_seq);

// The seen mark after a reader reports `seq`: it never moves backwards and
// never beyond the last message of the case.
std::int64_t next_seen_seq(std::int64_t current, std::int64_t reported, std::int64_t last_seq);

}  // namespace foxo
