// PDF transcripts of a case (issue 22; docs/API.md "Transcripts"): who may
// export which copy, the model assembled from the stores, the audit row. The
// PDF itself is made by transcripts/transcript_pdf.hpp.
//
// A staff member who may see the case gets the staff copy (internal notes
// marked "Internal note"); the case's guest gets the guest copy (no notes).
// Anyone else: 404, as for every route under a case. Each export writes the
// audit row `case.export` with object `transcript:CASE_ID:staff|guest`.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "blobs/blob_vault.hpp"
#include "core/clock.hpp"
#include "services/actor.hpp"
#include "services/audit.hpp"
#include "services/cases.hpp"
#include "services/result.hpp"
#include "store/attachment_store.hpp"
#include "store/case_store.hpp"
#include "store/directory_store.hpp"
#include "transcripts/transcript_pdf.hpp"

namespace foxo::relay::services {

struct TranscriptFile {
  std::string filename;  // shown in Content-Disposition
  std::string pdf;
};

// The model of `c` with `messages` as `copy` shows them (pure: a guest's copy
// never holds an internal message, whatever the renderer would do with it).
// `sha256_of` gives an attachment's hash ("" when it cannot be had).
transcripts::Transcript assemble_transcript(const store::CaseRecord& c, const std::vector<store::MessageRecord>& messages,
                                            const store::Organisation& org, transcripts::Copy copy,
                                            TimeMs exported_at, std::string_view exported_by,
                                            const std::function<std::string(const store::AttachmentInfo&)>& sha256_of);

class TranscriptService {
 public:
  TranscriptService(CaseService& cases, store::CaseStore& case_store, store::DirectoryStore& dir,
                    store::AttachmentStore& attachments, blobs::BlobVault& vault, Auditor& audit, const Clock& clock)
      : cases_(cases), case_store_(case_store), dir_(dir), attachments_(attachments), vault_(vault), audit_(audit),
        clock_(clock) {}

  // The caller's copy of the case as a PDF; not_found unless `a` may see it.
  Result<TranscriptFile> export_pdf(const Actor& a, std::string_view case_id);

 private:
  std::string sha256_of(const store::AttachmentInfo& a);

  CaseService& cases_;
  store::CaseStore& case_store_;
  store::DirectoryStore& dir_;
  store::AttachmentStore& attachments_;
  blobs::BlobVault& vault_;
  Auditor& audit_;
  const Clock& clock_;
};

}  // namespace foxo::relay::services
