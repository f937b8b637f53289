// Attachments: a file posted to a case becomes a message carrying it.
//
// Upload: the case must be visible to the caller (404 otherwise, before any
// byte is read); an earlier upload with the same client_id by the same author
// is answered as it was; the lifecycle decides as for a message; the type is
// decided by the bytes (libmagic allow-list, the claim must agree); JPEG
// location metadata is removed; the name is sanitised; the bytes are
// encrypted into the vault and fsynced; only then the attachment row, the
// message and its events commit in one transaction. A failed commit removes
// the blob again, so no file outlives a refused upload.
//
// Download: same visibility rule; every download (and every refused one
// whose stored blob fails its integrity check) writes an audit row.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "blobs/blob_vault.hpp"
#include "blobs/file_type.hpp"
#include "services/audit.hpp"
#include "services/cases.hpp"
#include "store/attachment_store.hpp"

namespace foxo::relay::services {

constexpr std::size_t kDefaultMaxAttachmentBytes = 25u * 1024 * 1024;

struct Upload {
  std::string filename;      // as the client sent it (sanitised here)
  std::string claimed_type;  // the part's Content-Type, may be empty
  std::string client_id;     // empty: the relay makes one (no idempotency)
  std::string bytes;
};

struct Download {
  std::string name, content_type, bytes;
};

class AttachmentService {
 public:
  AttachmentService(CaseService& cases, store::AttachmentStore& store, blobs::BlobVault& vault,
                    blobs::FileTypeDetector& types, Auditor& audit, std::size_t max_bytes)
      : cases_(cases), store_(store), vault_(vault), types_(types), audit_(audit), max_bytes_(max_bytes) {}

  std::size_t max_bytes() const { return max_bytes_; }

  // Before reading an upload's body: 404 not_found unless `a` may see the case.
  std::optional<Error> precheck(const Actor& a, std::string_view case_id);
  // 201-worthy (created) or 200-worthy (an idempotent retry) message with the attachment.
  Result<PostedMessage> upload(const Actor& a, std::string_view case_id, Upload up);
  // The decrypted bytes. Errors: not_found (unknown, or not visible to `a`),
  // attachment_damaged (the stored blob failed its integrity check or is
  // missing: logged and audited, never served), unavailable (I/O error).
  Result<Download> download(const Actor& a, std::string_view attachment_id);

  // Start-up sweep of the vault (run before serving, under the data-dir
  // lock): uncommitted writes (.tmp no row names, any age) are removed; a
  // committed .tmp whose rename was lost is renamed; complete blobs older
  // than `min_age_s` that no row names (a database restored from an older
  // backup) are moved to DATA/blobs/orphaned/, still encrypted. Returns how many.
  std::size_t sweep_orphans(std::int64_t min_age_s);

 private:
  CaseService& cases_;
  store::AttachmentStore& store_;
  blobs::BlobVault& vault_;
  blobs::FileTypeDetector& types_;
  Auditor& audit_;
  std::size_t max_bytes_;
};

}  // namespace foxo::relay::services
