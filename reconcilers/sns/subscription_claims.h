// Ownership of SNS subscriptions, which take no tags: the topic carries a claim for each
// subscription the daemon made to it, one tag per subscription,
//   awsreconciled:subscription:<hash of protocol and endpoint> = <owner>/<logical-id>/<policy>
// and ObserveAll shows the subscription with those three as its ownership tags. Why a claim:
// a subscription someone added by hand to our topic must never look ours (the engine would
// delete it once no file declares it), and its logical ID is the file's choice, which nothing
// in AWS derives. The claim is written before Subscribe and removed after Unsubscribe, so a
// crash leaves at most a claim without a subscription, never a subscription of ours unclaimed.
// Only topics in the same account can be claimed: the claim needs TagResource on the topic.
// Pure.
#pragma once

#include <string>
#include <string_view>

#include "daemon/engine/tags.h"

namespace awsr::reconcilers::sns {

// The claim's tag key for one (protocol, endpoint) on a topic; at most 128 characters and only
// characters SNS allows in a tag key, whatever the endpoint holds.
std::string SubscriptionClaimKey(std::string_view protocol, std::string_view endpoint);

// The claim's value for a subscription's ownership tags (owner, logical ID, deletion policy);
// empty when they hold no owner (the claim goes).
std::string SubscriptionClaimValue(const engine::TagMap& ownership_tags);

// The ownership tags a claim's value stands for; empty for a value that is no claim.
engine::TagMap SubscriptionClaimTags(std::string_view claim_value);

}  // namespace awsr::reconcilers::sns
