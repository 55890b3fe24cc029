// Compare for every IAM type. Pure.
#pragma once

#include "daemon/engine/diff.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::iam {

// engine::DiffProperties after putting both sides in one shape: policy documents
// (PolicyDocument, AssumeRolePolicyDocument, each inline policy's) as canonical text, so they
// differ only when their meaning does; lists of names and ARNs (ManagedPolicyArns, Groups,
// Users, Roles) and inline Policies compare as sets.
engine::Diff CompareIam(const engine::DesiredResource& desired,
                        const engine::ObservedResource& observed);

}  // namespace awsr::reconcilers::iam
