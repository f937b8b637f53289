// Attachment uploads and downloads (contract and order of checks: attachments.hpp):
// the bytes are checked, cleaned and stored in the vault before the message
// that carries them commits through CaseService, and removed again when it does not.
#include "services/attachments.hpp"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <set>
#include <vector>

#include "blobs/jpeg_metadata.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "foxo/filenames.hpp"

namespace foxo::relay::services {
namespace {

Error not_found() { return Error{ErrorCode::not_found, "Not found", ""}; }

}  // namespace

std::optional<Error> AttachmentService::precheck(const Actor& a, std::string_view case_id) {
  if (!cases_.can_see(a, case_id)) return not_found();
  return std::nullopt;
}

Result<PostedMessage> AttachmentService::upload(const Actor& a, std::string_view case_id, Upload up) {
  using R = Result<PostedMessage>;
  // A retry of an upload already stored is answered before anything is checked or written.
  const auto check = cases_.check_post(a, case_id, up.client_id);
  if (check.existing) return R::of(PostedMessage{*check.existing, false});
  if (check.error) return R::fail(*check.error);

  if (up.bytes.size() > max_bytes_)
    return R::fail(Error{ErrorCode::too_large,
                         "The file is larger than " + std::to_string(max_bytes_ / (1024 * 1024)) + " MB", "file"});
  if (up.bytes.empty()) return R::fail(Error{ErrorCode::invalid_field, "The file is empty", "file"});

  const auto verdict = types_.check(up.bytes, up.claimed_type);
  if (!verdict.allowed) {
    log::info("attachment.refused", {{"case_id", case_id}, {"detected", verdict.content_type}});
    return R::fail(Error{ErrorCode::unsupported_type, verdict.reason, "file"});
  }
  if (verdict.content_type == "image/jpeg") {
    const auto stripped = blobs::strip_jpeg_location(up.bytes);
    // A JPEG whose structure cannot be followed might keep its location: not stored.
    if (!stripped.is_jpeg)
      return R::fail(Error{ErrorCode::unsupported_type,
                           "This photo could not be checked for location data, so it was not sent. Take the photo "
                           "again or send it as a PDF.",
                           "file"});
  }

  store::NewAttachment att;
  att.id = new_id();
  att.name = sanitise_filename(up.filename);
  att.content_type = verdict.content_type;
  att.size = static_cast<std::int64_t>(up.bytes.size());
  att.sha256 = sha256_hex(up.bytes);  // listed in PDF transcripts
  blobs::BlobError err = blobs::BlobError::none;
  const auto path = vault_.put(att.id, up.bytes, &err);
  if (!path) {
    log::error("attachment.store_failed", {{"case_id", case_id}, {"error", blobs::to_string(err)}});
    return R::fail(Error{ErrorCode::unavailable, "The file could not be stored. Please try again.", ""});
  }
  att.blob_path = *path;
  up.bytes.clear();
  up.bytes.shrink_to_fit();

  PostMessageRequest req{up.client_id.empty() ? "att-" + new_id() : up.client_id, ""};
  R r;
  try {
    r = cases_.post_message(a, case_id, req, &att);
  } catch (...) {
    vault_.remove(att.blob_path);  // the transaction rolled back: no orphan
    throw;
  }
  // Refused inside the transaction (the case changed meanwhile) or a concurrent
  // retry stored the first copy: this blob is not referenced.
  if (!r.ok() || !r.value->created) {
    vault_.remove(att.blob_path);
    return r;
  }
  // Committed: give the blob its final name. If this fails (or the process
  // dies first) downloads still read the .tmp and the start-up sweep renames it.
  if (!vault_.publish(att.blob_path))
    log::warn("attachment.publish_failed", {{"case_id", case_id}, {"blob", att.blob_path}});
  audit_.record(a.viewer.org_id, a.audit_id(), "attachment.upload", "attachment:" + att.id, case_id);
  return r;
}

Result<Download> AttachmentService::download(const Actor& a, std::string_view attachment_id) {
  using R = Result<Download>;
  if (attachment_id.empty() || attachment_id.size() > 64) return R::fail(not_found());
  const auto rec = store_.find(attachment_id);
  if (!rec || !cases_.can_see(a, rec->case_id)) return R::fail(not_found());
  Download out;
  const auto e = vault_.get(rec->blob_path, rec->id, out.bytes);
  if (e == blobs::BlobError::tampered || e == blobs::BlobError::not_found) {
    // Integrity failure on our side: never serve it, report it.
    log::error("attachment.integrity", {{"attachment_id", rec->id},
                                        {"case_id", rec->case_id},
                                        {"blob", rec->blob_path},
                                        {"problem", e == blobs::BlobError::tampered ? "tag mismatch" : "missing"}});
    audit_.record(a.viewer.org_id, a.audit_id(),
                  e == blobs::BlobError::tampered ? "attachment.tampered" : "attachment.missing",
                  "attachment:" + rec->id, rec->case_id);
    return R::fail(Error{ErrorCode::attachment_damaged,
                         "This file failed its integrity check and cannot be shown. The problem has been reported; "
                         "ask the sender to send it again.",
                         ""});
  }
  if (e != blobs::BlobError::none) {
    log::error("attachment.read_failed", {{"attachment_id", rec->id}, {"error", blobs::to_string(e)}});
    return R::fail(Error{ErrorCode::unavailable, "The file cannot be read right now. Please try again.", ""});
  }
  audit_.record(a.viewer.org_id, a.audit_id(), "attachment.download", "attachment:" + rec->id, rec->case_id);
  out.name = rec->name;
  out.content_type = rec->content_type;
  return R::of(std::move(out));
}

std::size_t AttachmentService::sweep_orphans(std::int64_t min_age_s) {
  namespace fs = std::filesystem;
  const auto referenced = store_.blob_paths();
  const std::set<std::string> keep(referenced.begin(), referenced.end());
  std::size_t removed = 0, moved = 0, published = 0;
  std::error_code ec;
  const std::time_t now = std::time(nullptr);
  const fs::path dir(vault_.dir());
  const fs::path quarantine = dir / "orphaned";
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) entries.push_back(entry.path());
  for (const auto& path : entries) {
    const std::string name = path.filename().string();
    const bool blob = name.size() > 5 && name.compare(name.size() - 5, 5, ".blob") == 0;
    const bool tmp = name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0;
    if (tmp) {
      // Why deleting at any age is safe: this runs at start, before the
      // server accepts, and the relay holds DATA/relay.lock, so no upload is
      // in flight. A .tmp whose final name a row holds was fsynced before
      // that row committed (BlobVault::put): the commit happened and only the
      // rename was lost, so finish it. Any other .tmp was never acknowledged.
      const std::string final_name = name.substr(0, name.size() - 4);
      if (keep.count(final_name) && !fs::exists(dir / final_name, ec) && vault_.publish(final_name)) ++published;
      else if (fs::remove(path, ec)) ++removed;
      continue;
    }
    if (!blob || keep.count(name)) continue;
    // A complete blob no row names: a database restored from an older backup
    // (or a crash under an older relay, which renamed before committing).
    // Set aside (still encrypted), not deleted; young ones are left alone.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || now - st.st_mtime < min_age_s) continue;
    fs::create_directories(quarantine, ec);
    fs::rename(path, quarantine / name, ec);
    if (!ec) ++moved;
  }
  if (removed || moved || published)
    log::warn("attachment.orphans", {{"uncommitted_removed", removed},
                                     {"committed_renamed", published},
                                     {"unreferenced_set_aside", moved},
                                     {"dir", quarantine.string()}});
  return removed + moved + published;
}

}  // namespace foxo::relay::services
