#include "reconcilers/s3/bucket_settings.h"

#include <set>

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/s3/s3_requests.h"

namespace awsr::reconcilers::s3 {
namespace {

using nlohmann::json;

constexpr std::string_view kS3Namespace = R"( xmlns="http://s3.amazonaws.com/doc/2006-03-01/")";

std::string Root(std::string_view name, std::string_view inner) {
  return "<" + std::string(name) + std::string(kS3Namespace) + ">" + std::string(inner) + "</" +
         std::string(name) + ">";
}

// Members of `from` copied as elements when present, in `names` order.
std::string Members(const json& from, std::initializer_list<std::string_view> names) {
  std::string inner;
  for (const std::string_view name : names) {
    const std::string key(name);
    if (from.is_object() && from.contains(key) && !from[key].is_null()) {
      inner += XmlElement(name, XmlText(from[key]));
    }
  }
  return inner;
}

Error Unsupported(std::string_view property, std::string_view field) {
  return MakeError(ErrorKind::kInvalidSpec, std::string(property) + "/" + std::string(field) +
                                                ": not supported by awsreconciled yet");
}

json Integer(const json& text) {
  const std::string value = text.is_string() ? text.get<std::string>() : text.dump();
  try {
    return std::stoll(value);
  } catch (const std::exception&) {
    return text;
  }
}

Result<std::string> LifecycleRule(const json& rule) {
  static const std::set<std::string> kKnown = {"Id",
                                               "Status",
                                               "Prefix",
                                               "ExpirationInDays",
                                               "ExpirationDate",
                                               "ExpiredObjectDeleteMarker",
                                               "NoncurrentVersionExpirationInDays",
                                               "NoncurrentVersionExpiration",
                                               "Transitions",
                                               "AbortIncompleteMultipartUpload"};
  for (const auto& [key, value] : rule.items()) {
    if (!kKnown.contains(key)) return Unsupported("LifecycleConfiguration/Rules", key);
  }
  std::string inner;
  if (rule.contains("Id")) inner += XmlElement("ID", XmlText(rule["Id"]));
  inner +=
      XmlElement("Filter", rule.contains("Prefix") ? XmlElement("Prefix", XmlText(rule["Prefix"]))
                                                   : std::string());
  inner += XmlElement("Status", XmlText(rule.value("Status", json("Enabled"))));
  std::string expiration;
  if (rule.contains("ExpirationInDays")) {
    expiration += XmlElement("Days", XmlText(rule["ExpirationInDays"]));
  }
  if (rule.contains("ExpirationDate")) {
    expiration += XmlElement("Date", XmlText(rule["ExpirationDate"]));
  }
  if (rule.contains("ExpiredObjectDeleteMarker")) {
    expiration += XmlElement("ExpiredObjectDeleteMarker",
                             IsTrue(rule["ExpiredObjectDeleteMarker"]) ? "true" : "false");
  }
  if (!expiration.empty()) inner += XmlElement("Expiration", expiration);
  for (const json& transition : rule.value("Transitions", json::array())) {
    std::string parts;
    if (transition.contains("TransitionInDays")) {
      parts += XmlElement("Days", XmlText(transition["TransitionInDays"]));
    }
    if (transition.contains("TransitionDate")) {
      parts += XmlElement("Date", XmlText(transition["TransitionDate"]));
    }
    parts += Members(transition, {"StorageClass"});
    inner += XmlElement("Transition", parts);
  }
  if (rule.contains("NoncurrentVersionExpirationInDays")) {
    inner += XmlElement(
        "NoncurrentVersionExpiration",
        XmlElement("NoncurrentDays", XmlText(rule["NoncurrentVersionExpirationInDays"])));
  } else if (rule.contains("NoncurrentVersionExpiration")) {
    inner += XmlElement("NoncurrentVersionExpiration",
                        Members(rule["NoncurrentVersionExpiration"],
                                {"NoncurrentDays", "NewerNoncurrentVersions"}));
  }
  if (rule.contains("AbortIncompleteMultipartUpload")) {
    inner += XmlElement("AbortIncompleteMultipartUpload",
                        Members(rule["AbortIncompleteMultipartUpload"], {"DaysAfterInitiation"}));
  }
  return XmlElement("Rule", inner);
}

json LifecycleRuleFromAws(const json& rule) {
  json out = json::object();
  if (const std::string id = StringField(rule, "ID"); !id.empty()) out["Id"] = id;
  out["Status"] = StringField(rule, "Status");
  std::string prefix = StringField(rule, "Prefix");
  if (rule.contains("Filter") && rule["Filter"].is_object()) {
    prefix = StringField(rule["Filter"], "Prefix");
  }
  if (!prefix.empty()) out["Prefix"] = prefix;
  if (const json& expiration = rule.value("Expiration", json()); expiration.is_object()) {
    if (expiration.contains("Days")) out["ExpirationInDays"] = Integer(expiration["Days"]);
    if (expiration.contains("Date")) out["ExpirationDate"] = expiration["Date"];
    if (expiration.contains("ExpiredObjectDeleteMarker")) {
      out["ExpiredObjectDeleteMarker"] = IsTrue(expiration["ExpiredObjectDeleteMarker"]);
    }
  }
  json transitions = json::array();
  for (const json& transition : aws::AsList(rule.value("Transition", json()))) {
    json item = {{"StorageClass", StringField(transition, "StorageClass")}};
    if (transition.contains("Days")) item["TransitionInDays"] = Integer(transition["Days"]);
    if (transition.contains("Date")) item["TransitionDate"] = transition["Date"];
    transitions.push_back(item);
  }
  if (!transitions.empty()) out["Transitions"] = transitions;
  if (const json& noncurrent = rule.value("NoncurrentVersionExpiration", json());
      noncurrent.is_object() && noncurrent.contains("NoncurrentDays")) {
    out["NoncurrentVersionExpirationInDays"] = Integer(noncurrent["NoncurrentDays"]);
    out["NoncurrentVersionExpiration"] = {
        {"NoncurrentDays", Integer(noncurrent["NoncurrentDays"])}};
  }
  if (const json& abort = rule.value("AbortIncompleteMultipartUpload", json()); abort.is_object()) {
    out["AbortIncompleteMultipartUpload"] = {
        {"DaysAfterInitiation", Integer(abort.value("DaysAfterInitiation", json()))}};
  }
  return out;
}

json Booleans(const json& from, std::initializer_list<std::string_view> names) {
  json out = json::object();
  for (const std::string_view name : names) {
    const std::string key(name);
    out[key] = from.is_object() && from.contains(key) && IsTrue(from[key]);
  }
  return out;
}

}  // namespace

const std::vector<BucketSetting>& BucketSettings() {
  static const std::vector<BucketSetting> kSettings = {
      {"Tags", "tagging", "GetBucketTagging", "PutBucketTagging", "NoSuchTagSet"},
      {"VersioningConfiguration", "versioning", "GetBucketVersioning", "PutBucketVersioning", ""},
      {"PublicAccessBlockConfiguration", "publicAccessBlock", "GetPublicAccessBlock",
       "PutPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration"},
      {"BucketEncryption", "encryption", "GetBucketEncryption", "PutBucketEncryption",
       "ServerSideEncryptionConfigurationNotFoundError"},
      {"LifecycleConfiguration", "lifecycle", "GetBucketLifecycleConfiguration",
       "PutBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration"},
  };
  return kSettings;
}

const BucketSetting* FindBucketSetting(std::string_view property) {
  for (const BucketSetting& setting : BucketSettings()) {
    if (setting.property == property) return &setting;
  }
  return nullptr;
}

Result<std::string> SettingBody(std::string_view property, const json& value) {
  if (property == "Tags") {
    std::string tags;
    for (const json& tag : value) tags += XmlElement("Tag", Members(tag, {"Key", "Value"}));
    return Root("Tagging", XmlElement("TagSet", tags));
  }
  if (property == "VersioningConfiguration") {
    return Root("VersioningConfiguration", Members(value, {"Status"}));
  }
  if (property == "PublicAccessBlockConfiguration") {
    const json all = Booleans(value, {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                                      "RestrictPublicBuckets"});
    return Root("PublicAccessBlockConfiguration",
                Members(all, {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                              "RestrictPublicBuckets"}));
  }
  if (property == "BucketEncryption") {
    std::string rules;
    for (const json& rule : value.value("ServerSideEncryptionConfiguration", json::array())) {
      std::string inner;
      if (rule.contains("ServerSideEncryptionByDefault")) {
        inner += XmlElement(
            "ApplyServerSideEncryptionByDefault",
            Members(rule["ServerSideEncryptionByDefault"], {"SSEAlgorithm", "KMSMasterKeyID"}));
      }
      inner += Members(rule, {"BucketKeyEnabled"});
      rules += XmlElement("Rule", inner);
    }
    return Root("ServerSideEncryptionConfiguration", rules);
  }
  if (property == "LifecycleConfiguration") {
    std::string rules;
    for (const json& rule : value.value("Rules", json::array())) {
      auto body = LifecycleRule(rule);
      if (!body) return body.error();
      rules += *body;
    }
    return Root("LifecycleConfiguration", rules);
  }
  return MakeError(ErrorKind::kInternal, "no S3 bucket setting " + std::string(property));
}

json SettingFromAws(std::string_view property, const std::optional<json>& got) {
  if (property == "Tags") {
    json tags = json::array();
    if (!got) return tags;
    const json tag_set = got->is_object() ? got->value("TagSet", json()) : json();
    for (const json& tag :
         aws::AsList(tag_set.is_object() ? tag_set.value("Tag", json()) : json())) {
      tags.push_back({{"Key", StringField(tag, "Key")}, {"Value", StringField(tag, "Value")}});
    }
    return tags;
  }
  if (!got || !got->is_object()) return nullptr;
  if (property == "VersioningConfiguration") {
    const std::string status = StringField(*got, "Status");
    return status.empty() ? json(nullptr) : json{{"Status", status}};
  }
  if (property == "PublicAccessBlockConfiguration") {
    return Booleans(*got, {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                           "RestrictPublicBuckets"});
  }
  if (property == "BucketEncryption") {
    json rules = json::array();
    for (const json& rule : aws::AsList(got->value("Rule", json()))) {
      json out = json::object();
      if (const json& by_default = rule.value("ApplyServerSideEncryptionByDefault", json());
          by_default.is_object()) {
        json sse = {{"SSEAlgorithm", StringField(by_default, "SSEAlgorithm")}};
        if (by_default.contains("KMSMasterKeyID"))
          sse["KMSMasterKeyID"] = by_default["KMSMasterKeyID"];
        out["ServerSideEncryptionByDefault"] = sse;
      }
      if (rule.contains("BucketKeyEnabled"))
        out["BucketKeyEnabled"] = IsTrue(rule["BucketKeyEnabled"]);
      rules.push_back(out);
    }
    return {{"ServerSideEncryptionConfiguration", rules}};
  }
  if (property == "LifecycleConfiguration") {
    json rules = json::array();
    for (const json& rule : aws::AsList(got->value("Rule", json()))) {
      rules.push_back(LifecycleRuleFromAws(rule));
    }
    return {{"Rules", rules}};
  }
  return nullptr;
}

}  // namespace awsr::reconcilers::s3
