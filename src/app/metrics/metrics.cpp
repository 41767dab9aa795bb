#include "app/metrics/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace esc::app {
namespace {

using Type = MetricsRegistry::Type;

bool IsNameChar(char c, bool first, bool allow_colon) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  const bool digit = c >= '0' && c <= '9';
  return letter || (allow_colon && c == ':') || (!first && digit);
}

bool IsValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, allow_colon)) {
      return false;
    }
  }
  return true;
}

[[noreturn]] void Misuse(std::string message) { throw std::invalid_argument(std::move(message)); }

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kCounter: return "counter";
    case Type::kGauge: return "gauge";
    case Type::kHistogram: return "histogram";
  }
  return "untyped";
}

// Prometheus spells the non-finite values its own way; otherwise the shortest text that
// reads back as the same double.
std::string FormatValue(double v) {
  if (std::isnan(v)) {
    return "NaN";
  }
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  return fmt::format("{}", v);
}

void AppendEscaped(std::string& out, std::string_view text, bool escape_quotes) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// {a="x",b="y"} plus an optional le label; nothing at all when there are no labels.
void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, const std::string* le = nullptr) {
  if (names.empty() && le == nullptr) {
    return;
  }
  out += '{';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += names[i];
    out += "=\"";
    AppendEscaped(out, values[i], true);
    out += '"';
  }
  if (le != nullptr) {
    out += names.empty() ? "le=\"" : ",le=\"";
    out += *le;
    out += '"';
  }
  out += '}';
}

void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  const std::vector<std::string>& names, const std::vector<std::string>& values,
                  std::string_view value, const std::string* le = nullptr) {
  out += name;
  out += suffix;
  AppendLabels(out, names, values, le);
  out += ' ';
  out += value;
  out += '\n';
}

}  // namespace

void MetricsRegistry::DeclareCounter(std::string name, std::string help,
                                     std::vector<std::string> label_names) {
  Declare(std::move(name), Type::kCounter, std::move(help), std::move(label_names), {});
}

void MetricsRegistry::DeclareGauge(std::string name, std::string help,
                                   std::vector<std::string> label_names) {
  Declare(std::move(name), Type::kGauge, std::move(help), std::move(label_names), {});
}

void MetricsRegistry::DeclareHistogram(std::string name, std::string help,
                                       std::vector<std::string> label_names,
                                       std::vector<double> bucket_upper_bounds) {
  if (!bucket_upper_bounds.empty() && std::isinf(bucket_upper_bounds.back()) &&
      bucket_upper_bounds.back() > 0) {
    bucket_upper_bounds.pop_back();
  }
  for (std::size_t i = 0; i < bucket_upper_bounds.size(); ++i) {
    if (!std::isfinite(bucket_upper_bounds[i]) ||
        (i > 0 && !(bucket_upper_bounds[i - 1] < bucket_upper_bounds[i]))) {
      Misuse(fmt::format("histogram '{}': bucket bounds must be finite and strictly increasing",
                         name));
    }
  }
  if (std::ranges::find(label_names, "le") != label_names.end()) {
    Misuse(fmt::format("histogram '{}': 'le' is reserved for buckets", name));
  }
  Declare(std::move(name), Type::kHistogram, std::move(help), std::move(label_names),
          std::move(bucket_upper_bounds));
}

void MetricsRegistry::Declare(std::string name, Type type, std::string help,
                              std::vector<std::string> label_names, std::vector<double> bounds) {
  if (!IsValidName(name, true)) {
    Misuse(fmt::format("invalid metric name '{}'", name));
  }
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const std::string& label = label_names[i];
    if (!IsValidName(label, false) || label.starts_with("__")) {
      Misuse(fmt::format("metric '{}': invalid label name '{}'", name, label));
    }
    if (std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i),
                  label) != label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
      Misuse(fmt::format("metric '{}': label '{}' given twice", name, label));
    }
  }

  std::lock_guard lock(mutex_);
  if (auto it = families_.find(name); it != families_.end()) {
    const Family& existing = it->second;
    if (existing.type != type || existing.help != help || existing.label_names != label_names ||
        existing.bounds != bounds) {
      Misuse(fmt::format("metric '{}' is already declared differently", name));
    }
    return;
  }
  Family family{type, std::move(help), std::move(label_names), std::move(bounds), {}};
  if (family.label_names.empty()) {
    // Scraped as 0 from the start: an absent series and a zero look different in queries.
    family.series.emplace(std::vector<std::string>{},
                          Series{0, std::vector<std::uint64_t>(
                                        type == Type::kHistogram ? family.bounds.size() + 1 : 0)});
  }
  families_.emplace(std::move(name), std::move(family));
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(
    std::string_view name, const std::vector<std::string>& label_values) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    Misuse(fmt::format("metric '{}' is not declared", name));
  }
  if (label_values.size() != it->second.label_names.size()) {
    Misuse(fmt::format("metric '{}' takes {} label values, got {}", name,
                       it->second.label_names.size(), label_values.size()));
  }
  return it->second;
}

MetricsRegistry::Series& MetricsRegistry::SeriesIn(Family& family,
                                                   const std::vector<std::string>& label_values) {
  // Look up before inserting so the hot path never copies the label values.
  if (auto it = family.series.find(label_values); it != family.series.end()) {
    return it->second;
  }
  Series fresh;
  if (family.type == Type::kHistogram) {
    fresh.counts.assign(family.bounds.size() + 1, 0);
  }
  return family.series.emplace(label_values, std::move(fresh)).first->second;
}

void MetricsRegistry::Add(std::string_view name, const std::vector<std::string>& label_values,
                          double delta) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, label_values);
  if (family.type == Type::kHistogram) {
    Misuse(fmt::format("metric '{}' is a histogram: use Observe", name));
  }
  if (family.type == Type::kCounter && !(delta >= 0)) {  // also rejects NaN
    Misuse(fmt::format("counter '{}' cannot go down (delta {})", name, delta));
  }
  SeriesIn(family, label_values).value += delta;
}

void MetricsRegistry::Set(std::string_view name, const std::vector<std::string>& label_values,
                          double value) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, label_values);
  if (family.type != Type::kGauge) {
    Misuse(fmt::format("metric '{}' is a {}: only gauges are Set", name, TypeName(family.type)));
  }
  SeriesIn(family, label_values).value = value;
}

void MetricsRegistry::Observe(std::string_view name, const std::vector<std::string>& label_values,
                              double value) {
  if (std::isnan(value)) {
    Misuse(fmt::format("histogram '{}': cannot observe NaN", name));
  }
  std::lock_guard lock(mutex_);
  Family& family = FamilyFor(name, label_values);
  if (family.type != Type::kHistogram) {
    Misuse(fmt::format("metric '{}' is a {}: only histograms are observed", name,
                       TypeName(family.type)));
  }
  Series& series = SeriesIn(family, label_values);
  // Buckets are "less than or equal": the first bound >= value.
  const auto bucket = std::ranges::lower_bound(family.bounds, value) - family.bounds.begin();
  ++series.counts[static_cast<std::size_t>(bucket)];
  series.value += value;
}

void MetricsRegistry::OnScrape(std::function<void(MetricsRegistry&)> refresh) {
  std::lock_guard lock(mutex_);
  refreshes_.push_back(std::move(refresh));
}

std::string MetricsRegistry::Render() {
  std::lock_guard render_lock(render_mutex_);
  std::vector<std::function<void(MetricsRegistry&)>> refreshes;
  {
    std::lock_guard lock(mutex_);
    refreshes = refreshes_;  // a copy: refreshes may register more while running
  }
  for (const auto& refresh : refreshes) {
    refresh(*this);
  }

  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP ";
    out += name;
    out += ' ';
    AppendEscaped(out, family.help, false);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += TypeName(family.type);
    out += '\n';
    for (const auto& [values, series] : family.series) {
      if (family.type != Type::kHistogram) {
        AppendSample(out, name, "", family.label_names, values, FormatValue(series.value));
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < series.counts.size(); ++i) {
        cumulative += series.counts[i];
        const std::string le = i < family.bounds.size() ? FormatValue(family.bounds[i]) : "+Inf";
        AppendSample(out, name, "_bucket", family.label_names, values,
                     fmt::format("{}", cumulative), &le);
      }
      AppendSample(out, name, "_sum", family.label_names, values, FormatValue(series.value));
      AppendSample(out, name, "_count", family.label_names, values,
                   fmt::format("{}", cumulative));
    }
  }
  return out;
}

}  // namespace esc::app
