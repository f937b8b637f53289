// Retention (issue 10): each organisation may set a period in days
// (`foxo-relay admin set-retention`; default none = keep forever). A scheduler
// job deletes every closed case older than its organisation's period, with its
// messages, attachments (the encrypted files too), notification rows, resume
// links and OTP challenges, and writes one audit entry per deleted case
// (`case.retention_delete`, actor `system`, object `case:<id>`: no personal data).
#pragma once
#include "blobs/blob_vault.hpp"
#include "core/clock.hpp"
#include "services/audit.hpp"
#include "store/retention_store.hpp"

namespace foxo::relay::services {

class RetentionService {
 public:
  RetentionService(store::RetentionStore& store, blobs::BlobVault& vault, Auditor& audit)
      : store_(store), vault_(vault), audit_(audit) {}
  // Scheduler job: deletes every case due at `now`; returns how many.
  int run(TimeMs now);

 private:
  store::RetentionStore& store_;
  blobs::BlobVault& vault_;
  Auditor& audit_;
};

}  // namespace foxo::relay::services
