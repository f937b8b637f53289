#include "sms/dev_outbox.hpp"

#include <iostream>
#include <utility>

namespace foxo::sms {

DevOutbox::DevOutbox(std::function<std::int64_t()> now_ms, std::ostream* out)
    : now_ms_(std::move(now_ms)), out_(out) {}

SendResult DevOutbox::send(const Sms& sms) {
  if (auto refused = check_before_send(sms)) return *refused;

  // One console line per SMS, even for a multi-line body.
  std::string one_line = sms.body;
  for (char& c : one_line) {
    if (c == '\n' || c == '\r') c = ' ';
  }

  std::lock_guard<std::mutex> lock(mu_);
  const Record rec{sms.to, sms.body, now_ms_ ? now_ms_() : 0};
  if (log_) log_->add(rec);
  else records_.push_back(rec);
  // Dev only: the full number and body are printed on purpose (this is how a
  // developer reads their code). The Twilio gateway never logs either.
  if (out_) *out_ << "[dev sms] to " << sms.to << ": " << one_line << std::endl;

  SendResult r;
  r.provider_id = "dev-" + std::to_string(log_ ? 0 : records_.size());
  r.attempts = 1;
  return r;
}

std::vector<DevOutbox::Record> DevOutbox::all() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_ ? log_->all() : records_;
}

std::size_t DevOutbox::size() const { return all().size(); }

}  // namespace foxo::sms
