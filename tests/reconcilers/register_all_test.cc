#include "reconcilers/register_all.h"

#include <gtest/gtest.h>

#include <cctype>

#include "config/schema.h"
#include "tests/reconcilers/ec2/ec2_fake_fixture.h"
#include "tests/support/registered_types.h"

namespace awsr::reconcilers {
namespace {

TEST(RegisterAllTest, EveryTypeIsInTheSpecificationWithItsOwnershipAndService) {
  ec2::OfflineClient client;
  const awsr::testing::RegisteredTypes types(client.get(), "/tmp");
  const auto registered = types.registry().Types();
  EXPECT_GE(registered.size(), 16u);
  const config::TypeCatalog catalog = config::TypeCatalog::Embedded(registered);
  for (const auto& type : registered) {
    EXPECT_NE(catalog.Find(type), nullptr) << type << " is not in the bundled specification";
    const engine::Reconciler& reconciler = types.Reconciler(type);
    EXPECT_EQ(reconciler.Type(), type);
    EXPECT_FALSE(reconciler.Service().empty()) << type;
    EXPECT_NO_THROW((void)types.Ownership(type)) << type;
    for (char c : reconciler.Service()) EXPECT_FALSE(std::isupper(c)) << type << ": a signing name";
  }
}

}  // namespace
}  // namespace awsr::reconcilers
