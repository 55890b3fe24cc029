// A Lambda function's configuration as the file describes it and as Lambda answers it
// (ListFunctions, CreateFunction). Pure. The code is function_code.h's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/base/error.h"
#include "daemon/engine/diff.h"

namespace awsr::reconcilers::lambda {

// The function as CloudFormation properties (no Code, no Tags).
nlohmann::json FunctionProperties(const nlohmann::json& configuration);

// UpdateFunctionConfiguration's members for the file's properties (also the configuration part
// of CreateFunction, which adds Code, PackageType, Architectures and Tags). An invalid-spec
// error for a property this daemon does not write.
Result<nlohmann::json> ConfigurationParams(const nlohmann::json& properties);

// The diff of everything but Code, with VPC subnets and security groups compared as sets.
engine::Diff CompareConfiguration(const nlohmann::json& desired, const nlohmann::json& observed);

// The lifecycle word while Lambda refuses changes ("pending", "updating"); empty when ready.
std::string Busy(const nlohmann::json& configuration);

}  // namespace awsr::reconcilers::lambda
