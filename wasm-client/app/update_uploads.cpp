// Files in a case: picked, photographed or dropped on the page
// (www/foxo-files.js holds the bytes under a number), checked against what
// the relay would refuse, sent with progress, refused with the reason and,
// where sending again could help, Retry; thumbnails of the open case's
// images; downloads.
#include <algorithm>
#include <cmath>

#include "app/decode.hpp"
#include "app/update_parts.hpp"
#include "app/views.hpp"

namespace foxo::client::core {

namespace {

std::string megabytes(double bytes) { return std::to_string(static_cast<long long>(std::lround(bytes / 1048576.0))); }

// Image types the browser decodes for a thumbnail (HEIC mostly not: shown as a file).
bool thumbnail_type(const std::string& type) {
  return type == "image/jpeg" || type == "image/png" || type == "image/webp" || type == "image/gif";
}

void start_upload(Ctx& c, Upload& u) {
  u.problem.clear();
  u.retryable = false;
  u.sent = 0;
  u.in_flight = true;
  c.fx.push_back(effect::Upload{u.number, case_path(u.case_id) + "/attachments", u.client_id});
}

void file_chosen(Ctx& c, const FileEvent& e) {
  Model& m = c.m();
  if (!can_write(m)) {  // the chat closed or the user left it meanwhile
    c.fx.push_back(effect::ForgetFile{e.number});
    return;
  }
  assert(!c.env.fresh_id.empty() && "needs_fresh_id() asks the edge for an id for every chosen file");
  Upload u;
  u.number = e.number;
  u.case_id = m.open_case.id;
  u.client_id = "f" + c.env.fresh_id;
  u.name = e.name.empty() ? "file" : e.name;
  u.size = e.size;
  // Refused here what the relay would refuse anyway, without sending it.
  if (e.size <= 0) u.problem = "Not sent: the file is empty.";
  else if (e.size > m.max_upload_bytes) u.problem = "Not sent: too large (limit " + megabytes(m.max_upload_bytes) + " MB).";
  m.uploads.push_back(u);
  if (u.problem.empty()) start_upload(c, m.uploads.back());
}

void upload_done(Ctx& c, const FileEvent& e) {
  Model& m = c.m();
  auto it = std::find_if(m.uploads.begin(), m.uploads.end(), [&](const Upload& u) { return u.number == e.number; });
  if (it == m.uploads.end() || e.aborted) return;  // cancelled: already gone
  it->in_flight = false;
  if (e.status >= 200 && e.status < 300) {
    const std::string case_id = it->case_id;
    c.fx.push_back(effect::ForgetFile{it->number});
    m.uploads.erase(it);
    if (auto msg = decode::shown_message(decode::parse(e.body), c.env.locale)) add_message(c, case_id, *msg);
    return;
  }
  const Response r{Call::case_message, 0, {}, e.status, e.body, {}};
  const decode::ErrorReply reply = decode::error_reply(e.body);
  if (e.status == 413) {
    if (reply.max_bytes > 0) m.max_upload_bytes = reply.max_bytes;
    it->problem = "Not sent: too large (limit " + megabytes(m.max_upload_bytes) + " MB).";
  } else if (e.status == 415) {
    it->problem = "Not sent: this type of file can't be sent (photos, PDF, Word, Excel, text).";
  } else if (reply.code == "case_closed") {
    it->problem = "Not sent: this chat is closed.";
  } else if (e.status == 0) {
    it->problem = "Not sent: no connection. Check your network, then Retry.";
    it->retryable = true;
  } else if (e.status == 401) {
    it->problem = "Not sent: sign in again, then Retry.";
    it->retryable = true;
    navigate(c, nav::SignedOut{});
  } else if (e.status == -1) {
    it->problem = "Not sent: the file is no longer available. Choose it again.";
  } else {
    it->problem = "Not sent: " + error_of(r, "the service refused it.").message;
    it->retryable = e.status >= 500 || e.status == 429 || e.status == 408;
  }
}

void thumbnail_decoded(Ctx& c, const FileEvent& e) {
  Books& b = c.books();
  auto h = b.thumb_handles.find(e.handle);
  if (h == b.thumb_handles.end()) return;
  const std::string attachment_id = h->second;
  b.thumb_handles.erase(h);
  c.m().thumbnails[attachment_id].state = Thumbnail::State::failed;  // until a texture is made
  if (e.w > 0 && e.h > 0) c.fx.push_back(effect::MakeTexture{e.handle, attachment_id, e.w, e.h});
}

}  // namespace

void file_event(Ctx& c, const FileEvent& e) {
  Model& m = c.m();
  switch (e.kind) {
    case FileEvent::Kind::drag:
      m.drag_over = e.over && c.books().accepting_files;
      break;
    case FileEvent::Kind::file:
      file_chosen(c, e);
      break;
    case FileEvent::Kind::progress:
      for (auto& u : m.uploads)
        if (u.number == e.number) {
          u.sent = e.sent;
          break;
        }
      break;
    case FileEvent::Kind::done:
      upload_done(c, e);
      break;
    case FileEvent::Kind::thumb:
      thumbnail_decoded(c, e);
      break;
  }
}

void texture_made(Ctx& c, const event::TextureMade& t) {
  if (t.texture == 0) return;  // stays failed: shown as a file
  c.m().thumbnails[t.attachment_id] = Thumbnail{Thumbnail::State::ready, t.texture, t.w, t.h};
}

void uploads_intent(Ctx& c, const Intent& intent) {
  Model& m = c.m();
  if (const auto* p = std::get_if<intent::PickFiles>(&intent)) {
    if (can_write(m)) c.fx.push_back(effect::PickFiles{p->camera});
  } else if (const auto* cancel = std::get_if<intent::CancelUpload>(&intent)) {
    auto it = std::find_if(m.uploads.begin(), m.uploads.end(),
                           [&](const Upload& u) { return u.number == cancel->number; });
    if (it == m.uploads.end()) return;
    if (it->in_flight) c.fx.push_back(effect::CancelUpload{it->number});
    c.fx.push_back(effect::ForgetFile{it->number});
    m.uploads.erase(it);
  } else if (const auto* retry = std::get_if<intent::RetryUpload>(&intent)) {
    for (auto& u : m.uploads)
      if (u.number == retry->number && !u.in_flight && u.retryable) start_upload(c, u);
  } else if (const auto* d = std::get_if<intent::Download>(&intent)) {
    if (!d->attachment_id.empty()) c.fx.push_back(effect::Download{attachment_path(d->attachment_id), d->name});
  }
}

void uploads_after_frame(Ctx& c) {
  Model& m = c.m();
  Books& b = c.books();
  // Files may be dropped on the page only where they can be sent.
  const bool accept = can_write(m);
  if (accept != b.accepting_files) {
    b.accepting_files = accept;
    c.fx.push_back(effect::AcceptFiles{accept});
    if (!accept) m.drag_over = false;
  }
  // Thumbnails of the open case's images, a few at a time, never twice.
  int loading = 0;
  for (const auto& [id, t] : m.thumbnails) loading += t.state == Thumbnail::State::loading;
  for (const auto& [seq, msg] : m.open_case.messages) {
    if (loading >= 3) break;
    if (!msg.attachment || !thumbnail_type(msg.attachment->content_type) || m.thumbnails.count(msg.attachment->id))
      continue;
    const int handle = b.next_thumb_handle++;
    b.thumb_handles[handle] = msg.attachment->id;
    m.thumbnails[msg.attachment->id] = Thumbnail{};
    c.fx.push_back(effect::LoadThumbnail{handle, attachment_path(msg.attachment->id)});
    ++loading;
  }
}

}  // namespace foxo::client::core
