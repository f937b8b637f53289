// fill_reply (canned_reply.hpp).
#include "foxo/canned_reply.hpp"

namespace foxo {

std::string fill_reply(std::string_view body, std::string_view guest_first_name, std::string_view staff_name) {
  static constexpr std::string_view kGuest = "{guest_first_name}";
  static constexpr std::string_view kStaff = "{staff_name}";
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size();) {
    if (body.substr(i, kGuest.size()) == kGuest) {
      out += guest_first_name;
      i += kGuest.size();
    } else if (body.substr(i, kStaff.size()) == kStaff) {
      out += staff_name;
      i += kStaff.size();
    } else {
      out += body[i++];
    }
  }
  return out;
}

}  // namespace foxo
