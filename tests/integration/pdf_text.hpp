// What a PDF says, as poppler's pdftotext reads it (the PDF transcript tests:
// tests/relay/transcript_pdf_test.cpp and tests/integration/transcript_test.cpp).
// FOXO_PDFTOTEXT is the program's path, compiled in by CMake.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace foxo::test {

inline std::string pdf_text(const std::string& pdf) {
  char tmpl[] = "/tmp/foxo-transcript-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return "";
  close(fd);
  const std::filesystem::path path = tmpl;
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  if (FILE* p = popen((std::string(FOXO_PDFTOTEXT) + " -enc UTF-8 '" + path.string() + "' - 2>&1").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
  }
  std::filesystem::remove(path);
  return out;
}

// pdftotext places spaces by the distance between glyphs and orders
// right-to-left runs its own way, so text is compared without white space
// or bidi controls, word by word.
inline std::string squeeze(const std::string& s) {
  static const std::vector<std::string> controls = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                                                    "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"};
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r') out += c;
  for (const auto& c : controls)
    for (auto at = out.find(c); at != std::string::npos; at = out.find(c)) out.erase(at, c.size());
  return out;
}

// Whether every word of `phrase` is in `text`.
inline bool pdf_holds(const std::string& text, const std::string& phrase) {
  const std::string flat = squeeze(text);
  std::string w;
  for (char c : phrase + " ") {
    if (c != ' ' && c != '\n') {
      w += c;
      continue;
    }
    if (!w.empty() && flat.find(w) == std::string::npos) return false;
    w.clear();
  }
  return true;
}

}  // namespace foxo::test
