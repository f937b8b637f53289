// Dev outbox: the gateway used with `foxo-relay --dev`. Sends nothing; keeps
// every SMS in memory (served by GET /api/v1/dev/sms) and prints it to the
// console so a newcomer sees their code in the terminal. It makes the same
// checks as the real gateway (E.164 recipient, at most 1600 characters), so a
// too-long SMS fails in dev exactly as it would with Twilio.
#pragma once

#include <cstdint>
#include <functional>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sms/gateway.hpp"

namespace foxo::sms {

class DevOutbox final : public Gateway {
 public:
  struct Record {
    std::string to;
    std::string body;
    std::int64_t sent_at_ms = 0;  // from the injected clock (Unix ms)
  };

  // Where records are kept when several relays share them (the PostgreSQL
  // backend); without one they stay in this process's memory.
  class Log {
   public:
    virtual ~Log() = default;
    virtual void add(const Record& r) = 0;
    virtual std::vector<Record> all() = 0;
  };

  // now_ms: the relay's (dev) clock. out: where each SMS is printed, one line
  // each, flushed; nullptr prints nothing.
  explicit DevOutbox(std::function<std::int64_t()> now_ms, std::ostream* out = &std::cout);
  // Keeps records in `log` from now on (not owned; outlives this outbox).
  void set_log(Log* log) { log_ = log; }

  SendResult send(const Sms& sms) override;
  std::string_view name() const override { return "dev-outbox"; }

  // Every SMS sent so far, oldest first.
  std::vector<Record> all() const;
  std::size_t size() const;

 private:
  std::function<std::int64_t()> now_ms_;
  std::ostream* out_;
  mutable std::mutex mu_;
  std::vector<Record> records_;
  Log* log_ = nullptr;
};

}  // namespace foxo::sms
