// The shape most EC2 types share: found by the owner tag filter in one paginated describe,
// created by one call whose TagSpecifications carry the ownership tags, deleted by one call
// naming the ID. A type of this shape states its operations and how to read one item, and
// overrides only what it does beyond them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/kit/observed_memo.h"

namespace awsr::reconcilers::ec2 {

struct Ec2Shape {
  const char* describe;    // "DescribeSubnets"
  const char* list_field;  // "subnetSet": the describe's items
  int page_size;           // the describe's largest MaxResults
  const char* create;      // "CreateSubnet"
  const char* created;     // "subnet": the create's answer
  const char* tag_type;    // "subnet": TagSpecifications' ResourceType
  const char* remove;      // "DeleteSubnet"
  const char* id_member;   // "SubnetId": what the delete names
};

class Ec2TaggedType : public engine::Reconciler {
 public:
  Ec2TaggedType(engine::TypeInfo info, Ec2Shape shape, aws::AwsClient& client)
      : Reconciler(info), shape_(shape), client_(client) {}

  // The owned describe, or with a focus the owned describe filtered by the logical-ID tag.
  engine::Task<engine::ObservedList> ObserveAll(
      engine::ObserveScope scope) override;
  bool ObservesFocus() const override { return true; }
  // One describe naming the ID.
  engine::Task<std::optional<engine::ObservedResource>> Lookup(std::string physical_id,
                                                               std::string region) override;
  engine::Task<engine::ObservedResource> Create(engine::DesiredResource desired) override;
  // A resource something still depends on fails with DependencyViolation (kConflict): the
  // engine removes the dependents first and retries this with backoff meanwhile.
  engine::Task<void> Delete(engine::ObservedResource observed) override;

 protected:
  // One item of the describe's list (or of the create's answer), in CloudFormation's terms.
  virtual engine::ObservedResource FromItem(const nlohmann::json& item,
                                            const std::string& region) const = 0;
  // The create call's parameters besides TagSpecification.
  virtual nlohmann::json CreateParams(const engine::DesiredResource& desired) const = 0;

  // The part of FromItem every type shares: ID, region, tags, identity, user Tags.
  engine::ObservedResource Tagged(const nlohmann::json& item, const char* id_field,
                                  const std::string& region) const;

  aws::AwsClient& client() { return client_; }

 private:
  Ec2Shape shape_;
  aws::AwsClient& client_;
  std::map<std::string, kit::ObservedMemo> memos_;  // by region: what ObserveAll made last
};

}  // namespace awsr::reconcilers::ec2
