// Invariant checks for the fuzz harnesses: a broken one prints what and where
// and aborts, which libFuzzer reports as a crash (and saves the input) and the
// corpus replay reports as a failed test.
#pragma once
#include <cstdio>
#include <cstdlib>

#define FOXO_FUZZ_CHECK(cond)                                                               \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)
