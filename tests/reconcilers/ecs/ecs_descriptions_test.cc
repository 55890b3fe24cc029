#include <gtest/gtest.h>

#include "reconcilers/ecs/service_description.h"
#include "reconcilers/ecs/task_definition_description.h"
#include "reconcilers/kit/json_member_case.h"

namespace awsr::reconcilers::ecs {
namespace {

using nlohmann::json;

json WebContainer(const std::string& image, json environment) {
  return {{"Name", "web"},
          {"Image", image},
          {"PortMappings", json::array({{{"ContainerPort", 80}}})},
          {"Environment", std::move(environment)},
          {"LogConfiguration",
           {{"LogDriver", "awslogs"}, {"Options", {{"awslogs-group", "/ecs/web"}}}}}};
}

json Env(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  json list = json::array();
  for (const auto& [name, value] : pairs) list.push_back({{"Name", name}, {"Value", value}});
  return list;
}

TEST(EcsDescriptionTest, RegisterParamsAreCamelCaseButUserKeysKeepTheirSpelling) {
  const json properties = {{"Family", "ignored"},
                           {"Cpu", "256"},
                           {"ContainerDefinitions", {WebContainer("nginx", Env({{"A", "1"}}))}},
                           {"Tags", json::array()}};
  const json params = RegisterParams(properties, "web");
  EXPECT_EQ(params["family"], "web");
  EXPECT_EQ(params["cpu"], "256");
  EXPECT_FALSE(params.contains("tags")) << "tags are the reconciler's, with the ownership tags";
  const json& container = params["containerDefinitions"][0];
  EXPECT_EQ(container["portMappings"][0]["containerPort"], 80);
  EXPECT_EQ(container["logConfiguration"]["options"], (json{{"awslogs-group", "/ecs/web"}}));
  EXPECT_EQ(kit::ToPascalCase(json{{"dockerLabels", {{"app.tier", "web"}}}}, {"dockerLabels"}),
            (json{{"DockerLabels", {{"app.tier", "web"}}}}));
}

TEST(EcsDescriptionTest, ARevisionChangeIsNotCreateOnlyButTheFamilyIs) {
  const json described = {
      {"family", "web"},
      {"cpu", "256"},
      {"status", "ACTIVE"},
      {"containerDefinitions",
       {kit::ToCamelCase(WebContainer("nginx", Env({{"B", "2"}, {"A", "1"}})), {"options"})}}};
  const json observed = TaskDefinitionProperties(described);
  struct Row {
    const char* reason;
    json desired;
    std::vector<std::string> paths;
  };
  const std::vector<Row> rows = {
      {"same content, environment in another order",
       {{"Family", "web"}, {"Cpu", "256"},
        {"ContainerDefinitions", {WebContainer("nginx", Env({{"A", "1"}, {"B", "2"}}))}}},
       {}},
      {"a new image: a new revision",
       {{"Family", "web"}, {"ContainerDefinitions", {WebContainer("nginx:2", Env({{"A", "1"}, {"B", "2"}}))}}},
       {"/Revision/ContainerDefinitions"}},
      {"a new size", {{"Cpu", "512"}}, {"/Revision/Cpu"}},
      {"another family is another resource", {{"Family", "api"}}, {"/Family"}},
  };
  for (const auto& row : rows) {
    std::vector<std::string> paths;
    for (const auto& change : CompareRevision(row.desired, observed).changes)
      paths.push_back(change.path);
    EXPECT_EQ(paths, row.paths) << row.reason;
  }
}

TEST(EcsDescriptionTest, RevisionArns) {
  const std::string arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:12";
  EXPECT_EQ(FamilyOfArn(arn), "web");
  EXPECT_EQ(RevisionOfArn(arn), 12);
  EXPECT_EQ(RevisionOfArn(""), 0);
  EXPECT_EQ(RevisionOfArn("arn:aws:ecs:us-east-1:123456789012:task-definition/web"), 0);
}

TEST(EcsDescriptionTest, ServiceProgress) {
  struct Row {
    const char* reason;
    json service;
    bool steady;
    std::string state;
  };
  const json primary_done = {{"status", "PRIMARY"}, {"rolloutState", "COMPLETED"}};
  const json primary_rolling = {{"status", "PRIMARY"}, {"rolloutState", "IN_PROGRESS"}};
  const json old = {{"status", "ACTIVE"}, {"rolloutState", "COMPLETED"}};
  const std::vector<Row> rows = {
      {"steady", {{"deployments", {primary_done}}, {"desiredCount", 1}, {"runningCount", 1}}, true, ""},
      {"rolling out", {{"deployments", {primary_rolling, old}}, {"desiredCount", 1}, {"runningCount", 1}},
       false, "deploying"},
      {"no rollout state, two deployments", {{"deployments", {{{"status", "PRIMARY"}}, old}}},
       false, "deploying"},
      {"tasks starting", {{"deployments", {primary_done}}, {"desiredCount", 2}, {"runningCount", 1}},
       false, "scaling"},
  };
  for (const auto& row : rows) {
    const ServiceProgress progress = ProgressOf(row.service);
    EXPECT_EQ(progress.steady, row.steady) << row.reason;
    EXPECT_EQ(progress.state, row.state) << row.reason;
  }
}

TEST(EcsDescriptionTest, ServiceComparedAsEcsMeansIt) {
  const json service = {
      {"serviceName", "web"},
      {"taskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"},
      {"desiredCount", 1},
      {"launchType", "FARGATE"},
      {"networkConfiguration",
       {{"awsvpcConfiguration",
         {{"subnets", {"subnet-b", "subnet-a"}}, {"assignPublicIp", "ENABLED"}}}}},
      {"placementStrategy", json::array()}};
  const json observed = ServiceProperties(service);
  EXPECT_TRUE(observed.contains("PlacementStrategies"));
  struct Row {
    const char* reason;
    json desired;
    std::vector<std::string> paths;
  };
  const std::vector<Row> rows = {
      {"the revision by family", {{"TaskDefinition", "web"}}, {}},
      {"the revision by family:revision", {{"TaskDefinition", "web:3"}}, {}},
      {"another revision", {{"TaskDefinition", "web:2"}}, {"/TaskDefinition"}},
      {"subnets are a set",
       {{"NetworkConfiguration", {{"AwsvpcConfiguration", {{"Subnets", {"subnet-a", "subnet-b"}}}}}}},
       {}},
      {"the cluster is the identity", {{"Cluster", "arn:aws:ecs:us-east-1:1:cluster/apps"}}, {}},
      {"a count", {{"DesiredCount", 2}}, {"/DesiredCount"}},
  };
  for (const auto& row : rows) {
    std::vector<std::string> paths;
    for (const auto& change : CompareService(row.desired, observed).changes)
      paths.push_back(change.path);
    EXPECT_EQ(paths, row.paths) << row.reason;
  }
  EXPECT_EQ(ClusterName(json("arn:aws:ecs:us-east-1:1:cluster/apps")), "apps");
  EXPECT_EQ(ClusterName(json()), "default");
}

TEST(EcsDescriptionTest, UpdateSendsOnlyWhatChanged) {
  engine::Diff diff;
  diff.changes.push_back({"/DesiredCount", 2, 1, false});
  const json params = ServiceUpdateParams(
      {{"DesiredCount", 2}, {"TaskDefinition", "web"}, {"LaunchType", "FARGATE"}}, diff);
  EXPECT_EQ(params, (json{{"desiredCount", 2}}));
}

}  // namespace
}  // namespace awsr::reconcilers::ecs
