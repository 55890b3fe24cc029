#include "reconcilers/cloudwatch/alarm_description.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::cloudwatch {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 7> kAlarmTextProperties = {
    "AlarmDescription",  "MetricName", "Namespace",         "Statistic",
    "ExtendedStatistic", "Unit",       "ComparisonOperator"};
constexpr std::array<const char*, 2> kAlarmMoreText = {"TreatMissingData",
                                                       "EvaluateLowSampleCountPercentile"};
constexpr std::array<const char*, 3> kAlarmIntegerProperties = {"Period", "EvaluationPeriods",
                                                                "DatapointsToAlarm"};
constexpr std::array<const char*, 3> kAlarmActionLists = {"AlarmActions", "OKActions",
                                                          "InsufficientDataActions"};
constexpr std::array<const char*, 3> kAlarmUnsupported = {"Metrics", "ThresholdMetricId",
                                                          "EvaluationCriteria"};

// A number written as a number or as text; null for anything else.
json AlarmNumber(const json& value, bool integer) {
  double number = 0;
  if (value.is_number()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    const std::string text = value.get<std::string>();
    char* end = nullptr;
    number = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) return json();
  } else {
    return json();
  }
  if (integer) return static_cast<long long>(number);
  return number;
}

json AlarmBool(const json& value) {
  if (value.is_boolean()) return value;
  if (value.is_string()) return value.get<std::string>() == "true";
  return json();
}

json SortedTexts(const json& list) {
  json sorted = json::array();
  for (const auto& item : aws::AsList(list))
    sorted.push_back(item.is_string() ? item : json(item.dump()));
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

json SortedDimensions(const json& list) {
  json sorted = json::array();
  for (const auto& dimension : aws::AsList(list))
    sorted.push_back(
        {{"Name", StringField(dimension, "Name")}, {"Value", StringField(dimension, "Value")}});
  std::sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
    return std::pair(a["Name"].get<std::string>(), a["Value"].get<std::string>()) <
           std::pair(b["Name"].get<std::string>(), b["Value"].get<std::string>());
  });
  return sorted;
}

}  // namespace

json CanonicalAlarm(const json& properties) {
  json canonical = json::object();
  if (properties.contains("AlarmName")) canonical["AlarmName"] = properties["AlarmName"];
  for (const char* name : kAlarmTextProperties) {
    if (properties.contains(name)) canonical[name] = StringField(properties, name);
  }
  for (const char* name : kAlarmMoreText) {
    if (properties.contains(name)) canonical[name] = StringField(properties, name);
  }
  for (const char* name : kAlarmIntegerProperties) {
    if (properties.contains(name)) canonical[name] = AlarmNumber(properties[name], true);
  }
  if (properties.contains("Threshold"))
    canonical["Threshold"] = AlarmNumber(properties["Threshold"], false);
  if (properties.contains("ActionsEnabled"))
    canonical["ActionsEnabled"] = AlarmBool(properties["ActionsEnabled"]);
  for (const char* name : kAlarmActionLists) {
    if (properties.contains(name)) canonical[name] = SortedTexts(properties[name]);
  }
  if (properties.contains("Dimensions"))
    canonical["Dimensions"] = SortedDimensions(properties["Dimensions"]);
  return canonical;
}

engine::ObservedResource ObservedAlarm(const json& item, const std::string& region) {
  engine::ObservedResource observed;
  observed.physical_id = StringField(item, "AlarmName");
  observed.identity_key = observed.physical_id;
  observed.region = region;
  json properties = item;
  // An empty text is how CloudWatch shows "not set" for these.
  for (const char* name : kAlarmTextProperties) {
    if (properties.contains(name) && StringField(properties, name).empty()) properties.erase(name);
  }
  properties = CanonicalAlarm(properties);
  for (const char* name : kAlarmActionLists) {
    if (!properties.contains(name)) properties[name] = json::array();
  }
  if (!properties.contains("Dimensions")) properties["Dimensions"] = json::array();
  observed.properties = properties;
  const std::string arn = StringField(item, "AlarmArn");
  observed.attributes = {{"Arn", arn}};
  observed.internal = {{"arn", arn}, {"state", StringField(item, "StateValue")}};
  return observed;
}

json PutMetricAlarmParams(const engine::DesiredResource& desired, const json& tags) {
  json params = CanonicalAlarm(desired.properties);
  params["AlarmName"] = desired.name;
  if (!tags.is_null()) params["Tags"] = tags;
  return params;
}

std::optional<Error> UnsupportedAlarmProperty(const json& properties) {
  for (const char* name : kAlarmUnsupported) {
    if (properties.contains(name))
      return MakeError(ErrorKind::kInvalidSpec,
                       std::string("AWS::CloudWatch::Alarm ") + name + " is not supported yet");
  }
  return std::nullopt;
}

}  // namespace awsr::reconcilers::cloudwatch
