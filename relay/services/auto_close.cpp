// The auto-close job (auto_close.hpp): finds the due close requests in the store
// and closes each through CaseService::auto_close, which decides again inside
// its transaction, so a guest action since the job looked wins.
#include "services/auto_close.hpp"

#include "foxo/case_lifecycle.hpp"

namespace foxo::relay::services {

int AutoCloseService::run(TimeMs now) {
  constexpr std::size_t kBatch = 500;
  int closed = 0;
  for (;;) {
    const auto due = store_.close_requested_before(now - kAutoCloseAfter, kBatch);
    int this_batch = 0;
    for (const auto& id : due)
      if (cases_.auto_close(id, now)) ++this_batch;
    closed += this_batch;
    // A full batch that closed something: there may be more. (Cases a guest
    // acted on meanwhile are no longer close_requested and drop out.)
    if (due.size() < kBatch || this_batch == 0) break;
  }
  return closed;
}

}  // namespace foxo::relay::services
