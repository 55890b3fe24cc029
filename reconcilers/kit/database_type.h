// The shape RDS instances and Redshift clusters share: named (the identifier, kept in lower
// case by AWS), found in one paginated describe per region and cycle that carries the tags,
// slow (ready only when `available`; those being deleted count as gone), created with the
// ownership tags and a write-only password, and deleted with or without a final snapshot as
// the DeletionPolicy says. A type of this shape states its calls and how to read one record,
// and writes its own Compare and Update with the helpers below.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/kit/resource_name_tags.h"
#include "reconcilers/kit/write_only.h"

namespace awsr::reconcilers::kit {

struct DatabaseShape {
  const char* identifier;      // "DBInstanceIdentifier": the name, in calls and records
  const char* describe;        // "DescribeDBInstances"
  const char* list_field;      // "DBInstances"
  const char* element;         // "DBInstance": a record, in the describe and the create's answer
  const char* create;          // "CreateDBInstance"
  const char* already_exists;  // "DBInstanceAlreadyExists"
  const char* remove;          // "DeleteDBInstance"
  const char* skip_snapshot;   // "SkipFinalSnapshot"
  const char* final_snapshot;  // "FinalDBSnapshotIdentifier"
  ResourceNameTagging tagging;
};

// What every record tells the same way: the identifier (physical ID, identity, and the
// property of that name), AWS's status (ready when `available`), the tags, and the `names`
// members as typed scalars. Pure.
engine::ObservedResource FromRecordBasics(const nlohmann::json& record, const char* identifier,
                                          const char* status, const char* tags,
                                          std::span<const char* const> names,
                                          const std::string& region);

// The top-level properties a diff touches ("/MasterUserSecret/KmsKeyId": MasterUserSecret).
std::set<std::string> ChangedProperties(const engine::Diff& diff);

// One modification call: ModifyDBInstance, ModifyCluster, ModifyClusterIamRoles, ...
struct Modification {
  std::string operation;
  nlohmann::json params;
};

class DatabaseType : public engine::Reconciler {
 public:
  DatabaseType(engine::TypeInfo info, DatabaseShape shape, aws::AwsClient& client,
               std::set<std::string> write_only)
      : Reconciler(info), shape_(shape), client_(client), write_only_(std::move(write_only)) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override;
  engine::Task<engine::ObservedList> ObserveAll(
      engine::ObserveScope scope) override;
  // Dynamic references resolved, CreateParams, the ownership tags and the write-only stamp;
  // "already exists" is fine when the one that exists is ours (an answer lost).
  engine::Task<engine::ObservedResource> Create(engine::DesiredResource desired) override;
  // Dynamic references resolved, the Modifications sent in order, then the write-only stamp.
  engine::Task<void> Update(engine::DesiredResource desired, engine::ObservedResource observed,
                            engine::Diff diff) override;
  // DeletionPolicy Snapshot leaves a final snapshot named from owner, logical ID and the
  // creation time in the observed resource's internal "created".
  engine::Task<void> Delete(engine::ObservedResource observed) override;

 protected:
  // One record of the describe (or the create's answer), in CloudFormation's terms, with the
  // ARN the tag calls need in internal "arn".
  virtual engine::ObservedResource FromRecord(const nlohmann::json& record,
                                              const std::string& region) const = 0;
  // The create call's parameters besides the identifier and Tags, from properties whose
  // dynamic references are resolved.
  virtual Result<nlohmann::json> CreateParams(const engine::DesiredResource& desired,
                                              const nlohmann::json& properties) const = 0;
  // The calls that bring `observed` to the `changed` top-level properties, from properties
  // whose dynamic references are resolved; an invalid-spec error for what cannot change in
  // place. None when nothing is left to send (the stamp alone changed).
  virtual Result<std::vector<Modification>> Modifications(
      const engine::ObservedResource& observed, const nlohmann::json& properties,
      const std::set<std::string>& changed) const = 0;
  // Called before every describe and create: what FromRecord needs learnt first.
  virtual engine::Task<void> Prepare();

  const WriteOnly& write_only() const { return write_only_; }

 private:
  engine::Task<std::vector<engine::ObservedResource>> Describe(std::string region,
                                                               std::string name);

  DatabaseShape shape_;
  aws::AwsClient& client_;
  WriteOnly write_only_;
};

}  // namespace awsr::reconcilers::kit
