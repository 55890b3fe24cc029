#include "config/document.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "config/closest_name.h"
#include "config/intrinsics.h"
#include "config/json_text.h"
#include "config/property_check.h"

namespace awsr::config {
namespace {

using nlohmann::json;
using Pointer = json::json_pointer;

constexpr std::array<std::string_view, 8> kTopLevelKeys = {"AWSTemplateFormatVersion",
                                                           "Description",
                                                           "Metadata",
                                                           "Region",
                                                           "Resources",
                                                           "RoleArn",
                                                           "ExternalId",
                                                           "RoleSessionName"};
constexpr std::array<std::string_view, 8> kResourceKeys = {
    "Type",        "Properties", "DependsOn", "DeletionPolicy", "ManagementPolicy",
    "AdoptPolicy", "AdoptId",    "Region"};

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <std::size_t N>
std::vector<std::string_view> Names(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

bool IsLogicalId(std::string_view id) {
  return !id.empty() &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

class DocumentReader {
 public:
  DocumentReader(std::string_view file, const TypeCatalog& catalog)
      : file_(file), catalog_(catalog) {}

  ParsedDocument Read(std::string_view text) {
    JsonText parsed = ParseJsonText(text);
    if (!parsed.ok()) {
      Report(parsed.error_pointer, parsed.error);
    } else if (!parsed.value.is_object()) {
      Report("", "expected a JSON object with Resources");
    } else {
      Document(parsed.value);
    }
    std::sort(result_.resources.begin(), result_.resources.end(),
              [](const auto& a, const auto& b) { return a.logical_id < b.logical_id; });
    // Kept for as long as the file's version is in force: no room left to grow into.
    result_.resources.shrink_to_fit();
    return std::move(result_);
  }

 private:
  std::string SuggestType(const std::string& type) const {
    const std::vector<std::string> names = catalog_.TypeNames();
    return DidYouMean(type, std::vector<std::string_view>(names.begin(), names.end()));
  }

  void Document(const json& doc) {
    for (const auto& [key, value] : doc.items()) {
      if (!OneOf(kTopLevelKeys, key)) {
        Report(Pointer() / key,
               "unknown top-level key " + key + DidYouMean(key, Names(kTopLevelKeys)));
      }
    }
    std::string region;
    if (doc.contains("Region")) region = NonEmptyString(doc["Region"], Pointer("/Region"));
    std::vector<std::pair<std::string, std::string>> account_problems;
    account_ = ReadAccountTarget(doc, account_problems);
    for (auto& [pointer, message] : account_problems) Report(pointer, std::move(message));
    if (!doc.contains("Resources")) {
      Report("", "missing Resources");
      return;
    }
    const json& resources = doc["Resources"];
    if (!resources.is_object()) {
      Report("/Resources", "expected an object of resources");
      return;
    }
    for (const auto& [id, body] : resources.items()) {
      Resource(id, body, Pointer("/Resources") / id, region);
    }
  }

  void Resource(const std::string& id, const json& body, const Pointer& at,
                const std::string& file_region) {
    if (!IsLogicalId(id)) Report(at, "logical ID must be alphanumeric (A-Z, a-z, 0-9)");
    if (!body.is_object()) {
      Report(at, "expected an object with Type and Properties");
      return;
    }
    for (const auto& [key, value] : body.items()) {
      if (!OneOf(kResourceKeys, key)) {
        Report(at / key,
               "unknown resource attribute " + key + DidYouMean(key, Names(kResourceKeys)));
      }
    }
    ResourceDecl decl;
    decl.logical_id = id;
    decl.file = file_;
    decl.region = file_region;
    decl.account = account_;
    if (body.contains("Region")) decl.region = NonEmptyString(body["Region"], at / "Region");
    if (std::vector<std::string> depends_on = DependsOn(body, at / "DependsOn");
        !depends_on.empty()) {
      decl.Seldom().depends_on = std::move(depends_on);
    }
    if (body.contains("DeletionPolicy") && body["DeletionPolicy"] == "Snapshot") {
      decl.deletion_policy = DeletionPolicy::kSnapshot;
    } else {
      decl.deletion_policy = Policy(body, at, "DeletionPolicy", {"Retain", "Delete"},
                                    DeletionPolicy::kRetain, DeletionPolicy::kDelete);
    }
    decl.management_policy = Policy(body, at, "ManagementPolicy", {"Full", "ObserveOnly"},
                                    ManagementPolicy::kFull, ManagementPolicy::kObserveOnly);
    decl.adopt_policy = Policy(body, at, "AdoptPolicy", {"Refuse", "Adopt"}, AdoptPolicy::kRefuse,
                               AdoptPolicy::kAdopt);
    if (body.contains("AdoptId")) {
      if (std::string adopt_id = NonEmptyString(body["AdoptId"], at / "AdoptId");
          !adopt_id.empty()) {
        decl.Seldom().adopt_id = std::move(adopt_id);
      }
      if (decl.adopt_policy != AdoptPolicy::kAdopt)
        Report(at / "AdoptId",
               "AdoptId names an existing resource to take over: set AdoptPolicy: Adopt");
    }
    const json properties = body.value("Properties", json::object());
    Properties(properties, at / "Properties");
    decl.properties = properties;
    const std::vector<LocatedReference> references = FindReferences(properties);
    decl.references.assign(references.begin(), references.end());
    if (!body.contains("Type")) {
      Report(at, "missing Type");
    } else {
      decl.type = NonEmptyString(body["Type"], at / "Type");
      if (decl.deletion_policy == DeletionPolicy::kSnapshot && !SupportsSnapshotPolicy(decl.type))
        Report(at / "DeletionPolicy",
               "DeletionPolicy Snapshot is not supported for " + decl.type.str());
      const TypeSchema* schema = catalog_.Find(decl.type);
      if (schema == nullptr && !decl.type.empty()) {
        Report(at / "Type",
               "unsupported resource type " + decl.type.str() + SuggestType(decl.type));
      } else if (schema != nullptr && properties.is_object()) {
        Append(CheckProperties(*schema, properties, at / "Properties", catalog_));
      }
    }
    decl.references.shrink_to_fit();
    result_.resources.push_back(std::move(decl));
  }

  void Properties(const json& properties, const Pointer& at) {
    if (!properties.is_object()) {
      Report(at, "expected an object of properties");
      return;
    }
    Append(CheckIntrinsics(properties, at));
  }

  std::vector<std::string> DependsOn(const json& body, const Pointer& at) {
    std::vector<std::string> ids;
    if (!body.contains("DependsOn")) return ids;
    const json& value = body["DependsOn"];
    if (value.is_string()) {
      ids.push_back(NonEmptyString(value, at));
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i)
        ids.push_back(NonEmptyString(value[i], at / i));
    } else {
      Report(at, "expected a logical ID or a list of logical IDs");
    }
    return ids;
  }

  template <typename Enum>
  Enum Policy(const json& body, const Pointer& at, const std::string& key,
              std::array<std::string_view, 2> names, Enum first, Enum second) {
    if (!body.contains(key)) return first;
    const json& value = body[key];
    if (value == names[0]) return first;
    if (value == names[1]) return second;
    Report(at / key,
           key + " must be \"" + std::string(names[0]) + "\" or \"" + std::string(names[1]) + "\"");
    return first;
  }

  std::string NonEmptyString(const json& value, const Pointer& at) {
    if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
      return value.get<std::string>();
    }
    Report(at, "expected a non-empty string");
    return "";
  }

  void Append(const std::vector<Located>& problems) {
    for (const Located& p : problems) Report(p.pointer, p.message);
  }
  void Report(const Pointer& at, std::string message) {
    Report(at.to_string(), std::move(message));
  }
  void Report(std::string pointer, std::string message) {
    result_.problems.push_back({file_, std::move(pointer), std::move(message)});
  }

  Symbol file_;  // one copy of the name for every declaration of the file
  const TypeCatalog& catalog_;
  SharedValue<AccountTarget> account_;  // one for every resource of the file
  ParsedDocument result_;
};

}  // namespace

std::string Problem::ToString() const { return file + ":" + pointer + ": " + message; }

bool DeclarationChanged(const DeclarationRef& before, const DeclarationRef& after) {
  return before != after && !(*before == *after);
}

Declarations ToDeclarations(std::vector<ResourceDecl> decls) {
  Declarations map;
  for (ResourceDecl& decl : decls) {
    std::string id = decl.logical_id;
    map.emplace(std::move(id), std::make_shared<const ResourceDecl>(std::move(decl)));
  }
  return map;
}

bool SameDeclarations(const Declarations& a, const Declarations& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.first == y.first && !DeclarationChanged(x.second, y.second);
  });
}

std::string_view ToString(DeletionPolicy policy) {
  switch (policy) {
    case DeletionPolicy::kDelete:
      return "Delete";
    case DeletionPolicy::kSnapshot:
      return "Snapshot";
    default:
      return "Retain";
  }
}

bool SupportsSnapshotPolicy(std::string_view type) {
  return type == "AWS::RDS::DBInstance" || type == "AWS::Redshift::Cluster";
}
std::string_view ToString(ManagementPolicy policy) {
  return policy == ManagementPolicy::kObserveOnly ? "ObserveOnly" : "Full";
}
std::string_view ToString(AdoptPolicy policy) {
  return policy == AdoptPolicy::kAdopt ? "Adopt" : "Refuse";
}

const std::vector<std::string>& ResourceDecl::DependsOn() const {
  static const std::vector<std::string> kNone;
  return seldom ? seldom->depends_on : kNone;
}

const std::string& ResourceDecl::AdoptId() const {
  static const std::string kNone;
  return seldom ? seldom->adopt_id : kNone;
}

ResourceDecl::SeldomParts& ResourceDecl::Seldom() {
  if (!seldom) seldom = SeldomParts{};
  return *seldom;
}

StringSet ResourceDecl::Dependencies() const {
  const std::vector<std::string>& depends_on = DependsOn();
  StringSet ids(depends_on.begin(), depends_on.end());
  for (const Reference& reference : references) ids.insert(reference.logical_id);
  return ids;
}

ParsedDocument ParseDocument(std::string_view file_name, std::string_view text,
                             const TypeCatalog& catalog) {
  return DocumentReader(file_name, catalog).Read(text);
}

}  // namespace awsr::config
