// Canned replies (issue 22): what a reply's text becomes when staff insert it
// into the message box. The relay stores the text as the organisation admin
// wrote it; the client fills the placeholders in at insertion, then the
// person edits and sends. Pure, so the console and its tests share one rule.
#pragma once
#include <string>
#include <string_view>

namespace foxo {

// `{guest_first_name}` and `{staff_name}` replaced by the given values,
// everywhere they occur; any other text in braces is left as written (an
// admin's "{see note}" is not an error). Values are inserted as they are,
// never scanned again for placeholders.
std::string fill_reply(std::string_view body, std::string_view guest_first_name, std::string_view staff_name);

}  // namespace foxo
