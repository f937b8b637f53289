// Recovery codes for staff who lose the phone holding their second factor:
// ten codes shown once at enrolment, each good for one sign-in. Only their
// hashes are kept. A code is 12 characters of RFC 4648 base32 (60 bits),
// shown in groups of four ("ABCD-EFGH-JKLM"); it is read back ignoring case,
// spaces and dashes, because people copy it from paper.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace foxo::relay::recovery {

inline constexpr int kCodes = 10;

// `random(n)` gives n random bytes (random_bytes, or a fixed source in tests).
std::vector<std::string> make_codes(const std::function<std::vector<std::uint8_t>(std::size_t)>& random);

// What is stored for a code, and what a typed code is compared by: the SHA-256
// of its normalised form. nullopt when the typed text cannot be a code.
std::optional<std::string> hash_of(std::string_view typed);

}  // namespace foxo::relay::recovery
