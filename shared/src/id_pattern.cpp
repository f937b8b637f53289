// Identifier patterns (foxo/id_pattern.hpp): a small regular-expression
// dialect compiled to a Thompson NFA over code points, so matching is linear
// in the value and no pattern an admin types can make the relay backtrack.
// Index: character-class ranges and their complement; IdPatternCompiler
// (parse, with the reason for every refusal); IdPattern::matches (the NFA run).
#include "foxo/id_pattern.hpp"

#include <algorithm>
#include <memory>

#include "foxo/validation.hpp"

namespace foxo {
namespace {

using Range = IdPattern::Range;
using CharSet = IdPattern::CharSet;

constexpr char32_t kMaxCodePoint = 0x10FFFF;
// Groups nested deeper than this are refused: the parser and the compiler recurse once per level.
constexpr int kMaxGroupDepth = 32;
constexpr std::size_t kMaxPatternBytes = 1000;

// ECMAScript's \d, \w and \s (WhiteSpace and LineTerminator).
const std::vector<Range> kDigit{{'0', '9'}};
const std::vector<Range> kWord{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
const std::vector<Range> kSpace{{0x09, 0x0D}, {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
                                {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
// `.`: anything but a line terminator.
const std::vector<Range> kLineTerminators{{0x0A, 0x0A}, {0x0D, 0x0D}, {0x2028, 0x2029}};

std::vector<Range> complement(std::vector<Range> rs) {
  std::sort(rs.begin(), rs.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  char32_t next = 0;
  for (const auto& r : rs) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    if (r.hi >= next) next = r.hi + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return out;
}

struct Node {
  enum class Kind { empty, set, concat, alternation, repeat } kind = Kind::empty;
  int set = 0;
  std::vector<Node> children;
  int min = 0, max = 0;  // repeat; max -1 = unbounded
};

}  // namespace

bool IdPattern::CharSet::contains(char32_t c) const {
  bool in = false;
  for (const auto& r : ranges) {
    if (c >= r.lo && c <= r.hi) {
      in = true;
      break;
    }
  }
  return in != negated;
}

// Recursive descent over the pattern's code points, then emission of the NFA.
class IdPatternCompiler {
 public:
  explicit IdPatternCompiler(std::vector<char32_t> cps) : cps_(std::move(cps)) {}

  std::optional<IdPattern> run(std::string* error) {
    std::size_t end = cps_.size();
    // A leading ^ and trailing $ are accepted and mean nothing more: the whole value is matched anyway.
    if (!cps_.empty() && cps_[0] == '^') pos_ = 1;
    if (end > pos_ && cps_[end - 1] == '$' && !escaped_at(end - 1)) end -= 1;
    end_ = end;
    Node root;
    if (!parse_alternation(root, 0)) return fail(error);
    if (pos_ < end_) {  // only a stray ')' stops the top level early
      message_ = "')' without a matching '('";
      return fail(error);
    }
    emit(root);
    push({IdPattern::Op::match});
    if (too_big_) {
      at_ = 0;
      message_ = "the pattern expands to too many states (repeat counts multiply; at most " +
                 std::to_string(kMaxPatternStates) + ")";
      return fail(error);
    }
    return std::move(pattern_);
  }

 private:
  std::vector<char32_t> cps_;
  std::size_t pos_ = 0, end_ = 0;
  std::size_t at_ = 0;  // where the error is
  std::string message_;
  IdPattern pattern_;
  bool too_big_ = false;

  std::optional<IdPattern> fail(std::string* error) {
    if (error) {
      *error = message_;
      if (at_ > 0) *error += " (at character " + std::to_string(at_) + ")";
    }
    return std::nullopt;
  }
  bool refuse(std::size_t index, std::string message) {
    at_ = index + 1;
    message_ = std::move(message);
    return false;
  }
  // Whether cps_[i] is preceded by an odd number of backslashes.
  bool escaped_at(std::size_t i) const {
    std::size_t n = 0;
    while (i > n && cps_[i - n - 1] == '\\') ++n;
    return n % 2 == 1;
  }
  bool more() const { return pos_ < end_; }
  char32_t peek() const { return cps_[pos_]; }

  int add_set(std::vector<Range> ranges, bool negated) {
    pattern_.sets_.push_back(CharSet{std::move(ranges), negated});
    return static_cast<int>(pattern_.sets_.size() - 1);
  }
  static std::string show(char32_t c) {
    std::string s;
    if (c < 0x80) s.push_back(static_cast<char>(c));
    else if (c < 0x800) { s += static_cast<char>(0xC0 | (c >> 6)); s += static_cast<char>(0x80 | (c & 0x3F)); }
    else if (c < 0x10000) {
      s += static_cast<char>(0xE0 | (c >> 12));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (c >> 18));
      s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
  }
  static bool is_ascii_punctuation(char32_t c) {
    return c > 0x20 && c < 0x7F && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z');
  }

  bool parse_alternation(Node& out, int depth) {
    Node alt;
    alt.kind = Node::Kind::alternation;
    while (true) {
      Node seq;
      if (!parse_sequence(seq, depth)) return false;
      alt.children.push_back(std::move(seq));
      if (more() && peek() == '|') {
        ++pos_;
        continue;
      }
      break;
    }
    out = alt.children.size() == 1 ? std::move(alt.children[0]) : std::move(alt);
    return true;
  }

  bool parse_sequence(Node& out, int depth) {
    out.kind = Node::Kind::concat;
    while (more() && peek() != '|' && peek() != ')') {
      Node atom;
      if (!parse_atom(atom, depth)) return false;
      if (!parse_quantifier(atom)) return false;
      out.children.push_back(std::move(atom));
    }
    return true;
  }

  bool parse_quantifier(Node& atom) {
    if (!more()) return true;
    const std::size_t start = pos_;
    int min = 0, max = 0;
    const char32_t c = peek();
    if (c == '?') { min = 0; max = 1; ++pos_; }
    else if (c == '*') { min = 0; max = -1; ++pos_; }
    else if (c == '+') { min = 1; max = -1; ++pos_; }
    else if (c == '{') {
      ++pos_;
      if (!parse_count(min, start)) return false;
      max = min;
      if (more() && peek() == ',') {
        ++pos_;
        if (more() && peek() == '}') max = -1;
        else if (!parse_count(max, start)) return false;
      }
      if (!more() || peek() != '}')
        return refuse(start, "'{' must start a repeat count such as {3}, {2,} or {2,5} (write \\{ for a brace)");
      ++pos_;
      if (max != -1 && max < min) return refuse(start, "repeat count {n,m} with m smaller than n");
    } else {
      return true;
    }
    if (more() && peek() == '?') return refuse(pos_, "lazy quantifiers (such as *?) are not supported");
    if (more() && (peek() == '*' || peek() == '+' || peek() == '{'))
      return refuse(pos_, "a quantifier cannot follow another quantifier");
    Node rep;
    rep.kind = Node::Kind::repeat;
    rep.min = min;
    rep.max = max;
    rep.children.push_back(std::move(atom));
    atom = std::move(rep);
    return true;
  }

  bool parse_count(int& n, std::size_t start) {
    if (!more() || peek() < '0' || peek() > '9')
      return refuse(start, "'{' must start a repeat count such as {3}, {2,} or {2,5} (write \\{ for a brace)");
    long long v = 0;
    while (more() && peek() >= '0' && peek() <= '9') {
      if (v <= kMaxPatternRepeat) v = v * 10 + (peek() - '0');  // stop growing once too big: no overflow
      ++pos_;
    }
    if (v > kMaxPatternRepeat)
      return refuse(start, "repeat counts above " + std::to_string(kMaxPatternRepeat) + " are not supported");
    n = static_cast<int>(v);
    return true;
  }

  bool parse_atom(Node& out, int depth) {
    const std::size_t start = pos_;
    const char32_t c = peek();
    switch (c) {
      case '(': {
        if (depth >= kMaxGroupDepth)
          return refuse(start, "groups nested more than " + std::to_string(kMaxGroupDepth) + " deep are not supported");
        ++pos_;
        if (more() && peek() == '?') {
          if (pos_ + 1 < end_ && cps_[pos_ + 1] == ':') {
            pos_ += 2;
          } else {
            return refuse(start, "lookaround and other (?...) groups are not supported (only (?:...))");
          }
        }
        if (!parse_alternation(out, depth + 1)) return false;
        if (!more() || peek() != ')') return refuse(start, "'(' without a matching ')'");
        ++pos_;
        return true;
      }
      case '[':
        return parse_class(out);
      case '.':
        ++pos_;
        out.kind = Node::Kind::set;
        out.set = add_set(kLineTerminators, true);
        return true;
      case '\\': {
        std::vector<Range> ranges;
        bool negated = false;
        if (!parse_escape(ranges, negated, false)) return false;
        out.kind = Node::Kind::set;
        out.set = add_set(std::move(ranges), negated);
        return true;
      }
      case '*':
      case '+':
      case '?':
      case '{':
        return refuse(start, std::string("'") + show(c) + "' has nothing before it to repeat");
      case '^':
        return refuse(start, "'^' is only supported at the start of the pattern");
      case '$':
        return refuse(start, "'$' is only supported at the end of the pattern");
      case ']':
      case '}':
        return refuse(start, std::string("write \\") + show(c) + " for a literal '" + show(c) + "'");
      default:
        ++pos_;
        out.kind = Node::Kind::set;
        out.set = add_set({{c, c}}, false);
        return true;
    }
  }

  // At a backslash. Class escapes give their ranges (and, outside a class, may
  // be negated); an escaped punctuation character gives itself.
  bool parse_escape(std::vector<Range>& ranges, bool& negated, bool in_class) {
    const std::size_t start = pos_;
    ++pos_;
    if (pos_ >= cps_.size()) return refuse(start, "a pattern cannot end with a single '\\'");
    const char32_t e = cps_[pos_++];
    const std::vector<Range>* cls = nullptr;
    bool neg = false;
    switch (e) {
      case 'd': cls = &kDigit; break;
      case 'D': cls = &kDigit; neg = true; break;
      case 'w': cls = &kWord; break;
      case 'W': cls = &kWord; neg = true; break;
      case 's': cls = &kSpace; break;
      case 'S': cls = &kSpace; neg = true; break;
      default: break;
    }
    if (cls) {
      if (!neg) ranges.insert(ranges.end(), cls->begin(), cls->end());
      else if (in_class) {
        const auto comp = complement(*cls);
        ranges.insert(ranges.end(), comp.begin(), comp.end());
      } else {
        ranges = *cls;
        negated = true;
      }
      return true;
    }
    if (is_ascii_punctuation(e)) {
      ranges.push_back({e, e});
      return true;
    }
    return refuse(start, "the escape \\" + show(e) +
                             " is not supported (supported: \\d \\D \\w \\W \\s \\S and \\ before punctuation)");
  }

  // One class member's single character at pos_, or -1 when it is a class escape (\d ...) added to ranges.
  bool parse_class_char(std::vector<Range>& ranges, long& single) {
    if (peek() == '\\') {
      const std::size_t before = ranges.size();
      bool unused = false;
      if (!parse_escape(ranges, unused, true)) return false;
      const char32_t e = cps_[pos_ - 1];
      if (is_ascii_punctuation(e)) {  // a single escaped character, not a class
        ranges.resize(before);
        single = static_cast<long>(e);
      } else {
        single = -1;
      }
      return true;
    }
    single = static_cast<long>(cps_[pos_++]);
    return true;
  }

  bool parse_class(Node& out) {
    const std::size_t start = pos_;
    ++pos_;
    bool negated = false;
    if (more() && peek() == '^') {
      negated = true;
      ++pos_;
    }
    if (more() && peek() == ']') return refuse(start, "an empty class [] is not supported");
    std::vector<Range> ranges;
    while (true) {
      // The class may run past a trailing '$' that was taken as the anchor: look at the whole pattern.
      if (pos_ >= cps_.size()) return refuse(start, "'[' without a matching ']'");
      if (peek() == ']') break;
      const std::size_t item = pos_;
      long lo = 0;
      if (!parse_class_char(ranges, lo)) return false;
      if (pos_ + 1 < cps_.size() && peek() == '-' && cps_[pos_ + 1] != ']') {
        ++pos_;
        long hi = 0;
        if (!parse_class_char(ranges, hi)) return false;
        if (lo < 0 || hi < 0) return refuse(item, "a range cannot start or end with \\d, \\w or \\s");
        if (hi < lo) return refuse(item, "range " + show(lo) + "-" + show(hi) + " is out of order");
        ranges.push_back({static_cast<char32_t>(lo), static_cast<char32_t>(hi)});
      } else if (lo >= 0) {
        ranges.push_back({static_cast<char32_t>(lo), static_cast<char32_t>(lo)});
      }
    }
    ++pos_;
    out.kind = Node::Kind::set;
    out.set = add_set(std::move(ranges), negated);
    return true;
  }

  int pc() const { return static_cast<int>(pattern_.program_.size()); }
  int push(IdPattern::Instruction i) {
    if (pattern_.program_.size() >= kMaxPatternStates) {
      too_big_ = true;
      return pc() - 1;
    }
    pattern_.program_.push_back(i);
    return pc() - 1;
  }
  void patch_x(int at, int target) { if (at >= 0 && !too_big_) pattern_.program_[at].x = target; }
  void patch_y(int at, int target) { if (at >= 0 && !too_big_) pattern_.program_[at].y = target; }

  void emit(const Node& n) {
    if (too_big_) return;
    using Op = IdPattern::Op;
    switch (n.kind) {
      case Node::Kind::empty:
        return;
      case Node::Kind::set:
        push({Op::character, n.set});
        return;
      case Node::Kind::concat:
        for (const auto& c : n.children) emit(c);
        return;
      case Node::Kind::alternation: {
        std::vector<int> jumps;
        for (std::size_t i = 0; i < n.children.size(); ++i) {
          if (i + 1 < n.children.size()) {
            const int split = push({Op::split});
            patch_x(split, pc());
            emit(n.children[i]);
            jumps.push_back(push({Op::jump}));
            patch_y(split, pc());
          } else {
            emit(n.children[i]);
          }
        }
        for (int j : jumps) patch_x(j, pc());
        return;
      }
      case Node::Kind::repeat: {
        const Node& body = n.children[0];
        for (int i = 0; i < n.min && !too_big_; ++i) emit(body);
        if (n.max == -1) {
          const int split = push({Op::split});
          patch_x(split, pc());
          emit(body);
          const int back = push({Op::jump});
          patch_x(back, split);
          patch_y(split, pc());
        } else {
          std::vector<int> splits;
          for (int i = n.min; i < n.max && !too_big_; ++i) {
            const int split = push({Op::split});
            patch_x(split, pc());
            splits.push_back(split);
            emit(body);
          }
          for (int s : splits) patch_y(s, pc());
        }
        return;
      }
    }
  }
};

std::optional<IdPattern> IdPattern::compile(std::string_view pattern, std::string* error) {
  if (pattern.size() > kMaxPatternBytes) {
    if (error) *error = "the pattern is too long";
    return std::nullopt;
  }
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < pattern.size();) {
    char32_t c;
    if (!next_code_point(pattern, i, c)) {
      if (error) *error = "the pattern is not valid UTF-8";
      return std::nullopt;
    }
    cps.push_back(c);
  }
  return IdPatternCompiler(std::move(cps)).run(error);
}

bool IdPattern::matches(std::string_view value) const {
  // Thompson simulation: the set of states reachable after each character,
  // each state added at most once per step, so the cost is linear in both.
  const std::size_t n = program_.size();
  std::vector<int> current, next, stack;
  std::vector<unsigned> seen(n, 0);
  unsigned step = 0;
  current.reserve(n);
  next.reserve(n);
  auto add = [&](std::vector<int>& list, int start) {
    stack.push_back(start);
    while (!stack.empty()) {
      const int at = stack.back();
      stack.pop_back();
      if (seen[at] == step) continue;
      seen[at] = step;
      const auto& ins = program_[at];
      switch (ins.op) {
        case Op::jump: stack.push_back(ins.x); break;
        case Op::split:
          stack.push_back(ins.y);
          stack.push_back(ins.x);
          break;
        case Op::character:
        case Op::match: list.push_back(at); break;
      }
    }
  };
  ++step;
  add(current, 0);
  for (std::size_t i = 0; i < value.size();) {
    char32_t c;
    if (!next_code_point(value, i, c)) return false;
    ++step;
    next.clear();
    for (int at : current) {
      const auto& ins = program_[at];
      if (ins.op == Op::character && sets_[ins.x].contains(c)) add(next, at + 1);
    }
    current.swap(next);
    if (current.empty()) return false;
  }
  return std::any_of(current.begin(), current.end(), [&](int at) { return program_[at].op == Op::match; });
}

}  // namespace foxo
