#include "daemon/aws/service_catalog.h"

namespace awsr::aws {
namespace {

constexpr ServiceInfo kServices[] = {
    {"ec2", Protocol::kEc2, "2016-11-15", ""},
    {"iam", Protocol::kQuery, "2010-05-08", ""},
    {"sts", Protocol::kQuery, "2011-06-15", ""},
    {"rds", Protocol::kQuery, "2014-10-31", ""},
    {"redshift", Protocol::kQuery, "2012-12-01", ""},
    {"sns", Protocol::kQuery, "2010-03-31", ""},
    {"monitoring", Protocol::kQuery, "2010-08-01", ""},
    {"elasticloadbalancing", Protocol::kQuery, "2015-12-01", ""},
    {"cloudformation", Protocol::kQuery, "2010-05-15", ""},
    {"ecr", Protocol::kJson11, "2015-09-21", "AmazonEC2ContainerRegistry_V20150921"},
    {"ecs", Protocol::kJson11, "2014-11-13", "AmazonEC2ContainerServiceV20141113"},
    {"secretsmanager", Protocol::kJson11, "2017-10-17", "secretsmanager"},
    {"logs", Protocol::kJson11, "2014-03-28", "Logs_20140328"},
    {"codebuild", Protocol::kJson11, "2016-10-06", "CodeBuild_20161006"},
    {"cloudtrail", Protocol::kJson11, "2013-11-01",
     "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"},
    {"dynamodb", Protocol::kJson10, "2012-08-10", "DynamoDB_20120810"},
    {"s3", Protocol::kRestXml, "2006-03-01", ""},
    {"lambda", Protocol::kRestJson, "2015-03-31", ""},
};

}  // namespace

const ServiceInfo* FindService(std::string_view signing_name) {
  for (const auto& service : kServices) {
    if (service.signing_name == signing_name) return &service;
  }
  return nullptr;
}

}  // namespace awsr::aws
