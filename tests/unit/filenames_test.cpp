#include <gtest/gtest.h>

#include "foxo/filenames.hpp"

using namespace foxo;

TEST(Filenames, KeepsOrdinaryNames) {
  EXPECT_EQ(sanitise_filename("letter.pdf"), "letter.pdf");
  EXPECT_EQ(sanitise_filename("Résultats mars.pdf"), "Résultats mars.pdf");
}

TEST(Filenames, StripsPathsOfEitherKind) {
  EXPECT_EQ(sanitise_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitise_filename("C:\\Users\\ann\\scan.jpg"), "scan.jpg");
  EXPECT_EQ(sanitise_filename("/"), "file");
  EXPECT_EQ(sanitise_filename(".."), "file");
  EXPECT_EQ(sanitise_filename(""), "file");
}

TEST(Filenames, DropsControlAndBidiCharacters) {
  EXPECT_EQ(sanitise_filename("a\r\nb.txt"), "ab.txt");
  // "invoice<RLO>fdp.exe" would display as "invoiceexe.pdf".
  EXPECT_EQ(sanitise_filename("invoice\xe2\x80\xae" "fdp.exe"), "invoicefdp.exe");
  EXPECT_EQ(sanitise_filename("a\xe2\x81\xa6" "b"), "ab");
}

TEST(Filenames, ReplacesReservedAndInvalidBytes) {
  EXPECT_EQ(sanitise_filename("a<b>c:d\"e|f?g*h.txt"), "a_b_c_d_e_f_g_h.txt");
  EXPECT_EQ(sanitise_filename("bad\xff.txt"), "bad\xef\xbf\xbd.txt");
}

TEST(Filenames, ShortensKeepingExtension) {
  const std::string longname(300, 'x');
  const auto s = sanitise_filename(longname + ".pdf");
  EXPECT_EQ(s.size(), kMaxFilenameChars);
  EXPECT_EQ(s.substr(s.size() - 4), ".pdf");
}

TEST(Filenames, ContentDispositionRfc6266) {
  EXPECT_EQ(content_disposition_attachment("letter.pdf"),
            "attachment; filename=\"letter.pdf\"; filename*=UTF-8''letter.pdf");
  EXPECT_EQ(content_disposition_attachment("Résumé 1.pdf"),
            "attachment; filename=\"R_sum_ 1.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%201.pdf");
}

// Found by tests/fuzz/fuzz_multipart: shortening could end the name on a
// space, which a second sanitise trimmed.
TEST(Filenames, ShorteningNeverEndsOnASpaceAndIsStable) {
  const std::string long_name = std::string(119, 'a') + " bbbbb";
  const std::string once = sanitise_filename(long_name);
  EXPECT_EQ(once, std::string(119, 'a'));
  EXPECT_EQ(sanitise_filename(once), once);
}
