// The events a StatusStore saves are written from texts made once, when each is recorded or
// loaded: the files must hold the bytes serialising the events would, and read back the same.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/base/json_fields.h"
#include "daemon/engine/status_store.h"
#include "tests/support/test_directory.h"

namespace awsr::engine::status_store_events_test {

namespace fs = std::filesystem;
using nlohmann::json;

class StatusStoreEventsTest : public ::testing::Test {
 protected:
  std::string Contents(const std::string& name) const {
    std::stringstream text;
    text << std::ifstream(dir_ / name).rdbuf();
    return text.str();
  }

  testing::TestDirectory scratch_{"awsr-status-events"};
  const fs::path dir_ = scratch_.path();
};

// Each event as ToJson serialises it now: what the saved texts must equal.
std::string Serialised(const std::vector<Event>& events) {
  json array = json::array();
  for (const Event& event : events) array.push_back(ToJson(event));
  return DumpJson(array);
}

// Outside bytes (quotes, non-ASCII, non-UTF-8) and a lease epoch, which only some events carry.
void RecordVaried(StatusStore& store, const std::string& id) {
  Event created;
  created.time = WallClock::now();
  created.logical_id = id;
  created.type = "AWS::EC2::VPC";
  created.action = "created";
  created.message = "created \"vpc-1\" from café.json";
  store.Record(created);
  Event refused;
  refused.logical_id = id;
  refused.action = "conflict";
  refused.message = "from caf\xe9.json";
  refused.lease_epoch = 7;
  store.Record(refused);
}

TEST_F(StatusStoreEventsTest, AWholeSaveWritesTheEventsAsSerialisingThemWould) {
  {
    StatusStore store(dir_.string());
    store.At("Vpc").physical_id = "vpc-1";
    RecordVaried(store, "Vpc");
    ASSERT_TRUE(store.Save());
    const std::string text = Contents("status.json");
    const std::string events = ",\"events\":" + Serialised(store.EventsAfter(0)) + "}";
    ASSERT_GE(text.size(), events.size());
    EXPECT_EQ(text.substr(text.size() - events.size()), events);
  }
  StatusStore reloaded(dir_.string());
  ASSERT_TRUE(reloaded.Load());
  const auto events = reloaded.EventsAfter(0);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].lease_epoch, 7);
  EXPECT_EQ(events[1].message, "from caf\xef\xbf\xbd.json");  // replaced as before
  EXPECT_EQ(reloaded.LastSequence(), 2u);
}

// The changes file is DumpJson's own text of its document (keys sorted, nothing spaced), and
// events recorded after a load join the loaded ones' texts in both files.
TEST_F(StatusStoreEventsTest, ChangesAndLoadedEventsKeepTheirTexts) {
  {
    StatusStore store(dir_.string());
    store.At("Vpc").physical_id = "vpc-1";
    store.At("Old").physical_id = "vpc-old";
    RecordVaried(store, "Vpc");
    ASSERT_TRUE(store.Save());
    store.Erase("Old");
    RecordVaried(store, "Group");
    ASSERT_TRUE(store.SaveChanges());
    const std::string changes = Contents("status.changes.json");
    EXPECT_EQ(changes, DumpJson(json::parse(changes)));
    EXPECT_EQ(DumpJson(json::parse(changes)["events"]), Serialised(store.EventsAfter(0)));
    EXPECT_TRUE(json::parse(changes)["resources"]["Old"].is_null());
  }  // a crash: the changes were not folded into status.json
  std::vector<Event> loaded;
  {
    StatusStore store(dir_.string());
    ASSERT_TRUE(store.Load());
    EXPECT_EQ(store.Find("Old"), nullptr);
    ASSERT_EQ(store.EventsAfter(0).size(), 4u);
    EXPECT_EQ(store.EventsAfter(0)[3].lease_epoch, 7);
    RecordVaried(store, "Subnet");
    EXPECT_EQ(store.LastSequence(), 6u);
    loaded = store.EventsAfter(0);
    ASSERT_TRUE(store.SaveChanges());
    EXPECT_EQ(DumpJson(json::parse(Contents("status.changes.json"))["events"]), Serialised(loaded));
    ASSERT_TRUE(store.Save());
    const std::string text = Contents("status.json");
    EXPECT_NE(text.find(",\"events\":" + Serialised(loaded) + "}"), std::string::npos);
  }
  StatusStore reloaded(dir_.string());
  ASSERT_TRUE(reloaded.Load());
  EXPECT_EQ(Serialised(reloaded.EventsAfter(0)), Serialised(loaded));
}

// A store keeping fewer events than the file holds keeps the newest, and saves only those.
TEST_F(StatusStoreEventsTest, ALoadKeepsTheNewestEventsItHasRoomFor) {
  {
    StatusStore store(dir_.string());
    for (const std::string id : {"A", "B", "C"}) RecordVaried(store, id);
    ASSERT_TRUE(store.Save());
  }
  StatusStore store(dir_.string(), 2);
  ASSERT_TRUE(store.Load());
  const auto events = store.EventsAfter(0);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sequence, 5u);
  EXPECT_EQ(events[0].logical_id, "C");
  store.At("C").physical_id = "c-1";
  ASSERT_TRUE(store.Save());
  EXPECT_NE(Contents("status.json").find(",\"events\":" + Serialised(events) + "}"),
            std::string::npos);
}

}  // namespace awsr::engine::status_store_events_test
