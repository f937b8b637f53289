// The 7-day auto-close (docs/API.md "Closing"): a scheduler job that finds, in the
// store, every case still `close_requested` whose request is 7 days old, and
// closes it through CaseService::auto_close (closed by `system`, a system
// message, a `case` event). Found from the store on every run, so work that
// fell due while the relay was down is done at the first run after a start,
// and the conditional close (still close_requested, still due) makes a second
// run a no-op.
#pragma once
#include "services/cases.hpp"
#include "store/notify_store.hpp"

namespace foxo::relay::services {

class AutoCloseService {
 public:
  AutoCloseService(store::NotifyStore& store, CaseService& cases) : store_(store), cases_(cases) {}
  // Scheduler job: closes every case due at `now`; returns how many it closed.
  int run(TimeMs now);

 private:
  store::NotifyStore& store_;
  CaseService& cases_;
};

}  // namespace foxo::relay::services
