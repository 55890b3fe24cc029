// Prometheus text exposition (version 0.0.4), pure: the daemon gathers the numbers, this
// writes them out with HELP/TYPE lines and escaped labels.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace awsr::api {

struct Sample {
  std::string name_suffix;  // "" or "_bucket", "_sum", "_count" for histograms
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct MetricFamily {
  std::string name;
  std::string help;
  std::string type;  // counter, gauge, histogram
  std::vector<Sample> samples;
};

std::string RenderPrometheus(const std::vector<MetricFamily>& families);

}  // namespace awsr::api
