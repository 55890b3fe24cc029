#include "reconcilers/register_all.h"

#include <memory>

#include "reconcilers/ec2/security_group_reconciler.h"
#include "reconcilers/ec2/vpc_reconciler.h"

namespace awsr::reconcilers {

void RegisterAll(engine::Registry& registry, aws::AwsClient& client,
                 const ReconcilerOptions& options) {
  (void)options;  // the key pair reconciler will keep private keys under options.state_dir
  registry.Add(std::make_unique<ec2::VpcReconciler>(client));
  registry.Add(std::make_unique<ec2::SecurityGroupReconciler>(client));
}

}  // namespace awsr::reconcilers
