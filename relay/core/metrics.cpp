// The metrics registry (metrics.hpp) and its Prometheus text rendering:
// label and help escaping, families in the order they were described (their
// samples in label order), histograms with cumulative buckets, `_sum` and `_count`.
#include "core/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace foxo::relay::metrics {
namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string label_set(const Labels& labels, const std::pair<std::string, std::string>* extra = nullptr) {
  if (labels.empty() && !extra) return "";
  std::string out = "{";
  bool first = true;
  auto put = [&](const std::string& k, const std::string& v) {
    if (!first) out += ',';
    first = false;
    out += k + "=\"" + escape_label(v) + "\"";
  };
  for (const auto& [k, v] : labels) put(k, v);
  if (extra) put(extra->first, extra->second);
  return out + "}";
}

const char* type_name(Type t) {
  switch (t) {
    case Type::counter: return "counter";
    case Type::gauge: return "gauge";
    case Type::histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

std::vector<double> latency_buckets() { return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}; }

std::string render_prometheus(const std::vector<Family>& families) {
  std::string out;
  for (const auto& f : families) {
    if (!f.help.empty()) out += "# HELP " + f.name + " " + escape_help(f.help) + "\n";
    out += "# TYPE " + f.name + " " + type_name(f.type) + "\n";
    if (f.type != Type::histogram) {
      for (const auto& s : f.samples) out += f.name + label_set(s.labels) + " " + number(s.value) + "\n";
      continue;
    }
    for (const auto& h : f.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < f.bounds.size(); ++i) {
        cumulative += i < h.buckets.size() ? h.buckets[i] : 0;
        const std::pair<std::string, std::string> le{"le", number(f.bounds[i])};
        out += f.name + "_bucket" + label_set(h.labels, &le) + " " + std::to_string(cumulative) + "\n";
      }
      const std::pair<std::string, std::string> inf{"le", "+Inf"};
      out += f.name + "_bucket" + label_set(h.labels, &inf) + " " + std::to_string(h.count) + "\n";
      out += f.name + "_sum" + label_set(h.labels) + " " + number(h.sum) + "\n";
      out += f.name + "_count" + label_set(h.labels) + " " + std::to_string(h.count) + "\n";
    }
  }
  return out;
}

Family& Registry::family(std::string_view name, Type type) {
  auto it = families_.find(name);
  if (it != families_.end()) return it->second;
  Family f;
  f.name = std::string(name);
  f.type = type;
  if (type == Type::histogram) f.bounds = latency_buckets();
  order_.push_back(f.name);
  return families_.emplace(f.name, std::move(f)).first->second;
}

void Registry::describe(std::string name, std::string help, Type type, std::vector<double> bounds) {
  std::lock_guard lock(m_);
  Family& f = family(name, type);
  f.help = std::move(help);
  if (type == Type::histogram && !bounds.empty()) f.bounds = std::move(bounds);
}

void Registry::add(std::string_view name, const Labels& labels, double delta) {
  std::lock_guard lock(m_);
  Family& f = family(name, Type::counter);
  auto& idx = index_[f.name];
  const auto it = idx.find(labels);
  if (it != idx.end()) {
    f.samples[it->second].value += delta;
    return;
  }
  idx.emplace(labels, f.samples.size());
  f.samples.push_back({labels, delta});
}

void Registry::set(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(m_);
  Family& f = family(name, Type::gauge);
  auto& idx = index_[f.name];
  const auto it = idx.find(labels);
  if (it != idx.end()) {
    f.samples[it->second].value = value;
    return;
  }
  idx.emplace(labels, f.samples.size());
  f.samples.push_back({labels, value});
}

void Registry::observe(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(m_);
  Family& f = family(name, Type::histogram);
  auto& idx = index_[f.name];
  auto it = idx.find(labels);
  if (it == idx.end()) {
    it = idx.emplace(labels, f.histograms.size()).first;
    HistogramSample h;
    h.labels = labels;
    h.buckets.assign(f.bounds.size(), 0);
    f.histograms.push_back(std::move(h));
  }
  HistogramSample& h = f.histograms[it->second];
  const auto b = std::lower_bound(f.bounds.begin(), f.bounds.end(), value);  // le: value <= bound
  if (b != f.bounds.end()) ++h.buckets[static_cast<std::size_t>(b - f.bounds.begin())];
  ++h.count;
  h.sum += value;
}

std::vector<Family> Registry::snapshot() const {
  std::lock_guard lock(m_);
  std::vector<Family> out;
  for (const auto& name : order_) {
    Family f = families_.find(name)->second;
    std::sort(f.samples.begin(), f.samples.end(), [](const Sample& a, const Sample& b) { return a.labels < b.labels; });
    std::sort(f.histograms.begin(), f.histograms.end(),
              [](const HistogramSample& a, const HistogramSample& b) { return a.labels < b.labels; });
    out.push_back(std::move(f));
  }
  return out;
}

double Registry::value(std::string_view name, const Labels& labels) const {
  std::lock_guard lock(m_);
  const auto f = families_.find(name);
  if (f == families_.end()) return 0;
  const auto idx = index_.find(name);
  if (idx == index_.end()) return 0;
  const auto it = idx->second.find(labels);
  if (it == idx->second.end()) return 0;
  return f->second.type == Type::histogram ? static_cast<double>(f->second.histograms[it->second].count)
                                           : f->second.samples[it->second].value;
}

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace foxo::relay::metrics
