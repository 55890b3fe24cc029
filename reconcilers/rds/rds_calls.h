// What the RDS reconcilers share: tags by ARN.
#pragma once

#include "reconcilers/kit/resource_name_tags.h"

namespace awsr::reconcilers::rds {

inline constexpr kit::ResourceNameTagging kRdsTagging = {"rds", "AddTagsToResource",
                                                         "RemoveTagsFromResource", "member"};

}  // namespace awsr::reconcilers::rds
