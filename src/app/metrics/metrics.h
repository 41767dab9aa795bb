// In-process Prometheus metrics: counters, gauges and histograms, each a family declared
// once with a name, help text and label names, then updated by label values from any
// thread, and rendered as the text exposition format 0.0.4 when /metrics is scraped.
// Values that are cheaper to read than to track (open tickets per level, queue depths)
// are set by OnScrape callbacks just before rendering. Misuse (an undeclared family, the
// wrong number of label values, the wrong kind of update) is a programming error and
// throws std::invalid_argument. Thread-safe: one mutex guards all values, so an update is
// a lock and two map look-ups.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace esc::app {

class MetricsRegistry {
 public:
  enum class Type { kCounter, kGauge, kHistogram };

  // Declaring a family again with the same type, help, labels (and buckets) is a no-op, so
  // independent components may each declare what they use; a different declaration throws.
  // REQUIRES: `name` matches [a-zA-Z_:][a-zA-Z0-9_:]*; label names match
  // [a-zA-Z_][a-zA-Z0-9_]*, are distinct and do not start with "__".
  // A family without labels starts at 0, so it is scraped before its first update.
  void DeclareCounter(std::string name, std::string help, std::vector<std::string> label_names);
  void DeclareGauge(std::string name, std::string help, std::vector<std::string> label_names);
  // REQUIRES: bounds finite and strictly increasing (the +Inf bucket is implicit; a
  // trailing +Inf is accepted and ignored); no label named "le".
  void DeclareHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                        std::vector<double> bucket_upper_bounds);

  // Counter: delta >= 0. Gauge: any delta (up or down).
  void Add(std::string_view name, const std::vector<std::string>& label_values, double delta = 1);
  // Gauge only.
  void Set(std::string_view name, const std::vector<std::string>& label_values, double value);
  // Histogram only; REQUIRES: value is not NaN.
  void Observe(std::string_view name, const std::vector<std::string>& label_values, double value);

  // `refresh` runs at the start of every Render, outside the value lock, so it may call
  // Set/Add (and OnScrape). Exceptions it throws propagate out of Render.
  // REQUIRES: `refresh` does not call Render (renders are serialised: it would deadlock).
  void OnScrape(std::function<void(MetricsRegistry&)> refresh);

  // Families sorted by name, series by label values; histograms as cumulative _bucket
  // lines (le="+Inf" last), then _sum and _count.
  std::string Render();

 private:
  struct Series {
    double value = 0;                   // counter, gauge; histogram: the sum
    std::vector<std::uint64_t> counts;  // histogram: per bucket, not cumulative; last = +Inf
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    std::vector<std::string> label_names;
    std::vector<double> bounds;  // histogram only, without +Inf
    std::map<std::vector<std::string>, Series> series;
  };

  void Declare(std::string name, Type type, std::string help,
               std::vector<std::string> label_names, std::vector<double> bounds);
  // REQUIRES: mutex_ held. Throws unless `name` is declared and `label_values` has one
  // value per label name.
  Family& FamilyFor(std::string_view name, const std::vector<std::string>& label_values);
  // The series, created on first use. Call only once the update is known to be valid, so
  // that a rejected call leaves no empty series behind.
  static Series& SeriesIn(Family& family, const std::vector<std::string>& label_values);

  std::mutex render_mutex_;  // serialises Render, so refreshes never interleave
  std::mutex mutex_;         // guards everything below
  std::map<std::string, Family, std::less<>> families_;
  std::vector<std::function<void(MetricsRegistry&)>> refreshes_;
};

}  // namespace esc::app
