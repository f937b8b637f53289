// The harness itself: a test process that dies takes its relay with it, so
// ctest (which reads the test's stdout/stderr pipe until EOF) is never left
// waiting on an orphaned relay that inherited that pipe.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "relay_process.hpp"

using foxo::test::RelayProcess;

TEST(Harness, AnAbortedTestProcessTakesItsRelayWithIt) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t test = ::fork();
  ASSERT_GE(test, 0);
  if (test == 0) {
    // Stands in for a test binary under ctest: its stdout and stderr are a
    // pipe the "ctest" side reads; it starts a relay, reports its port, aborts.
    ::close(fds[0]);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::close(fds[1]);
    RelayProcess relay;
    std::printf("relay on port %d\n", relay.port());
    std::fflush(stdout);
    std::abort();
  }
  ::close(fds[1]);
  // Read to EOF as ctest does. Without the harness's parent-death signal the
  // relay would keep the pipe's write end open and this read would block
  // until ctest's timeout.
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      FAIL() << "read failed";
    }
    output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(test, &status, 0), test);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) << output;
  // The relay had started (it held the pipe as its stderr): EOF means it is gone.
  EXPECT_NE(output.find("relay on port "), std::string::npos) << output;
}
