// Which relay holds a live event stream of which guest, for the
// unseen-activity SMS ("none while the guest has an open stream") when
// several relays share one database: a guest's stream may be held by another
// relay than the one deciding.
//
// Each relay keeps leases for the guests whose streams it holds: taken when a
// stream opens, given back when the guest's last stream on that relay ends,
// and renewed on every scheduler run (which also heals a lease lost in a race
// between a stream closing and another opening). A lease runs out on the
// database server's clock, so a relay that dies without giving its leases
// back stops counting after kPresenceLeaseSeconds, and the relays' own
// (possibly simulated) clocks play no part.
//
// SQLite has no implementation: one relay per data dir, whose hub sees every
// stream.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace foxo::relay::store {

// Three scheduler ticks (30 s): a live relay always renews in time.
constexpr int kPresenceLeaseSeconds = 90;

class PresenceStore {
 public:
  virtual ~PresenceStore() = default;
  // Relay `relay_id` holds a stream of the guest.
  virtual void hold(std::string_view relay_id, std::string_view guest_id) = 0;
  // ... and no longer does.
  virtual void release(std::string_view relay_id, std::string_view guest_id) = 0;
  // The relay holds streams of exactly these guests: renews their leases and
  // gives back every other lease of this relay.
  virtual void renew(std::string_view relay_id, const std::vector<std::string>& guest_ids) = 0;
  // A relay other than `relay_id` holds an unexpired lease for the guest.
  virtual bool held_elsewhere(std::string_view relay_id, std::string_view guest_id) = 0;
};

}  // namespace foxo::relay::store
