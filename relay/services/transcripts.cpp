// TranscriptService (transcripts.hpp).
#include "services/transcripts.hpp"

#include <map>
#include <stdexcept>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "services/case_wire.hpp"
#include "transcripts/local_time.hpp"

namespace foxo::relay::services {
namespace {

constexpr std::size_t kAllMessages = static_cast<std::size_t>(1) << 40;

}  // namespace

transcripts::Transcript assemble_transcript(const store::CaseRecord& c, const std::vector<store::MessageRecord>& messages,
                                            const store::Organisation& org, transcripts::Copy copy,
                                            TimeMs exported_at, std::string_view exported_by,
                                            const std::function<std::string(const store::AttachmentInfo&)>& sha256_of) {
  transcripts::Transcript t;
  t.copy = copy;
  t.case_id = c.id;
  t.organisation = org.name;
  t.team = c.team_name;
  t.subject = c.subject;
  t.status = c.status;
  t.guest_name = c.guest_first_name + " " + c.guest_last_name;
  t.guest_phone = c.guest_phone;
  // The schema's labels in its order; a key the schema no longer has keeps its key as label.
  std::map<std::string, std::string> rest = c.identifiers;
  for (const auto& f : org.identifiers)
    if (const auto it = rest.find(f.key); it != rest.end()) {
      t.identifiers.emplace_back(f.label.empty() ? f.key : f.label, it->second);
      rest.erase(it);
    }
  for (const auto& [key, value] : rest) t.identifiers.emplace_back(key, value);
  // A name the system's zoneinfo does not know prints as UTC, in which the times then are.
  t.time_zone = transcripts::known_time_zone(org.time_zone) ? org.time_zone : "UTC";
  t.opened_at = c.created_at;
  t.closed_at = c.closed_at;
  t.exported_at = exported_at;
  t.exported_by = std::string(exported_by);
  for (const auto& m : messages) {
    // The wire form decides what an internal note is, as for every other view.
    const bool internal = message_wire(m).internal;
    if (internal && copy != transcripts::Copy::staff) continue;
    transcripts::TranscriptMessage tm{m.seq, m.author_kind, m.author_name, m.body, m.created_at, internal, std::nullopt};
    if (m.attachment)
      tm.attachment = transcripts::TranscriptAttachment{m.attachment->name, m.attachment->size, sha256_of(*m.attachment)};
    t.messages.push_back(std::move(tm));
  }
  return t;
}

std::string TranscriptService::sha256_of(const store::AttachmentInfo& a) {
  const auto row = attachments_.find(a.id);
  if (!row) return "";
  if (row->sha256 && !row->sha256->empty()) return *row->sha256;
  // Uploaded before hashes were kept: hash the stored bytes (decrypted, so
  // the sum is of the file as downloaded). A damaged blob has no sum to show.
  std::string plain;
  const auto err = vault_.get(row->blob_path, row->id, plain);
  if (err != blobs::BlobError::none) {
    log::warn("transcript.attachment_unreadable", {{"attachment_id", row->id}, {"error", blobs::to_string(err)}});
    return "";
  }
  return sha256_hex(plain);
}

Result<TranscriptFile> TranscriptService::export_pdf(const Actor& a, std::string_view case_id) {
  using R = Result<TranscriptFile>;
  const Error not_found{ErrorCode::not_found, "Not found", ""};
  if (!cases_.can_see(a, case_id)) return R::fail(not_found);
  const auto c = case_store_.find_case(case_id);
  const auto org = c ? dir_.org_by_id(c->org_id) : std::nullopt;
  if (!c || !org) return R::fail(not_found);
  const auto copy = a.viewer.side == Side::staff ? transcripts::Copy::staff : transcripts::Copy::guest;
  const auto t = assemble_transcript(*c, case_store_.messages(c->id, 0, kAllMessages), *org, copy, clock_.now(),
                                     a.name, [this](const store::AttachmentInfo& at) { return sha256_of(at); });
  TranscriptFile f{transcripts::transcript_filename(t), ""};
  try {
    f.pdf = transcripts::render_transcript_pdf(t);
  } catch (const std::exception& e) {  // cairo could not write it (memory): nothing half-made goes out
    log::error("transcript.render_failed", {{"case_id", c->id}, {"error", e.what()}});
    return R::fail(Error{ErrorCode::unavailable, "The transcript could not be made. Please try again.", ""});
  }
  audit_.record(c->org_id, a.audit_id(), "case.export",
                "transcript:" + c->id + ":" + transcripts::to_string(copy), c->id);
  return R::of(std::move(f));
}

}  // namespace foxo::relay::services
