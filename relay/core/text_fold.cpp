#include "core/text_fold.hpp"

#include <algorithm>
#include <memory>

#include <unicode/coll.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace foxo::relay::text_fold {
namespace {

// ICU transliterators are not safe to share between threads: one per thread,
// built once (building one parses its rules, about a millisecond).
icu::Transliterator& folder() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "NFC; Any-Latin; Latin-ASCII; Lower; NFC", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made) {
      // Without ICU's data nothing could be found again: fail loudly at first use.
      throw std::runtime_error(std::string("ICU transliterator unavailable: ") + u_errorName(status));
    }
    return made;
  }();
  return *t;
}

// Collators are not safe to share between threads either: one per thread.
icu::Collator& collator() {
  thread_local std::unique_ptr<icu::Collator> c = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> made(icu::Collator::createInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !made)
      throw std::runtime_error(std::string("ICU collator unavailable: ") + u_errorName(status));
    return made;
  }();
  return *c;
}

bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string fold(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  folder().transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::vector<std::string> words(std::string_view text) {
  const std::string folded = fold(text);
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (!word.empty() && std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
    word.clear();
  };
  for (char c : folded) {
    if (is_word_char(c)) word += c;
    else flush();
  }
  flush();
  return out;
}

std::string whole(std::string_view text) {
  std::string out;
  for (const auto& w : words(text)) out += w;
  return out;
}

std::string collation_key(std::string_view text) {
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  auto& c = collator();
  std::string key(static_cast<std::size_t>(c.getSortKey(u, nullptr, 0)), '\0');
  if (!key.empty()) c.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
  return key;
}

}  // namespace foxo::relay::text_fold
