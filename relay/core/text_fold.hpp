// How searchable text is compared once it is only kept as keyed hashes
// (store/sql/fields.hpp, blind indexes): a name or a word is folded to lower
// case Latin letters without marks, by ICU's transforms, so that `nguyen`
// finds Nguyễn, `dang` finds Đặng, `muller` finds Müller, `papadopoulos`
// finds Παπαδόπουλος and `wang` (or 王) finds 王. The query goes through the
// same fold, so a search typed in the name's own script finds it too.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace foxo::relay::text_fold {

// Any script to Latin, then to ASCII, then lower case; NFC in, UTF-8 out.
// Invalid UTF-8 is folded as U+FFFD and so never matches real text.
std::string fold(std::string_view text);

// The searchable words of `text`, each folded: runs of letters and digits
// (after folding), so "Al-Hassan" gives {"al", "hassan"} and "Pap smear
// result" {"pap", "smear", "result"}. Duplicates removed, order kept.
std::vector<std::string> words(std::string_view text);

// A whole name as one searchable word: its words joined ("Al-Hassan" ->
// "alhassan"), so the name typed with or without its hyphen or space finds it.
std::string whole(std::string_view text);

// A key that puts names in the order people expect, whatever their script
// (ICU's root collation: Nguyễn beside Nguyen, not after Z; Latin, then Greek,
// Arabic, Han): compare keys as byte strings. Used to list names, never to find them.
std::string collation_key(std::string_view text);

}  // namespace foxo::relay::text_fold
