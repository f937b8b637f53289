#include "foxo/sms_text.hpp"

#include <algorithm>
#include <array>

#include "foxo/text.hpp"
#include "foxo/validation.hpp"

namespace foxo {
namespace {

// GSM 03.38 default alphabet, 3GPP TS 23.038 section 6.2.1 (table 6.2.1):
// the Unicode character of each septet 0x00..0x7F. 0x1B is the escape to the
// extension table and carries no character of its own (0 here).
constexpr std::array<char32_t, 128> kGsm7Default = {
    // 0x00
    U'@', 0x00A3 /* £ */, U'$', 0x00A5 /* ¥ */, 0x00E8 /* è */, 0x00E9 /* é */, 0x00F9 /* ù */, 0x00EC /* ì */,
    0x00F2 /* ò */, 0x00C7 /* Ç */, U'\n', 0x00D8 /* Ø */, 0x00F8 /* ø */, U'\r', 0x00C5 /* Å */, 0x00E5 /* å */,
    // 0x10
    0x0394 /* Δ */, U'_', 0x03A6 /* Φ */, 0x0393 /* Γ */, 0x039B /* Λ */, 0x03A9 /* Ω */, 0x03A0 /* Π */,
    0x03A8 /* Ψ */, 0x03A3 /* Σ */, 0x0398 /* Θ */, 0x039E /* Ξ */, 0 /* escape */, 0x00C6 /* Æ */,
    0x00E6 /* æ */, 0x00DF /* ß */, 0x00C9 /* É */,
    // 0x20
    U' ', U'!', U'"', U'#', 0x00A4 /* ¤ */, U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/',
    // 0x30
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    // 0x40
    0x00A1 /* ¡ */, U'A', U'B', U'C', U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L', U'M', U'N', U'O',
    // 0x50
    U'P', U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y', U'Z', 0x00C4 /* Ä */, 0x00D6 /* Ö */,
    0x00D1 /* Ñ */, 0x00DC /* Ü */, 0x00A7 /* § */,
    // 0x60
    0x00BF /* ¿ */, U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j', U'k', U'l', U'm', U'n', U'o',
    // 0x70
    U'p', U'q', U'r', U's', U't', U'u', U'v', U'w', U'x', U'y', U'z', 0x00E4 /* ä */, 0x00F6 /* ö */,
    0x00F1 /* ñ */, 0x00FC /* ü */, 0x00E0 /* à */,
};

// GSM 03.38 default extension table, 3GPP TS 23.038 section 6.2.1.1: the
// characters reached with the escape septet (each costs two septets). 0x0A is
// a page break (form feed); 0x0D (CR2) and 0x1B (SS2) carry no character.
constexpr std::array<char32_t, 10> kGsm7Extension = {
    U'\f' /* 0x0A */, U'^' /* 0x14 */, U'{' /* 0x28 */, U'}' /* 0x29 */, U'\\' /* 0x2F */,
    U'[' /* 0x3C */,  U'~' /* 0x3D */, U']' /* 0x3E */, U'|' /* 0x40 */, 0x20AC /* € 0x65 */,
};

}  // namespace

int gsm7_septets(char32_t cp) {
  if (cp == 0) return 0;
  if (std::find(kGsm7Default.begin(), kGsm7Default.end(), cp) != kGsm7Default.end()) return 1;
  if (std::find(kGsm7Extension.begin(), kGsm7Extension.end(), cp) != kGsm7Extension.end()) return 2;
  return 0;
}

SmsLength sms_length(std::string_view utf8) {
  std::size_t septets = 0, utf16 = 0;
  bool gsm = true;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp;
    if (!next_code_point(utf8, i, cp)) {
      // Not text: a gateway would send U+FFFD for the byte, which is UCS-2.
      gsm = false;
      ++utf16;
      ++i;
      continue;
    }
    utf16 += cp > 0xFFFF ? 2 : 1;  // a surrogate pair outside the BMP
    const int s = gsm7_septets(cp);
    if (s == 0) gsm = false;
    septets += static_cast<std::size_t>(s);
  }
  return gsm ? SmsLength{SmsEncoding::gsm7, septets} : SmsLength{SmsEncoding::ucs2, utf16};
}

SmsEncoding sms_encoding(std::string_view utf8) { return sms_length(utf8).encoding; }

bool sms_fits_one_segment(std::string_view utf8) { return sms_length(utf8).fits_one_segment(); }

std::optional<std::string> sms_fit_middle(std::string_view before, std::string_view middle, std::string_view after) {
  const auto compose = [&](std::string_view m, std::string_view ellipsis) {
    std::string s(before);
    s += m;
    s += ellipsis;
    s += after;
    return s;
  };
  if (sms_fits_one_segment(compose(middle, ""))) return std::string(middle);
  // Longest first; at most a few hundred candidates for a subject.
  const auto bounds = grapheme_boundaries(middle);
  for (std::size_t k = bounds.size(); k-- > 1;) {
    if (bounds[k] == middle.size()) continue;  // the whole middle does not fit (above)
    std::string_view prefix = middle.substr(0, bounds[k]);
    while (!prefix.empty() && (prefix.back() == ' ' || prefix.back() == '\t')) prefix.remove_suffix(1);
    if (prefix.empty()) continue;
    // "..." where the rest is GSM-7: "…" would force UCS-2 on its own.
    const std::string_view ellipsis = sms_encoding(compose(prefix, "")) == SmsEncoding::gsm7 ? "..." : kEllipsis;
    const std::string body = compose(prefix, ellipsis);
    if (sms_fits_one_segment(body)) return std::string(prefix) + std::string(ellipsis);
  }
  return std::nullopt;
}

}  // namespace foxo
