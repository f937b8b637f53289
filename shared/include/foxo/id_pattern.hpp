// The small pattern language of admin-set identifier patterns, and its matcher.
//
// Why not std::regex: it backtracks (exponential time on `(a+)+$`-style
// patterns) and libstdc++'s compiler overflows on huge repeat counts; the
// fuzzer found both. This subset is compiled to a Thompson NFA and matched by
// simulating it, so matching costs O(pattern size x value length), always.
//
// Supported (a subset of ECMAScript, same meaning):
//   literals (any UTF-8 character except the specials below), escapes of
//   punctuation (`\.`, `\-`, `\(` ...), `\d \D \w \W \s \S`, `.`,
//   classes `[...]` and `[^...]` with ranges (`a-z`) and the escapes above,
//   grouping `(...)` / `(?:...)` with alternation `|`,
//   quantifiers `? * +` and `{n}` `{n,}` `{n,m}` with counts up to
//   kMaxPatternRepeat, and a leading `^` / trailing `$` (the whole value is
//   matched anyway).
// Everything else (backreferences, lookaround, lazy quantifiers, `\b`, flags,
// unicode property escapes ...) is refused with a message naming it.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace foxo {

inline constexpr int kMaxPatternRepeat = 100;
// Bound on the compiled program so that a pattern like `(((a{100}){100}){100})`
// is refused instead of expanding to a million states.
inline constexpr std::size_t kMaxPatternStates = 5000;

class IdPattern {
 public:
  // Compiles `pattern`; on failure returns nullopt and sets `*error` to a
  // sentence saying what is not supported and where (1-based character).
  static std::optional<IdPattern> compile(std::string_view pattern, std::string* error);

  // Whether the whole of `value` (UTF-8) matches. Invalid UTF-8 never matches.
  bool matches(std::string_view value) const;

  std::size_t state_count() const { return program_.size(); }

  struct Range {
    char32_t lo, hi;
  };
  struct CharSet {
    std::vector<Range> ranges;
    bool negated = false;
    bool contains(char32_t c) const;
  };
  enum class Op { character, split, jump, match };
  struct Instruction {
    Op op;
    int x = 0;  // character: set index; split/jump: first target
    int y = 0;  // split: second target
  };

 private:
  std::vector<Instruction> program_;
  std::vector<CharSet> sets_;
  friend class IdPatternCompiler;
};

}  // namespace foxo
