// What the Redshift reconcilers share: tags by ARN, and the ARNs
// themselves, which Redshift's describes do not carry.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/kit/resource_name_tags.h"

namespace awsr::reconcilers::redshift {

inline constexpr kit::ResourceNameTagging kRedshiftTagging = {"redshift", "CreateTags",
                                                              "DeleteTags", "TagKey"};

// ARNs of clusters and subnet groups: arn:PARTITION:redshift:REGION:ACCOUNT:KIND:NAME. The
// account is asked of STS once per process (GetCallerIdentity), then remembered.
class RedshiftArns {
 public:
  explicit RedshiftArns(aws::AwsClient& client) : client_(client) {}

  // Learns the account if it is not known yet.
  engine::Task<void> Prepare();
  // kind: "cluster" or "subnetgroup".
  std::string Arn(const std::string& region, const std::string& kind,
                  const std::string& name) const;

 private:
  aws::AwsClient& client_;
  std::string account_;
};

}  // namespace awsr::reconcilers::redshift
