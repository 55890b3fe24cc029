#include "reconcilers/register_all.h"

#include "reconcilers/cloudtrail/cloudtrail_types.h"
#include "reconcilers/cloudwatch/cloudwatch_types.h"
#include "reconcilers/codebuild/codebuild_types.h"
#include "reconcilers/ec2/ec2_types.h"
#include "reconcilers/ecr/ecr_types.h"
#include "reconcilers/ecs/ecs_types.h"
#include "reconcilers/elbv2/elbv2_types.h"
#include "reconcilers/iam/iam_types.h"
#include "reconcilers/lambda/lambda_types.h"
#include "reconcilers/logs/logs_types.h"
#include "reconcilers/rds/rds_types.h"
#include "reconcilers/redshift/redshift_types.h"
#include "reconcilers/s3/s3_types.h"
#include "reconcilers/secretsmanager/secretsmanager_types.h"
#include "reconcilers/sns/sns_types.h"

namespace awsr::reconcilers {

void RegisterAll(engine::Registry& registry, const kit::Context& context) {
  cloudtrail::RegisterCloudTrail(registry, context);
  cloudwatch::RegisterCloudWatch(registry, context);
  codebuild::RegisterCodeBuild(registry, context);
  ec2::RegisterEc2(registry, context);
  ecr::RegisterEcr(registry, context);
  ecs::RegisterEcs(registry, context);
  elbv2::RegisterElbv2(registry, context);
  iam::RegisterIam(registry, context);
  lambda::RegisterLambda(registry, context);
  logs::RegisterLogs(registry, context);
  rds::RegisterRds(registry, context);
  redshift::RegisterRedshift(registry, context);
  s3::RegisterS3(registry, context);
  secretsmanager::RegisterSecretsManager(registry, context);
  sns::RegisterSns(registry, context);
}

}  // namespace awsr::reconcilers
