// libFuzzer target: any JSON as a resource's properties: references found, intrinsics checked
// and resolved (against resources that exist, and ones that do not yet), within bounded time
// and memory however the intrinsics nest.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/intrinsics.h"
#include "config/json_text.h"
#include "daemon/base/json_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsr::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const JsonText parsed = ParseJsonText(text);
  if (!parsed.ok()) return 0;
  (void)CheckIntrinsics(parsed.value, nlohmann::json::json_pointer());
  (void)References(parsed.value);
  ResolveContext context;
  context.region = size % 2 ? "cn-north-1" : "eu-west-1";
  context.account_id = "123456789012";
  context.owner = "fuzz";
  context.ref = [](std::string_view id) -> std::optional<std::string> {
    if (id.size() % 3 == 0) return std::nullopt;  // not created yet
    return "id-" + std::string(id);
  };
  context.get_att = [](std::string_view id,
                       std::string_view attribute) -> std::optional<nlohmann::json> {
    if (id.size() % 3 == 0) return std::nullopt;
    if (attribute.size() % 2) return nlohmann::json::array({std::string(id), 1, true});
    return std::string(id) + "." + std::string(attribute);
  };
  auto resolved = Resolve(parsed.value, context);
  if (resolved) (void)awsr::DumpJson(resolved->value);
  return 0;
}
