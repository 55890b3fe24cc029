#include "api/metrics.h"

#include <cmath>
#include <cstdio>

namespace awsr::api {
namespace {

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char text[32];
  std::snprintf(text, sizeof(text), "%.6g", value);
  return text;
}

}  // namespace

std::string RenderPrometheus(const std::vector<MetricFamily>& families) {
  std::string out;
  for (const auto& family : families) {
    out += "# HELP " + family.name + " " + family.help + "\n";
    out += "# TYPE " + family.name + " " + family.type + "\n";
    for (const auto& sample : family.samples) {
      out += family.name + sample.name_suffix;
      if (!sample.labels.empty()) {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : sample.labels) {
          out += (first ? "" : ",") + key + "=\"" + EscapeLabel(value) + "\"";
          first = false;
        }
        out += '}';
      }
      out += " " + FormatValue(sample.value) + "\n";
    }
  }
  return out;
}

}  // namespace awsr::api
