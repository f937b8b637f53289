// Process metrics for GET /metrics (Prometheus text exposition format 0.0.4).
// Counters and latency histograms live in one registry that every layer can
// reach (like the log); gauges that describe current state (open streams,
// queue depth, job lag) are read at scrape time by the /metrics route and
// handed to the renderer beside the registry's snapshot. Label values must be
// bounded sets (route patterns, never raw paths): each distinct set is a
// series kept for the life of the process.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace foxo::relay::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Request latency buckets, in seconds (upper bounds; +Inf is implicit).
std::vector<double> latency_buckets();

enum class Type { counter, gauge, histogram };

struct Sample {
  Labels labels;
  double value = 0;
};
struct HistogramSample {
  Labels labels;
  std::vector<std::uint64_t> buckets;  // per bound, NOT cumulative; size == bounds.size()
  std::uint64_t count = 0;             // all observations (the +Inf bucket)
  double sum = 0;
};
struct Family {
  std::string name, help;
  Type type = Type::counter;
  std::vector<Sample> samples;                // counter, gauge
  std::vector<double> bounds;                 // histogram
  std::vector<HistogramSample> histograms;    // histogram
};

// Pure: the text exposition of `families`, in the order given (samples in
// the order given). Label values are escaped (\\, \", \n).
std::string render_prometheus(const std::vector<Family>& families);

class Registry {
 public:
  // Declares a family (name, help, type); counting into an undeclared name declares it with empty help.
  void describe(std::string name, std::string help, Type type, std::vector<double> bounds = {});
  void add(std::string_view name, const Labels& labels, double delta = 1);
  void observe(std::string_view name, const Labels& labels, double value);
  // Gauges kept in the registry (e.g. a job's last run time).
  void set(std::string_view name, const Labels& labels, double value);
  // Every family declared so far, samples sorted by labels.
  std::vector<Family> snapshot() const;
  // The value of one counter series (0 if never counted): for tests and health.
  double value(std::string_view name, const Labels& labels) const;

 private:
  Family& family(std::string_view name, Type type);
  mutable std::mutex m_;
  std::vector<std::string> order_;
  std::map<std::string, Family, std::less<>> families_;
  std::map<std::string, std::map<Labels, std::size_t>, std::less<>> index_;
};

// The process's registry (relay metrics are process-wide, like its log).
Registry& registry();

}  // namespace foxo::relay::metrics
