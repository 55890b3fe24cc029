#include "reconcilers/iam/iam_calls.h"

namespace awsr::reconcilers::iam {

aws::CallRequest IamCall(std::string operation, nlohmann::json params) {
  return aws::CallRequest("iam", std::move(operation), std::move(params));
}

}  // namespace awsr::reconcilers::iam
