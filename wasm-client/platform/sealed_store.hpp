// The signed-in person's records in localStorage, sealed with AES-256-GCM
// through WebCrypto (crypto.subtle) under the key the relay handed their
// session (docs/API.md "Browser storage key"). The one place that touches
// those records. WebCrypto is asynchronous: every operation is queued on the
// page and performed in the order asked (a save never overtakes an earlier
// one, a removal never races a save); what a load opens is queued for the
// frame loop (take_opened), like network answers.
//
// A record is "g1." + base64(nonce (12) | ciphertext | tag (16)), its
// localStorage key as associated data, so a record copied under another
// name does not open. Without WebCrypto (a page not served over HTTPS or
// from localhost) nothing is stored: saves remove the record, loads fail.
#pragma once
#include <string>
#include <vector>

namespace foxo::platform::sealed {

// Seals `text` into localStorage[name] (empty text: removes it).
void save(const std::string& name, const std::string& key, const std::string& text);
// Opens localStorage[outbox_name] and [drafts_name]; the result comes back through take_opened().
void load(const std::string& storage_id, const std::string& key, const std::string& outbox_name,
          const std::string& drafts_name);
// Removes every localStorage entry starting with one of the prefixes unless
// it is prefix + keep (keep empty: all of them), `legacy_name` when not
// empty, and (keep empty) every sessionStorage entry starting with "foxo.".
void forget(const std::string& prefix_a, const std::string& prefix_b, const std::string& keep,
            const std::string& legacy_name);

struct Opened {
  std::string storage_id;
  bool ok = false;
  std::string outbox, drafts;
};
// What loads opened since the last call, in order.
std::vector<Opened> take_opened();

}  // namespace foxo::platform::sealed
