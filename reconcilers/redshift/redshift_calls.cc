#include "reconcilers/redshift/redshift_calls.h"

#include "daemon/base/json_fields.h"

namespace awsr::reconcilers::redshift {

engine::Task<void> RedshiftArns::Prepare() {
  if (!account_.empty()) co_return Result<void>{};
  const aws::CallRequest call("sts", "GetCallerIdentity");
  auto identity = co_await client_.Call(call);
  if (!identity) co_return identity.error();
  account_ = StringField(identity->data, "Account");
  co_return Result<void>{};
}

std::string RedshiftArns::Arn(const std::string& region, const std::string& kind,
                              const std::string& name) const {
  const std::string partition = region.starts_with("cn-")       ? "aws-cn"
                                : region.starts_with("us-gov-") ? "aws-us-gov"
                                                                : "aws";
  return "arn:" + partition + ":redshift:" + region + ":" + account_ + ":" + kind + ":" + name;
}

}  // namespace awsr::reconcilers::redshift
