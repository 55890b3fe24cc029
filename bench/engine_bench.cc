// Engine costs that grow with the number of resources, on 10,000 of them (1,000 VPCs, each with
// 9 security groups of 2 ingress rules), all in sync: parsing the desired file, diffing every
// desired/observed pair, and planning every resource.
//   ./build/awsr_bench --benchmark_filter=Engine
#include <benchmark/benchmark.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/desired_set.h"
#include "config/document.h"
#include "config/schema.h"
#include "daemon/aws/aws_client.h"
#include "daemon/aws/static_credentials.h"
#include "daemon/engine/diff.h"
#include "daemon/engine/planner.h"
#include "daemon/engine/registry.h"
#include "reconcilers/register_all.h"

namespace awsr::engine {
namespace {

using nlohmann::json;

constexpr int kVpcs = 1000;
constexpr int kGroupsPerVpc = 9;
constexpr std::string_view kOwner = "awsreconciled";
constexpr std::string_view kVpcType = "AWS::EC2::VPC";
constexpr std::string_view kGroupType = "AWS::EC2::SecurityGroup";

json Tags(std::string_view key, std::string_view value) {
  return json::array({{{"Key", key}, {"Value", value}}});
}

json VpcProperties(int vpc) {
  return {
      {"CidrBlock", "10." + std::to_string(vpc / 256) + "." + std::to_string(vpc % 256) + ".0/24"},
      {"EnableDnsHostnames", true},
      {"Tags", Tags("Name", "bench-" + std::to_string(vpc))}};
}

json Ingress(int port, std::string_view cidr) {
  return {{"IpProtocol", "tcp"}, {"FromPort", port}, {"ToPort", port}, {"CidrIp", cidr}};
}

// A group's properties; `vpc_id` is a Ref in the file and a physical ID once observed.
json GroupProperties(int vpc, int group, json vpc_id) {
  return {{"GroupName", "bench-" + std::to_string(vpc) + "-" + std::to_string(group)},
          {"GroupDescription", "service " + std::to_string(group)},
          {"VpcId", std::move(vpc_id)},
          {"SecurityGroupIngress",
           json::array({Ingress(8000 + group, "10.0.0.0/8"), Ingress(22, "192.168.0.0/16")})},
          {"Tags", Tags("service", "svc" + std::to_string(group))}};
}

std::string VpcId(int vpc) { return "VpcL" + std::to_string(vpc); }
std::string GroupId(int vpc, int group) {
  return "SgL" + std::to_string(vpc) + "x" + std::to_string(group);
}
std::string PhysicalVpc(int vpc) { return "vpc-" + std::to_string(100000 + vpc); }

ObservedResource Observed(std::string physical_id, const std::string& logical_id, json properties) {
  ObservedResource resource;
  resource.physical_id = std::move(physical_id);
  resource.properties = std::move(properties);
  resource.tags = {{std::string(kOwnerTag), std::string(kOwner)},
                   {std::string(kLogicalIdTag), logical_id},
                   {std::string(kDeletionPolicyTag), "Delete"}};
  return resource;
}

// The desired side parsed from one file, and AWS's side as the reconcilers report it.
struct Fleet {
  boost::asio::io_context io;
  aws::AwsClient client{io.get_executor(),
                        std::make_shared<aws::StaticCredentialProvider>(aws::Credentials{}),
                        aws::ClientSettings{}, aws::Environment()};
  Registry registry = [this] {
    Registry all;
    reconcilers::RegisterAll(all, {client, "", ""});
    return all;
  }();
  config::TypeCatalog catalog = config::TypeCatalog::Embedded(
      std::set<std::string>{std::string(kVpcType), std::string(kGroupType)});
  std::string file_text;
  config::Declarations desired;
  ObservedIndex observed{std::string(kOwner)};
  PlanContext context{std::string(kOwner), "us-east-1", "123456789012", WallClock::now()};

  Fleet() {
    json resources = json::object();
    std::vector<ObservedResource> observed_vpcs, observed_groups;
    for (int vpc = 0; vpc < kVpcs; ++vpc) {
      resources[VpcId(vpc)] = {{"Type", kVpcType}, {"Properties", VpcProperties(vpc)}};
      json vpc_seen = VpcProperties(vpc);
      vpc_seen["EnableDnsSupport"] = true;
      observed_vpcs.push_back(Observed(PhysicalVpc(vpc), VpcId(vpc), std::move(vpc_seen)));
      for (int group = 0; group < kGroupsPerVpc; ++group) {
        resources[GroupId(vpc, group)] = {
            {"Type", kGroupType},
            {"Properties", GroupProperties(vpc, group, {{"Ref", VpcId(vpc)}})}};
        json seen = GroupProperties(vpc, group, PhysicalVpc(vpc));
        seen["SecurityGroupEgress"] =
            json::array({{{"IpProtocol", "-1"}, {"CidrIp", "0.0.0.0/0"}}});
        ObservedResource resource = Observed("sg-" + std::to_string(vpc * kGroupsPerVpc + group),
                                             GroupId(vpc, group), seen);
        resource.identity_key = PhysicalVpc(vpc) + "/" + seen["GroupName"].get<std::string>();
        observed_groups.push_back(std::move(resource));
      }
    }
    file_text = json{{"Resources", resources}}.dump();
    desired =
        config::ToDeclarations(config::ParseDocument("fleet.json", file_text, catalog).resources);
    observed.Replace({std::string(kVpcType), "us-east-1"}, std::move(observed_vpcs));
    observed.Replace({std::string(kGroupType), "us-east-1"}, std::move(observed_groups));
  }

  const Reconciler& ReconcilerFor(const config::ResourceDecl& decl) const {
    return *registry.Find(decl.type);
  }

  std::vector<Action> PlanAll() const {
    std::vector<Action> actions;
    actions.reserve(desired.size());
    for (const auto& [id, decl] : desired) {
      actions.push_back(
          PlanDesired(*decl, ReconcilerFor(*decl), desired, observed, nullptr, catalog, context));
    }
    return actions;
  }
};

Fleet& SharedFleet() {
  static Fleet fleet;
  return fleet;
}

// Every desired resource resolved, beside what AWS has of it: the pairs a cycle diffs.
struct Pair {
  const Reconciler* reconciler;
  DesiredResource desired;
  ObservedResource observed;
};

std::vector<Pair> InSyncPairs(Fleet& fleet) {
  std::vector<Pair> pairs;
  for (Action& action : fleet.PlanAll()) {
    if (action.kind != ActionKind::kNone || !action.observed) {
      throw std::runtime_error(action.logical_id + " is not in sync: " + action.message);
    }
    const auto& decl = *fleet.desired.at(action.logical_id);
    pairs.push_back(
        {&fleet.ReconcilerFor(decl), std::move(action.desired), std::move(*action.observed)});
  }
  return pairs;
}

void ReportPerResource(benchmark::State& state, std::size_t resources) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * resources));
  state.counters["resources"] = static_cast<double>(resources);
}

void BM_EngineParseDocument10000(benchmark::State& state) {
  Fleet& fleet = SharedFleet();
  for (auto _ : state) {
    benchmark::DoNotOptimize(config::ParseDocument("fleet.json", fleet.file_text, fleet.catalog));
  }
  ReportPerResource(state, fleet.desired.size());
}
BENCHMARK(BM_EngineParseDocument10000)->Unit(benchmark::kMillisecond);

void BM_EngineDiffProperties10000(benchmark::State& state) {
  const std::vector<Pair> pairs = InSyncPairs(SharedFleet());
  DiffRules rules;
  rules.set_properties = {"SecurityGroupIngress", "SecurityGroupEgress"};
  for (auto _ : state) {
    for (const Pair& pair : pairs) {
      benchmark::DoNotOptimize(
          DiffProperties(pair.desired.properties, pair.observed.properties, rules));
    }
  }
  ReportPerResource(state, pairs.size());
}
BENCHMARK(BM_EngineDiffProperties10000)->Unit(benchmark::kMillisecond);

void BM_EngineReconcilerCompare10000(benchmark::State& state) {
  const std::vector<Pair> pairs = InSyncPairs(SharedFleet());
  for (auto _ : state) {
    for (const Pair& pair : pairs) {
      benchmark::DoNotOptimize(pair.reconciler->Compare(pair.desired, pair.observed));
    }
  }
  ReportPerResource(state, pairs.size());
}
BENCHMARK(BM_EngineReconcilerCompare10000)->Unit(benchmark::kMillisecond);

void BM_EnginePlanDesired10000(benchmark::State& state) {
  Fleet& fleet = SharedFleet();
  for (auto _ : state) benchmark::DoNotOptimize(fleet.PlanAll());
  ReportPerResource(state, fleet.desired.size());
}
BENCHMARK(BM_EnginePlanDesired10000)->Unit(benchmark::kMillisecond);

// The fleet in the many-files layout, one file per VPC with its groups: one file edited, as a
// user does, settled against the 999 others (the desired set's part of reacting to a file).
std::string VpcFile(int vpc, int edit) {
  json resources = json::object();
  resources[VpcId(vpc)] = {{"Type", kVpcType}, {"Properties", VpcProperties(vpc)}};
  for (int group = 0; group < kGroupsPerVpc; ++group) {
    json properties = GroupProperties(vpc, group, {{"Ref", VpcId(vpc)}});
    properties["GroupDescription"] = "edit " + std::to_string(edit);
    resources[GroupId(vpc, group)] = {{"Type", kGroupType}, {"Properties", std::move(properties)}};
  }
  return json{{"Resources", resources}}.dump();
}

void BM_EngineSettleOneEditedFileOf1000(benchmark::State& state) {
  Fleet& fleet = SharedFleet();
  config::DesiredSet set(fleet.catalog);
  std::vector<config::DesiredSet::FileUpdate> files;
  for (int vpc = 0; vpc < kVpcs; ++vpc) {
    files.push_back({"vpc" + std::to_string(vpc) + ".json", VpcFile(vpc, 0), ""});
  }
  set.Update(files, config::Clock::now());
  int edit = 0;
  for (auto _ : state) {
    if (!set.UpdateFile("vpc0.json", VpcFile(0, ++edit), config::Clock::now())) {
      throw std::runtime_error("the edit was not taken into force");
    }
  }
  ReportPerResource(state, set.Resources().size());
}
BENCHMARK(BM_EngineSettleOneEditedFileOf1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace awsr::engine
