// libFuzzer target: any bytes as config.json, and as a duration. Errors name the key; nothing
// throws.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto settings = awsr::config::ParseSettings(text);
  if (!settings && settings.error().message.find("config") == std::string::npos) __builtin_trap();
  (void)awsr::config::ParseDuration(text);
  return 0;
}
