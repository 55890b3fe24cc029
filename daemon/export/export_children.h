// Resources read through a parent (a load balancer's listeners, a listener's rules, a
// function's URL and permissions, a group's members): exported with their parent, never
// without it. Another owner's balancer, or one a --tag filter leaves out, takes its listeners
// and their rules along; none of these has tags of its own to filter by.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/export/account_reading.h"

namespace awsr::exporting {

// Whether `type` is read through a parent: a listener, a rule, a URL, a permission, a
// membership.
bool IsChildType(std::string_view type);

// Whether `found` goes by its parent's ID (a function's URL by the function's ARN, a group's
// members by the group's name): then nothing refers to it by that ID, the parent is meant.
bool GoesByParentId(const FoundResource& found);

// Whether `found`'s parent is among `all` (by physical ID or an attribute, such as a
// function's Arn) and not in `kept`: the child is then left out with it. A parent not read at
// all (another --type) leaves the child as it is, naming it literally.
bool ParentLeftOut(const FoundResource& found, const std::vector<const FoundResource*>& all,
                   const std::vector<const FoundResource*>& kept);

}  // namespace awsr::exporting
