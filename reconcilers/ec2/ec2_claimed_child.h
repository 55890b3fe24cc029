// The shape of the EC2 sub-resources that AWS lists only inside their parent and that cannot
// carry tags: a route or a subnet association in a route table, a gateway's attachment to a
// VPC. Each is "<parent-id>|<child>" (Ref and identity key), is seen in the describe of the
// parents this daemon owns, and is ours when its parent claims it (ec2_claims.h). The claim is
// written before the child is created and dropped after it is deleted. A type of this shape
// states its parent and how to list, create and delete one child. It reads its parents through
// the list it shares with the parent type (ec2_shared_list.h), dropped before its writes.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/base/crypto.h"

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/ec2/ec2_shared_list.h"

namespace awsr::reconcilers::ec2 {

struct ClaimedShape {
  const char* kind;             // "route": the claim's kind
  const char* describe;         // "DescribeRouteTables": lists the parents, children inside
  const char* list_field;       // "routeTableSet"
  int page_size;                // the describe's largest MaxResults
  const char* parent_property;  // "RouteTableId": names the parent in the file, and describes it
  const char* parent_field;     // "routeTableId": the parent's ID in the describe
  const char* child_property;   // "DestinationCidrBlock": names the child within its parent
};

class ClaimedChild : public engine::Reconciler {
 public:
  ClaimedChild(engine::TypeInfo info, ClaimedShape shape, aws::AwsClient& client,
               std::shared_ptr<SharedOwnedList> parents)
      : Reconciler(info), shape_(shape), client_(client), parents_(std::move(parents)) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override;
  // One paginated describe of the parents with the owner tag filter, shared with the parent
  // type: children are only managed under parents this daemon owns.
  engine::Task<engine::ObservedList> ObserveAll(
      engine::ObserveScope scope) override;
  void BeforeWrite() override { parents_->Invalidate(); }
  // Claim first, then the child: a crash in between leaves a claim without a child, which the
  // next pass completes (or clears if the file dropped it), never a child of ours unclaimed.
  engine::Task<engine::ObservedResource> Create(engine::DesiredResource desired) override;
  // The child, then its claim. A child gone already (or an orphan claim) is fine.
  engine::Task<void> Delete(engine::ObservedResource observed) override;

 protected:
  // The children AWS lists in one parent, each made with Child() and completed.
  virtual std::vector<engine::ObservedResource> Listed(const nlohmann::json& parent,
                                                       const std::string& region) const = 0;
  // Creates the child in AWS (its claim is written); returns it.
  virtual engine::Task<engine::ObservedResource> CreateChild(engine::DesiredResource desired) = 0;
  // Removes the child from AWS; "not there" is done. An orphan claim's child has only what
  // Child() gives it.
  virtual engine::Task<void> DeleteChild(engine::ObservedResource observed) = 0;

  // A child as its identity alone describes it: ID, region, the two properties, claim site.
  engine::ObservedResource Child(const std::string& parent_id, const std::string& child,
                                 const std::string& region) const;

  aws::AwsClient& client() { return client_; }

 private:
  // What the children of each parent were made into at a region's last read, by the digest of
  // the parent's bytes: a parent read again byte for byte, asked about the same identity keys,
  // has the same children, handed back as the same shared resources (the engine then keeps an
  // unchanged list without looking at it again).
  struct Made {
    std::set<std::string> wanted;
    std::unordered_map<ShortDigest, std::vector<engine::SharedObserved>, DigestHash> by_parent;
  };

  ClaimedShape shape_;
  aws::AwsClient& client_;
  std::shared_ptr<SharedOwnedList> parents_;
  std::map<std::string, Made> made_;  // by region
};

}  // namespace awsr::reconcilers::ec2
