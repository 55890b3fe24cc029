// IAM's policy documents are the kit's (kit/policy_document.h), which S3 bucket policies share.
#pragma once

#include "reconcilers/kit/policy_document.h"

namespace awsr::reconcilers::iam {

using kit::Canonical;
using kit::CanonicalText;
using kit::kDefaultPolicyVersion;
using kit::SamePolicy;
using kit::WireDocument;

}  // namespace awsr::reconcilers::iam
