// Ownership of the EC2 sub-resources that cannot carry tags (a gateway's attachment to a VPC,
// a route, a subnet's association with a route table): a claim tag on their parent, as
// kit/parent_claims.h describes it (Lambda's URLs and permissions are claimed the same way).
#pragma once

#include "reconcilers/ec2/ec2_tags.h"
#include "reconcilers/kit/parent_claims.h"

namespace awsr::reconcilers::ec2 {

using kit::CheckClaimable;
using kit::ClaimedTags;
using kit::ClaimKey;
using kit::ClaimRetag;
using kit::ClaimSite;
using kit::ClaimSiteOf;
using kit::ClaimValue;
using kit::HoldsClaim;
using kit::RememberClaimSite;
using kit::ReportChildren;

}  // namespace awsr::reconcilers::ec2
