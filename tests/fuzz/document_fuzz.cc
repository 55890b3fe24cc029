// libFuzzer target: any bytes as a desired-state file, alone and in a directory with others.
// Built and run by run_fuzz.sh; not part of the gtest binary.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/desired_set.h"
#include "config/document.h"
#include "config/intrinsics.h"

namespace {

const awsr::config::TypeCatalog& Catalog() {
  static const awsr::config::TypeCatalog catalog = awsr::config::TypeCatalog::Embedded();
  return catalog;
}

// A good file the fuzzed one can refer to, collide with, or form cycles with.
constexpr std::string_view kNeighbour = R"({"Resources": {
  "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
  "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "A"}}}}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace awsr::config;

  const ParsedDocument doc = ParseDocument("fuzz.json", text, Catalog());
  for (const ResourceDecl& decl : doc.resources) {
    ResolveContext context;
    context.region = decl.region;
    context.ref = [](std::string_view id) { return std::optional<std::string>(std::string(id)); };
    (void)Resolve(decl.properties.Unpack(), context);
    (void)decl.Dependencies();
  }

  DesiredSet set(Catalog());
  const auto now = Clock::now();
  set.UpdateFile("neighbour.json", kNeighbour, now);
  set.UpdateFile("fuzz.json", text, now);
  // A second version: half the input, to exercise the last-good-version fallback.
  set.UpdateFile("fuzz.json", text.substr(0, size / 2), now);
  (void)set.Files();
  set.RemoveFile("neighbour.json");
  (void)set.Problems();
  return 0;
}
