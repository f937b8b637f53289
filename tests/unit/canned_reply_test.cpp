// fill_reply: the placeholders of a canned reply, in any script.
#include <gtest/gtest.h>

#include "foxo/canned_reply.hpp"

using foxo::fill_reply;

TEST(CannedReply, FillsBothPlaceholdersEverywhere) {
  EXPECT_EQ(fill_reply("Hello {guest_first_name}, this is {staff_name}. Thanks {guest_first_name}!", "Thảo", "Ivy"),
            "Hello Thảo, this is Ivy. Thanks Thảo!");
}

TEST(CannedReply, AnyScriptAndRightToLeftText) {
  EXPECT_EQ(fill_reply("مرحبا {guest_first_name} 👋 — {staff_name}", "Ἀλέξανδρος", "王芳"),
            "مرحبا Ἀλέξανδρος 👋 — 王芳");
}

TEST(CannedReply, OtherBracesAndBrokenPlaceholdersStayAsWritten) {
  EXPECT_EQ(fill_reply("{see note} {guest_first_name {staff_name", "Ana", "Ivy"), "{see note} {guest_first_name {staff_name");
  EXPECT_EQ(fill_reply("", "Ana", "Ivy"), "");
}

TEST(CannedReply, ValuesAreNotScannedAgain) {
  // A name that happens to look like a placeholder is inserted as it is.
  EXPECT_EQ(fill_reply("{guest_first_name} / {staff_name}", "{staff_name}", "Ivy"), "{staff_name} / Ivy");
}
