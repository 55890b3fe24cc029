// libFuzzer target: any bytes as the AWS shared config/credentials files and as what a
// credential source prints (credential_process, IMDS, STS), and as dates AWS sends.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/aws/auth_rejection.h"
#include "daemon/aws/credential_parsing.h"
#include "daemon/aws/shared_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsr::aws;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  IniFile ini = ParseIni(text);
  SharedConfig config(ini, ini);
  for (const auto& [section, values] : ini) {
    if (auto profile = config.Find(section)) {
      (void)CredentialsFromProfile(*profile);
      (void)profile->Get("credential_process");
    }
  }
  (void)CredentialsFromProcessOutput(text);
  (void)CredentialsFromImdsDocument(text);
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  (void)CredentialsFromStsResult(json);
  (void)ParseIso8601(text);
  (void)ParseHttpDate(text);
  (void)ClockCorrection(text, std::chrono::system_clock::now(), std::chrono::milliseconds(0));
  return 0;
}
