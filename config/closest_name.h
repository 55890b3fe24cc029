// "Did you mean CidrBlock?": the valid name closest to a misspelled one, for error messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace awsr::config {

// The candidate nearest to `wrong` by edit distance, ignoring case, when it is near enough to be
// a slip (at most one edit in four letters, at least one); else empty.
std::string ClosestName(std::string_view wrong, const std::vector<std::string_view>& candidates);

// " (did you mean X?)" for an error message, or "" when nothing is near.
std::string DidYouMean(std::string_view wrong, const std::vector<std::string_view>& candidates);

}  // namespace awsr::config
