#include "daemon/engine/detail_reads.h"

#include <gtest/gtest.h>

namespace awsr::engine {
namespace {

using nlohmann::json;

DetailRead Read(std::string id, std::string service, bool urgent,
                std::optional<int> read_seconds_ago) {
  DetailRead read;
  read.where = {"AWS::S3::Bucket", "us-east-1"};
  read.service = std::move(service);
  read.physical_id = id;
  read.property = "VersioningConfiguration";
  read.logical_id = id;
  read.urgent = urgent;
  if (read_seconds_ago) {
    read.last_read =
        WallClock::time_point{} + std::chrono::hours(1) - std::chrono::seconds(*read_seconds_ago);
  }
  return read;
}

std::vector<std::string> Ids(const std::vector<DetailRead>& reads) {
  std::vector<std::string> ids;
  for (const auto& read : reads) ids.push_back(read.physical_id);
  return ids;
}

TEST(ChooseDetailReadsTest, UrgentAlwaysThenNeverReadThenOldestWithinTheBudget) {
  struct Case {
    std::string reason;
    std::vector<DetailRead> wanted;
    DetailBudget budget;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"never read before read, oldest before newest",
       {Read("new", "s3", false, 10), Read("old", "s3", false, 500),
        Read("never", "s3", false, {})},
       {2, 2},
       {"never", "old"}},
      {"urgent reads go beyond the budget and count against it",
       {Read("a", "s3", true, 1), Read("b", "s3", true, 1), Read("c", "s3", false, {})},
       {1, 1},
       {"a", "b"}},
      {"the per-service budget leaves room for another service",
       {Read("s1", "s3", false, {}), Read("s2", "s3", false, {}), Read("e1", "ecr", false, {})},
       {10, 1},
       {"s1", "e1"}},
      {"nothing wanted, nothing read", {}, {5, 5}, {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Ids(ChooseDetailReads(c.wanted, c.budget)), c.expected) << c.reason;
  }
}

TEST(DetailCacheTest, AppliesWhatWasReadAndForgetsWhatIsGone) {
  DetailCache cache;
  const TypeRegion where{"AWS::S3::Bucket", "us-east-1"};
  const auto at = WallClock::time_point{} + std::chrono::hours(5);
  cache.Record(where, "b1", "VersioningConfiguration", json{{"Status", "Enabled"}}, at);
  cache.Record(where, "b1", "Tags",
               json::array({{{"Key", "awsreconciled:owner"}, {"Value", "me"}},
                            {{"Key", "team"}, {"Value", "data"}}}),
               at + std::chrono::seconds(5));
  cache.Record(where, "gone", "Tags", json::array(), at);

  ObservedResource b1;
  b1.physical_id = "b1";
  b1.tags_unknown = true;
  ObservedResource b2 = b1;
  b2.physical_id = "b2";  // never read: stays unknown
  // What the bulk read made of b1 is shared (kit::ObservedMemo holds it too): the details go
  // on the list's own copy, and the shared one stays as the read made it.
  const SharedObserved as_read = ShareObserved(b1);
  ObservedList fresh(std::vector<SharedObserved>{as_read, ShareObserved(b2)});
  cache.Apply(where, fresh);
  EXPECT_TRUE(as_read->tags_unknown);
  EXPECT_FALSE(as_read->properties.Contains("VersioningConfiguration"));
  EXPECT_EQ(fresh[0].properties["VersioningConfiguration"], (json{{"Status", "Enabled"}}));
  EXPECT_FALSE(fresh[0].tags_unknown);
  EXPECT_EQ(fresh[0].Tag("awsreconciled:owner"), "me");
  EXPECT_EQ(fresh[0].properties["Tags"], json::array({{{"Key", "team"}, {"Value", "data"}}}));
  EXPECT_TRUE(fresh[1].tags_unknown);
  EXPECT_FALSE(fresh[1].properties.Contains("VersioningConfiguration"));
  EXPECT_FALSE(cache.ReadAt(where, "gone", "Tags")) << "a resource no longer listed is forgotten";

  EXPECT_EQ(cache.FullyReadAt(where, "b1", {"Tags", "VersioningConfiguration"}), at)
      << "the oldest of the reads";
  EXPECT_FALSE(cache.FullyReadAt(where, "b1", {"Tags", "LifecycleConfiguration"}))
      << "one never read: not read whole";
}


// Details put on a shared resource are put once: the same resource with the same details is
// handed the same result, so it stays one shared object; a changed value, a changed resource or
// a forgotten one makes a new result, and a read that finds what was known does not.
TEST(DetailCacheTest, AnUnchangedResourceWithUnchangedDetailsIsTheSameObject) {
  DetailCache cache;
  const TypeRegion where{"AWS::EC2::VPC", "us-east-1"};
  const auto at = WallClock::time_point{} + std::chrono::hours(5);
  cache.Record(where, "vpc-1", "EnableDnsHostnames", true, at);
  ObservedResource vpc;
  vpc.physical_id = "vpc-1";
  const SharedObserved as_read = ShareObserved(vpc);
  const auto apply = [&](const SharedObserved& read) {
    ObservedList fresh(std::vector<SharedObserved>{read});
    cache.Apply(where, fresh);
    return fresh.Shared(0);
  };
  const SharedObserved first = apply(as_read);
  EXPECT_NE(first, as_read) << "a copy: the read's own stays as it was";
  EXPECT_EQ(first->properties["EnableDnsHostnames"], true);
  EXPECT_EQ(apply(as_read), first) << "the same read, the same details";

  cache.Record(where, "vpc-1", "EnableDnsHostnames", true, at + std::chrono::hours(1));
  EXPECT_EQ(apply(as_read), first) << "read again, found as known";

  cache.Record(where, "vpc-1", "EnableDnsHostnames", false, at + std::chrono::hours(2));
  const SharedObserved changed = apply(as_read);
  EXPECT_NE(changed, first);
  EXPECT_EQ(changed->properties["EnableDnsHostnames"], false);
  EXPECT_EQ(first->properties["EnableDnsHostnames"], true) << "what was handed out stays";

  const SharedObserved another_read = ShareObserved(vpc);
  EXPECT_NE(apply(another_read), changed) << "another read of the resource";

  // Forgotten (after a write), then read again: the count of changes starts again, and
  // must not meet what was made before.
  ObservedResource other = vpc;
  other.physical_id = "vpc-2";
  const SharedObserved other_read = ShareObserved(other);
  cache.Record(where, "vpc-2", "EnableDnsHostnames", false, at);
  ObservedList both(std::vector<SharedObserved>{other_read});
  cache.Apply(where, both, DetailCache::Extent::kFocused);
  cache.Forget(where, "vpc-2");
  cache.Record(where, "vpc-2", "EnableDnsHostnames", true, at + std::chrono::hours(3));
  ObservedList again(std::vector<SharedObserved>{other_read});
  cache.Apply(where, again, DetailCache::Extent::kFocused);
  EXPECT_EQ(again[0].properties["EnableDnsHostnames"], true) << "never the old result";
}

}  // namespace
}  // namespace awsr::engine
