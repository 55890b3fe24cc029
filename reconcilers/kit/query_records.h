// Reading RDS- and Redshift-style query answers: records paged by Marker/MaxRecords, lists
// named by element ("<DBInstances><DBInstance>"), tags as <TagList><Tag> or <Tags><Tag>, and
// names AWS keeps in lower case.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "daemon/engine/tags.h"

namespace awsr::reconcilers::kit {

// Every record of `list_field`'s `element`s over all pages of `call` (Marker, 100 a page); none
// when a describe by name answers "not found".
engine::Task<std::vector<nlohmann::json>> DescribeRecords(aws::AwsClient& client,
                                                          aws::CallRequest call,
                                                          std::string list_field,
                                                          std::string element);

// A query answer's tag list ({"Tag": [...]}) as a map.
engine::TagMap QueryTags(const nlohmann::json& tag_list);

std::string Lowercase(std::string text);

// `properties` with the named string members in lower case, as RDS and Redshift keep names.
nlohmann::json WithLowercaseNames(nlohmann::json properties,
                                  std::initializer_list<const char*> names);

// A query answer's text as the JSON type it stands for: "true"/"false" as booleans, short
// digit strings as numbers, the rest as is.
nlohmann::json TypedScalar(const nlohmann::json& value);

// Whether `name` is one of `names`.
template <std::size_t N>
bool NameIn(const char* const (&names)[N], std::string_view name) {
  for (const char* known : names) {
    if (name == known) return true;
  }
  return false;
}

// The name of the final snapshot a DeletionPolicy Snapshot takes: from the owner and logical
// ID on the resource's tags and `stamp` (its creation time: one name per incarnation), as
// snapshot identifiers must be: letters, digits and single hyphens, starting with a letter.
std::string FinalSnapshotName(const engine::ObservedResource& observed, std::string stamp);

// Whether the resource's deletion policy (its awsreconciled:deletion-policy tag) is Snapshot.
bool WantsFinalSnapshot(const engine::ObservedResource& observed);

}  // namespace awsr::reconcilers::kit
