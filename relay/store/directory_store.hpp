// Organisations, teams, staff and guests.
#pragma once
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "store/records.hpp"

namespace foxo::relay::store {

class DirectoryStore {
 public:
  virtual ~DirectoryStore() = default;
  virtual bool empty() = 0;  // no organisation at all (first start)

  virtual std::optional<Organisation> org_by_slug(std::string_view slug) = 0;
  virtual std::optional<Organisation> org_by_id(std::string_view id) = 0;
  virtual std::optional<Team> team_by_slug(std::string_view slug) = 0;
  virtual std::vector<Team> teams_of_org(std::string_view org_id) = 0;
  virtual std::optional<StaffRecord> staff_by_email(std::string_view email) = 0;
  virtual std::optional<StaffRecord> staff_by_id(std::string_view id) = 0;
  virtual std::optional<GuestRecord> guest_by_id(std::string_view id) = 0;
  // Every staff member of the organisation with their teams (ids and slugs),
  // without password hashes: the colleagues directory (hand-over choices).
  virtual std::vector<StaffRecord> staff_of_org(std::string_view org_id) = 0;

  // Creation returns nullopt when the slug/email is taken.
  virtual std::optional<Organisation> create_org(std::string_view slug, std::string_view name,
                                                 const std::vector<IdentifierField>& identifiers, TimeMs now) = 0;
  virtual std::optional<Team> create_team(std::string_view org_id, std::string_view slug, std::string_view name,
                                          const std::vector<std::string>& subjects, TimeMs now) = 0;
  virtual std::optional<StaffRecord> create_staff(std::string_view org_id, std::string_view email,
                                                  std::string_view name, std::string_view password_hash,
                                                  bool is_admin, const std::vector<std::string>& team_ids,
                                                  TimeMs now) = 0;
  virtual void set_identifiers(std::string_view org_id, const std::vector<IdentifierField>& identifiers) = 0;
  virtual void set_staff_password(std::string_view staff_id, std::string_view password_hash) = 0;

  // Canned replies (issue 22): those of `team_ids`, by team slug then
  // position; and a team's whole list replaced in one transaction
  // (title, body pairs in order). Sealed at rest.
  virtual std::vector<ReplyRecord> replies_of_teams(const std::vector<std::string>& team_ids) = 0;
  virtual void set_replies(std::string_view org_id, std::string_view team_id,
                           const std::vector<std::pair<std::string, std::string>>& replies, TimeMs now) = 0;

  // Finds or creates the guest for (org, phone); updates the name to the latest verified one.
  virtual GuestRecord upsert_guest(std::string_view org_id, std::string_view phone, std::string_view first_name,
                                   std::string_view last_name, TimeMs now) = 0;
};

}  // namespace foxo::relay::store
