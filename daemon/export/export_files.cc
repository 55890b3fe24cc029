#include "daemon/export/export_files.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "daemon/base/json_fields.h"
#include "daemon/engine/identity.h"
#include "daemon/engine/secrets.h"
#include "daemon/export/export_children.h"
#include "daemon/export/export_names.h"
#include "daemon/export/export_references.h"

namespace awsr::exporting {
namespace {

using nlohmann::json;

// Types whose resources another exported resource already holds, or that cannot be exported.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kNotExported = {{
    {"AWS::EC2::SecurityGroupIngress", "exported inside its group's SecurityGroupIngress"},
    {"AWS::EC2::SecurityGroupEgress", "exported inside its group's SecurityGroupEgress"},
    {"AWS::IAM::AccessKey", "a key's secret cannot be read back: declare a new key instead"},
}};

std::optional<std::string_view> WhyNotExported(std::string_view type) {
  for (const auto& [name, why] : kNotExported) {
    if (name == type) return why;
  }
  return std::nullopt;
}

// Values AWS gives a setting nobody chose: a file leaves them out, and the daemon compares
// only what a file sets.
struct AwsDefault {
  std::string_view type;
  std::string_view property;
  json value;
};
const std::vector<AwsDefault>& AwsDefaults() {
  static const std::vector<AwsDefault> defaults = {
      {"AWS::EC2::VPC", "InstanceTenancy", "default"},
      {"AWS::EC2::VPC", "EnableDnsSupport", true},
      {"AWS::EC2::VPC", "EnableDnsHostnames", false},
      {"AWS::EC2::Subnet", "MapPublicIpOnLaunch", false},
      {"AWS::IAM::User", "Path", "/"},
      {"AWS::IAM::Group", "Path", "/"},
      {"AWS::IAM::Role", "Path", "/"},
      {"AWS::IAM::Role", "MaxSessionDuration", 3600},
      {"AWS::IAM::InstanceProfile", "Path", "/"},
      {"AWS::IAM::ManagedPolicy", "Path", "/"},
  };
  return defaults;
}

// Settings another exported resource holds: a user's groups are its group memberships, one
// AWS::IAM::UserToGroupAddition per group (export_children.h).
bool DeclaredElsewhere(std::string_view type, std::string_view property) {
  return type == "AWS::IAM::User" && property == "Groups";
}

bool IsEmptyValue(const json& value) {
  return value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
         ((value.is_array() || value.is_object()) && value.empty());
}

// Replaces the value at `path` ("LoginProfile/Password", through lists) with `placeholder`.
void ReplaceAt(json& node, std::string_view path, const std::string& placeholder) {
  if (node.is_array()) {
    for (json& item : node) ReplaceAt(item, path, placeholder);
    return;
  }
  if (!node.is_object()) return;
  const auto slash = path.find('/');
  const std::string member(path.substr(0, slash));
  const auto found = node.find(member);
  if (found == node.end()) return;
  if (slash == std::string_view::npos) {
    *found = placeholder;
  } else {
    ReplaceAt(*found, path.substr(slash + 1), placeholder);
  }
}

// The settings a file would declare: settable, not AWS's default, no secret in the clear (an
// SSM parameter reference to fill in instead).
json DeclaredProperties(const FoundResource& resource, const std::string& logical_id,
                        const config::TypeSchema& schema) {
  json properties = json::object();
  const json observed = resource.observed.properties;
  for (const auto& [name, value] : observed.items()) {
    if (!schema.properties.contains(name) || IsEmptyValue(value) ||
        DeclaredElsewhere(resource.type, name))
      continue;
    const bool aws_default =
        std::any_of(AwsDefaults().begin(), AwsDefaults().end(), [&](const AwsDefault& d) {
          return d.type == resource.type && d.property == name && d.value == value;
        });
    if (!aws_default) properties[name] = value;
  }
  for (const engine::SecretProperty& secret : engine::SecretProperties()) {
    if (secret.type != resource.type) continue;
    std::string parameter(secret.path);
    std::replace(parameter.begin(), parameter.end(), '/', '-');
    ReplaceAt(properties, secret.path,
              "{{resolve:ssm:/awsreconciled/export/" + logical_id + "/" + parameter + "}}");
  }
  return properties;
}

// What AWS made along with a default VPC: its gateway (through the attachment) and the routes
// of its main table. The resources themselves say the rest (made_by_aws).
void MarkDefaultVpcParts(std::vector<FoundResource>& found) {
  std::set<std::string> default_vpcs;
  std::set<std::string> default_tables;
  for (const FoundResource& r : found) {
    if (r.type == "AWS::EC2::VPC" && r.observed.made_by_aws) default_vpcs.insert(r.observed.physical_id);
  }
  const auto in_default_vpc = [&](const FoundResource& r) {
    return default_vpcs.contains(StringField(r.observed.properties, "VpcId"));
  };
  std::set<std::string> gateways;
  for (FoundResource& r : found) {
    if (r.type == "AWS::EC2::VPCGatewayAttachment" && in_default_vpc(r)) {
      r.observed.made_by_aws = true;
      gateways.insert(StringField(r.observed.properties, "InternetGatewayId"));
    }
    if (r.type == "AWS::EC2::RouteTable" && r.observed.made_by_aws && in_default_vpc(r))
      default_tables.insert(r.observed.physical_id);
  }
  for (FoundResource& r : found) {
    if ((r.type == "AWS::EC2::InternetGateway" && gateways.contains(r.observed.physical_id)) ||
        (r.type == "AWS::EC2::Route" &&
         default_tables.contains(StringField(r.observed.properties, "RouteTableId"))))
      r.observed.made_by_aws = true;
  }
}

bool HasTags(const engine::ObservedResource& observed,
             const std::vector<std::pair<std::string, std::string>>& tags) {
  return std::all_of(tags.begin(), tags.end(),
                     [&](const auto& tag) { return observed.Tag(tag.first) == tag.second; });
}

struct Kept {
  FoundResource* resource;
  bool ours;
  std::string logical_id;
  std::string file;
  json properties = json::object();
};

std::string LowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool InOtherRegion(const engine::ObservedResource& observed, const std::string& default_region) {
  return !observed.region.empty() && observed.region != default_region;  // IAM's is empty
}

// One file per VPC with everything that refers to it, directly or through another resource of
// it (a subnet, then an instance in it), and the EC2 resources only those refer to (a gateway
// its attachment names); the rest one file per service (and region).
void AssignFiles(std::vector<Kept>& kept, const ExportReferences& references,
                 const std::string& default_region) {
  std::map<std::string, Kept*> by_id;
  for (Kept& k : kept) {
    const engine::ObservedResource& observed = k.resource->observed;
    if (k.resource->type == "AWS::EC2::VPC") {
      k.file = "network-" + LowerCase(k.logical_id) + ".json";
    } else {
      const std::string region_suffix =
          InOtherRegion(observed, default_region) ? "-" + observed.region.str() : "";
      k.file = k.resource->service + region_suffix + ".json";
    }
    by_id[k.logical_id] = &k;
  }
  const auto in_network = [](const Kept& k) { return k.file.starts_with("network-"); };
  for (bool moved = true; moved;) {
    moved = false;
    for (Kept& k : kept) {
      for (const std::string& id : references.TargetsOf(k.logical_id)) {
        Kept& target = *by_id.at(id);
        if (!in_network(k) && in_network(target)) {
          k.file = target.file;
          moved = true;
        } else if (in_network(k) && !in_network(target) &&
                   target.resource->service == k.resource->service) {
          target.file = k.file;
          moved = true;
        }
      }
    }
  }
}

// Sets k.properties; false (and why, in `left_out`) when AWS lacks a property the type
// requires: a bucket without a policy is listed as a bucket policy with none.
bool Declarable(Kept& k, const config::TypeCatalog& catalog, std::vector<std::string>& left_out) {
  const config::TypeSchema& schema = *catalog.Find(k.resource->type);
  k.properties = DeclaredProperties(*k.resource, k.logical_id, schema);
  for (const auto& [name, property] : schema.properties) {
    if (property.required && !k.properties.contains(name)) {
      left_out.push_back(k.resource->type + " " + k.resource->observed.physical_id +
                         ": AWS has no " + name + " for it");
      return false;
    }
  }
  return true;
}

// A resource read through a parent that is left out goes with it, down a chain: a rule of a
// listener of another owner's balancer (export_children.h).
void LeaveOutChildrenOfLeftOut(const std::vector<FoundResource>& found, std::vector<Kept>& kept,
                               std::vector<std::string>& left_out) {
  std::vector<const FoundResource*> all;
  for (const FoundResource& resource : found) all.push_back(&resource);
  for (bool dropped = true; dropped;) {
    std::vector<const FoundResource*> still_kept;
    for (const Kept& k : kept) still_kept.push_back(k.resource);
    dropped = std::erase_if(kept, [&](const Kept& k) {
                if (!ParentLeftOut(*k.resource, all, still_kept)) return false;
                left_out.push_back(k.resource->type + " " + k.resource->observed.physical_id +
                                   ": its parent is left out");
                return true;
              }) > 0;
  }
}

// Ours carry our logical-ID tag, which finds them; others only their ID does.
bool HasAdoptId(const Kept& k) { return !k.resource->adopt_id.empty() && !k.ours; }

json Declaration(Kept& k, const ExportOptions& options) {
  const engine::ObservedResource& observed = k.resource->observed;
  json declaration = {{"Type", k.resource->type}, {"AdoptPolicy", "Adopt"}};
  if (!k.properties.empty()) declaration["Properties"] = std::move(k.properties);
  if (HasAdoptId(k)) declaration["AdoptId"] = k.resource->adopt_id;
  if (InOtherRegion(observed, options.default_region)) declaration["Region"] = observed.region;
  return declaration;
}

}  // namespace

Screening ScreenForExport(const FoundResource& resource, const ExportOptions& options,
                          const config::TypeCatalog& catalog) {
  const engine::ObservedResource& observed = resource.observed;
  const std::string owner_tag = observed.Tag(engine::kOwnerTag);
  Screening screened;
  screened.ours = owner_tag == options.owner || owner_tag == engine::ReleasedOwner(options.owner);
  if (const auto why = WhyNotExported(resource.type)) {
    screened = {Screening::kTypeNotExported, std::string(*why)};
  } else if ((!IsChildType(resource.type) && !HasTags(observed, options.tags)) ||
             catalog.Find(resource.type) == nullptr) {
    // A child has no tags of its own: it follows its parent (LeaveOutChildrenOfLeftOut).
    screened.verdict = Screening::kNotAsked;
  } else if (!owner_tag.empty() && !screened.ours) {
    screened = {Screening::kLeftOut, "belongs to owner " + owner_tag};
  } else if (observed.tags_unknown) {
    screened = {Screening::kLeftOut, "its tags could not be read, so its owner is unknown"};
  } else if (observed.made_by_aws && !options.include_made_by_aws) {
    screened = {Screening::kLeftOut, "made by AWS (--include-defaults exports it)"};
  }
  return screened;
}

ExportedFiles BuildExportFiles(std::vector<FoundResource> found, const ExportOptions& options,
                               const config::TypeCatalog& catalog) {
  ExportedFiles result;
  MarkDefaultVpcParts(found);
  std::vector<Kept> kept;
  std::set<std::string> types_left_out;
  for (FoundResource& resource : found) {
    const std::string what = resource.type + " " + resource.observed.physical_id;
    const Screening screened = ScreenForExport(resource, options, catalog);
    if (screened.verdict == Screening::kTypeNotExported) {
      if (types_left_out.insert(resource.type).second)
        result.left_out.push_back(resource.type + ": " + screened.why);
    } else if (screened.verdict == Screening::kLeftOut) {
      result.left_out.push_back(what + ": " + screened.why);
    } else if (screened.verdict == Screening::kKept && !resource.why_not_exported.empty()) {
      result.left_out.push_back(what + ": " + resource.why_not_exported);
    } else if (screened.verdict == Screening::kKept) {
      kept.push_back({&resource, screened.ours, "", "", json::object()});
    }
  }
  // Our own resources keep their logical IDs: they are claimed first.
  std::stable_sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) {
    return std::tie(b.ours, a.resource->type, a.resource->observed.physical_id) <
           std::tie(a.ours, b.resource->type, b.resource->observed.physical_id);
  });
  std::set<std::string> taken;
  for (Kept& k : kept) k.logical_id = ExportLogicalId(*k.resource, k.ours, taken);
  std::erase_if(kept, [&](Kept& k) { return !Declarable(k, catalog, result.left_out); });
  LeaveOutChildrenOfLeftOut(found, kept, result.left_out);
  ExportReferences references;
  for (const Kept& k : kept) {
    if (!GoesByParentId(*k.resource)) references.AddTarget(k.logical_id, k.resource->observed);
  }
  // Every exported resource is named by reference, also where a key the daemon finds a resource
  // by holds it (a security group's VpcId, a listener's LoadBalancerArn): the engine looks for
  // such look-alikes again once the reference resolves, before it would create one.
  for (Kept& k : kept) {
    references.Rewrite(k.logical_id, k.properties, *catalog.Find(k.resource->type));
  }
  AssignFiles(kept, references, options.default_region);
  for (Kept& k : kept) {
    json& document = result.files[k.file];
    if (document.is_null())
      document = {{"Description", "Exported by awsreconciled export: what exists, to adopt"},
                  {"Resources", json::object()}};
    document["Resources"][k.logical_id] = Declaration(k, options);
  }
  result.resources = kept.size();
  return result;
}

}  // namespace awsr::exporting
