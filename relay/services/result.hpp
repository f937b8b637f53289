// What a service call returns: its value, or the contract's error (foxo/errors.hpp)
// for the route to send. Errors are values here, as at every I/O edge of the relay.
#pragma once
#include <optional>
#include <utility>

#include "foxo/errors.hpp"

namespace foxo::relay::services {

template <class T>
struct Result {
  std::optional<T> value;
  Error error{ErrorCode::internal, "", ""};
  bool ok() const { return value.has_value(); }
  static Result of(T v) {
    Result r;
    r.value = std::move(v);
    return r;
  }
  static Result fail(Error e) {
    Result r;
    r.error = std::move(e);
    return r;
  }
};

}  // namespace foxo::relay::services
