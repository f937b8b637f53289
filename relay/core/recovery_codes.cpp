#include "core/recovery_codes.hpp"

#include "core/crypto.hpp"
#include "core/totp.hpp"

namespace foxo::relay::recovery {
namespace {

constexpr std::size_t kChars = 12;

}  // namespace

std::vector<std::string> make_codes(const std::function<std::vector<std::uint8_t>(std::size_t)>& random) {
  std::vector<std::string> out;
  while (out.size() < static_cast<std::size_t>(kCodes)) {
    const auto bytes = random(8);
    const std::string b32 = totp::base32(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    const std::string c = b32.substr(0, kChars);
    const std::string shown = c.substr(0, 4) + "-" + c.substr(4, 4) + "-" + c.substr(8, 4);
    bool repeated = false;  // ten distinct codes, whatever the source gives
    for (const auto& o : out) repeated = repeated || o == shown;
    if (!repeated) out.push_back(shown);
  }
  return out;
}

std::optional<std::string> hash_of(std::string_view typed) {
  std::string code;
  for (char ch : typed) {
    if (ch == '-' || ch == ' ') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    const bool base32 = (ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7');
    if (!base32) return std::nullopt;
    code += ch;
  }
  if (code.size() != kChars) return std::nullopt;
  return sha256_hex("foxo-recovery-code:" + code);
}

}  // namespace foxo::relay::recovery
