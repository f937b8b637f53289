// What the client core asks the browser to do: requests, the live stream,
// localStorage, the page's file bridge, thumbnail textures. Plain data that
// update() returns (app/update.hpp) and app/effects.cpp alone performs; what
// an effect yields (an answer, a texture) comes back as an event on a later
// call of update(). Equality is for the unit tests (tests/client/).
#pragma once
#include <string>
#include <variant>

#include "app/inputs.hpp"

namespace foxo::client {

namespace effect {
// A JSON request to the relay (net::send); its answer comes back as a Response.
struct Request {
  Call call = Call::health;
  std::string method, path, body, tag;  // body empty: none
  bool operator==(const Request&) const = default;
};
// Open the live event stream at `url` (GET /api/v1/events), or close it.
struct OpenStream {
  std::string url;
  bool operator==(const OpenStream&) const = default;
};
struct CloseStream {
  bool operator==(const CloseStream&) const = default;
};
// The signed-in person's records in localStorage, sealed (AES-GCM, WebCrypto)
// under their storage key: "foxo.outbox.v2.<storage_id>" (the unacknowledged
// messages) and "foxo.drafts.v2.<storage_id>" (the composer's unsent text per
// case). Nothing of them is ever stored in clear. The page performs these in
// the order given, one after the other.
enum class Record { outbox, drafts };
// Seal `text` into the record (empty text: remove it).
struct SaveSealed {
  Record record = Record::outbox;
  std::string text, storage_id, key;
  bool operator==(const SaveSealed&) const = default;
};
// Read both records back and open them; the result comes back as an
// event::Unsealed on a later frame.
struct LoadSealed {
  std::string storage_id, key;
  bool operator==(const LoadSealed&) const = default;
};
// Remove every person's records but those of `keep` (empty: everyone's, and
// every "foxo." entry of sessionStorage too), with `legacy` also the clear
// "foxo.outbox.v1" of earlier versions.
struct ForgetStored {
  std::string keep;
  bool legacy = false;
  bool operator==(const ForgetStored&) const = default;
};
// Whether the page takes dropped files now.
struct AcceptFiles {
  bool on = false;
  bool operator==(const AcceptFiles&) const = default;
};
struct PickFiles {
  bool camera = false;
  bool operator==(const PickFiles&) const = default;
};
// Send the page's file `number` (multipart, with progress).
struct Upload {
  int number = 0;
  std::string url, client_id;
  bool operator==(const Upload&) const = default;
};
struct CancelUpload {
  int number = 0;
  bool operator==(const CancelUpload&) const = default;
};
// The page may let go of file `number`.
struct ForgetFile {
  int number = 0;
  bool operator==(const ForgetFile&) const = default;
};
// Decode the image at `url` into a thumbnail of at most 14 x 10 font sizes
// (the size in canvas pixels is the edge's: it knows the font size).
struct LoadThumbnail {
  int handle = 0;
  std::string url;
  bool operator==(const LoadThumbnail&) const = default;
};
// Turn the decoded pixels of thumbnail `handle` into a texture; the result
// comes back as a TextureMade event for `attachment_id`.
struct MakeTexture {
  int handle = 0;
  std::string attachment_id;
  int w = 0, h = 0;
  bool operator==(const MakeTexture&) const = default;
};
struct Download {
  std::string url, name;
  bool operator==(const Download&) const = default;
};
// Staff alerts (app/update_alerts.cpp, platform/alerts.cpp).
// A short tone made with Web Audio (no audio file).
struct PlaySound {
  bool operator==(const PlaySound&) const = default;
};
// A desktop notification: a title only, never a message's text (health data,
// possibly on a shared screen). `tag`: a later one for the same case replaces it.
struct Notify {
  std::string title, tag;
  bool operator==(const Notify&) const = default;
};
// Notification.requestPermission(); the answer comes back as event::AlertPermission.
struct AskNotifyPermission {
  bool operator==(const AskNotifyPermission&) const = default;
};
// Remember the switches in localStorage ("foxo.alerts.v1"; no personal data).
struct SaveAlertSettings {
  bool sound = true, desktop = false;
  bool operator==(const SaveAlertSettings&) const = default;
};
}  // namespace effect

using Effect = std::variant<effect::Request, effect::OpenStream, effect::CloseStream, effect::SaveSealed,
                            effect::LoadSealed, effect::ForgetStored, effect::AcceptFiles, effect::PickFiles, effect::Upload, effect::CancelUpload,
                            effect::ForgetFile, effect::LoadThumbnail, effect::MakeTexture, effect::Download,
                            effect::PlaySound, effect::Notify, effect::AskNotifyPermission,
                            effect::SaveAlertSettings>;

}  // namespace foxo::client
