// Attachment names: what a guest's file is called when it is shown and
// downloaded. The relay never uses these names for storage paths.
#pragma once
#include <string>
#include <string_view>

namespace foxo {

constexpr std::size_t kMaxFilenameChars = 120;

// Keeps the last path component, drops control and bidi characters and
// characters that are reserved on common file systems, trims dots and spaces,
// shortens to kMaxFilenameChars keeping the extension. Never empty ("file").
std::string sanitise_filename(std::string_view name);

// `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / 8187).
std::string content_disposition_attachment(std::string_view sanitised_name);

}  // namespace foxo
