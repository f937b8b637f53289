// Attachments: the rows describing stored files. The row itself is written by
// CaseStore::update_case (CaseUpdate::attachments), in the same transaction as
// the message carrying it and its events row; this interface reads them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foxo/time.hpp"

namespace foxo::relay::store {

struct AttachmentRecord {
  std::string id, case_id;
  std::string name;          // sanitised, as shown and downloaded
  std::string content_type;  // decided from the bytes
  std::int64_t size = 0;     // bytes stored (after metadata stripping), before encryption
  std::string blob_path;     // the vault's relay-made file name
  TimeMs created_at = 0;
  std::optional<std::string> sha256;  // hex; none for files stored before it was kept
};

class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  virtual std::optional<AttachmentRecord> find(std::string_view id) = 0;
  // Every blob path a row refers to (the start-up sweep removes files no row names).
  virtual std::vector<std::string> blob_paths() = 0;
};

}  // namespace foxo::relay::store
