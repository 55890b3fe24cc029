// One owned describe per region and cycle, shared by the EC2 types that observe through the
// same list (kit/cycle_shared_read.h): DescribeInternetGateways for the gateways and their VPC
// attachments, DescribeRouteTables for the tables, their routes and their subnet associations.
// Every item comes whole (a child type reads inside it) with its digest, so a parent type still
// converts only the items it did not hold (kit/observed_memo.h). Any write of a sharing type
// drops the read; `export` (ObserveScope::everything) reads apart, unfiltered.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/aws/aws_client.h"
#include "daemon/engine/reconciler.h"
#include "reconcilers/ec2/ec2_tagged_type.h"
#include "reconcilers/kit/cycle_shared_read.h"
#include "reconcilers/kit/observed_memo.h"

namespace awsr::reconcilers::ec2 {

class SharedOwnedList {
 public:
  using Items = std::vector<aws::DigestedItem>;

  SharedOwnedList(aws::AwsClient& client, const char* describe, const char* list_field,
                  int page_size)
      : client_(client),
        describe_(describe),
        list_field_(list_field),
        page_size_(page_size),
        read_(*this, &Fetch) {}

  // The owned items of scope.region for `reader` (its type name), shared with the other types.
  engine::Task<std::shared_ptr<const Items>> Read(std::string reader, engine::ObserveScope scope);
  // The items as `convert` makes them, each converted only when `memo` did not hold it.
  engine::Task<engine::ObservedList> Observe(std::string reader, engine::ObserveScope scope,
                                             kit::ObservedMemo& memo,
                                             kit::ObservedMemo::Convert convert);
  // Called before every write of a sharing type.
  void Invalidate() { read_.Invalidate(); }

  const char* describe() const { return describe_; }

 private:
  static engine::Task<Items> Fetch(SharedOwnedList& self, std::string region);

  aws::AwsClient& client_;
  const char* describe_;
  const char* list_field_;
  int page_size_;
  std::string owner_;  // the daemon's one owner, from the scopes
  kit::CycleSharedRead<Items, SharedOwnedList> read_;
};

// An Ec2TaggedType (the parent of the shared list: gateways, route tables) that observes
// through the shared list, and drops it before its writes.
class SharedListTaggedType : public Ec2TaggedType {
 public:
  SharedListTaggedType(engine::TypeInfo info, Ec2Shape shape, aws::AwsClient& client,
                       std::shared_ptr<SharedOwnedList> list)
      : Ec2TaggedType(info, shape, client), list_(std::move(list)) {}

  engine::Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override;
  void BeforeWrite() override { list_->Invalidate(); }

 private:
  std::shared_ptr<SharedOwnedList> list_;
  std::map<std::string, kit::ObservedMemo> memos_;  // by region: what ObserveAll made last
};

// The lists the network types share, made once per registry (ec2_types.h).
struct NetworkLists {
  std::shared_ptr<SharedOwnedList> gateways;
  std::shared_ptr<SharedOwnedList> route_tables;
};

inline NetworkLists MakeNetworkLists(aws::AwsClient& client) {
  return {std::make_shared<SharedOwnedList>(client, "DescribeInternetGateways",
                                            "internetGatewaySet", 1000),
          std::make_shared<SharedOwnedList>(client, "DescribeRouteTables", "routeTableSet", 100)};
}

}  // namespace awsr::reconcilers::ec2
