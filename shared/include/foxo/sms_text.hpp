// How much of an SMS a text takes. A single SMS segment holds 160 GSM-7
// septets when every character is in the GSM 03.38 default alphabet or its
// extension table (3GPP TS 23.038 section 6.2.1; an extension character
// takes two septets: escape plus the character), otherwise 70 UCS-2 (UTF-16)
// code units, where a character outside the Basic Multilingual Plane (most
// emoji) takes two. A longer text is split into several segments, which
// phones may show out of order or not at all: bodies the relay writes stay
// within one.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace foxo {

enum class SmsEncoding { gsm7, ucs2 };

inline constexpr std::size_t kSmsGsm7SegmentSeptets = 160;
inline constexpr std::size_t kSmsUcs2SegmentUnits = 70;

// Septets a code point takes in GSM-7: 1 for the default alphabet, 2 for the
// extension table, 0 when GSM-7 cannot carry it.
int gsm7_septets(char32_t cp);

// GSM-7 when GSM-7 can carry every character of `utf8`, else UCS-2. Text that
// is not valid UTF-8 needs UCS-2.
SmsEncoding sms_encoding(std::string_view utf8);

struct SmsLength {
  SmsEncoding encoding = SmsEncoding::gsm7;
  std::size_t units = 0;  // septets for GSM-7, UTF-16 code units for UCS-2
  std::size_t segment_capacity() const {
    return encoding == SmsEncoding::gsm7 ? kSmsGsm7SegmentSeptets : kSmsUcs2SegmentUnits;
  }
  bool fits_one_segment() const { return units <= segment_capacity(); }
};

// The encoding `utf8` needs and its length in that encoding's units.
SmsLength sms_length(std::string_view utf8);
bool sms_fits_one_segment(std::string_view utf8);

// Shortens `middle`, the one part of an SMS that may be shortened, so that
// `before + middle + after` fits one segment: the longest prefix of `middle`
// ending on a grapheme cluster boundary, followed by an ellipsis. The
// ellipsis is "…" when the body needs UCS-2 anyway and "..." when it is
// GSM-7 otherwise ("…" is not in GSM 03.38, and would by itself cut the
// segment from 160 to 70). Returns `middle` unchanged when everything fits,
// and nothing when not even one cluster of it fits (the caller then leaves
// it out).
std::optional<std::string> sms_fit_middle(std::string_view before, std::string_view middle, std::string_view after);

}  // namespace foxo
