// What the browser keeps for the signed-in person (issue 18, "The browser
// keeps nothing after sign-out"): the names of their sealed records, the
// drafts as stored text, and what sign-out asks first. The records are sealed
// and opened by the page (platform/sealed_store.cpp); the core only decides
// what goes in them and when (app/update_storage.cpp).
#pragma once
#include <map>
#include <string>

#include "app/model.hpp"

namespace foxo::client {

// localStorage keys: the prefix, then the relay's opaque storage_id.
inline constexpr const char* kOutboxRecordPrefix = "foxo.outbox.v2.";
inline constexpr const char* kDraftsRecordPrefix = "foxo.drafts.v2.";

// The composer's unsent text per case, as stored text ("" when there is none).
std::string drafts_text(const std::map<std::string, std::string>& drafts);
std::map<std::string, std::string> drafts_from_text(const std::string& text);

// Messages the relay has not stored and that are still to be sent.
int unsent_count(const Model& m);
// "2 messages have not been sent yet. Sign out anyway?"
std::string sign_out_question(int unsent);

}  // namespace foxo::client
