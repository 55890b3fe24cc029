#include "daemon/engine/status_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace awsr::engine {
namespace {

namespace fs = std::filesystem;

class StatusStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("awsr-status-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StatusStore Reloaded() {
    StatusStore store(dir_.string());
    EXPECT_TRUE(store.Load());
    return store;
  }

  fs::path dir_;
};

// Saves serialise only what changed since the previous save; what a restart reads must still
// be every status as it is now.
TEST_F(StatusStoreTest, ARestartSeesEveryStatusAsLastChanged) {
  StatusStore store(dir_.string());
  for (const std::string id : {"Vpc", "Subnet", "Group"}) {
    ResourceStatus& status = store.At(id);
    status.type = "AWS::EC2::VPC";
    status.physical_id = "id-of-" + id;
  }
  Event created;
  created.logical_id = "Vpc";
  created.action = "created";
  created.message = "created id-of-Vpc";
  store.Record(created);
  ASSERT_TRUE(store.Save());

  store.At("Subnet").physical_id = "subnet-new";  // changed after the first save
  store.Erase("Group");
  ASSERT_TRUE(store.Save());

  StatusStore restarted = Reloaded();
  ASSERT_EQ(restarted.All().size(), 2u);
  EXPECT_EQ(restarted.Find("Vpc")->physical_id, "id-of-Vpc");
  EXPECT_EQ(restarted.Find("Subnet")->physical_id, "subnet-new");
  EXPECT_EQ(restarted.Find("Group"), nullptr);
  ASSERT_EQ(restarted.EventsAfter(0).size(), 1u);
  EXPECT_EQ(restarted.EventsAfter(0)[0].message, "created id-of-Vpc");

  // A store loaded from disk writes back everything it read, not only what it touched.
  restarted.At("Vpc").message = "seen again";
  ASSERT_TRUE(restarted.Save());
  StatusStore again = Reloaded();
  EXPECT_EQ(again.All().size(), 2u);
  EXPECT_EQ(again.Find("Vpc")->message, "seen again");
  EXPECT_EQ(again.Find("Subnet")->physical_id, "subnet-new");
}

TEST_F(StatusStoreTest, ACorruptFileIsSetAsideAndTheStoreStartsEmpty) {
  std::ofstream(dir_ / "status.json") << "{\"version\": 1, \"resources\": [trunc";
  StatusStore store(dir_.string());
  EXPECT_FALSE(store.Load());
  EXPECT_TRUE(store.All().empty());
  EXPECT_TRUE(fs::exists(dir_ / "status.json.corrupt"));
}

}  // namespace
}  // namespace awsr::engine
