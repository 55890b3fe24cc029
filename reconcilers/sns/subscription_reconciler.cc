// AWS::SNS::Subscription. Ref is the subscription ARN. Found in one paginated ListSubscriptions
// per region and cycle, plus one ListTagsForResource per topic that has subscriptions (the
// claims, subscription_claims.h). Protocol, Endpoint and TopicArn are its identity and cannot
// change. An e-mail (or HTTP) subscription waits until the person behind the endpoint
// confirms: until then AWS lists it as "PendingConfirmation", without an ARN, and the daemon
// shows it waiting for AWS in that state, which is no error. A pending subscription cannot be
// unsubscribed (AWS drops it unconfirmed after three days), so deleting one removes its claim.
#include <array>
#include <map>

#include "daemon/aws/xml_to_json.h"
#include "daemon/base/json_fields.h"
#include "reconcilers/kit/calls.h"
#include "reconcilers/kit/ownership_tags.h"
#include "reconcilers/sns/sns_calls.h"
#include "reconcilers/sns/sns_types.h"
#include "reconcilers/sns/subscription_claims.h"

namespace awsr::reconcilers::sns {
namespace {

using engine::Task;
using nlohmann::json;

constexpr char kPendingConfirmation[] = "PendingConfirmation";
// Properties of AWS::SNS::Subscription this type does not set yet.
constexpr std::array<const char*, 6> kUnsupportedSubscriptionProperties = {
    "FilterPolicy",       "FilterPolicyScope", "DeliveryPolicy",
    "RawMessageDelivery", "RedrivePolicy",     "SubscriptionRoleArn"};

std::string SubscriptionIdentity(const json& properties) {
  return StringField(properties, "TopicArn") + " " + StringField(properties, "Protocol") + " " +
         StringField(properties, "Endpoint");
}

// A ListSubscriptions item, with the ownership its topic's claim gives it.
engine::ObservedResource ObservedSubscription(const json& item, const std::string& region,
                                              const engine::TagMap& topic_tags) {
  engine::ObservedResource observed;
  const std::string arn = StringField(item, "SubscriptionArn");
  const bool pending = arn == kPendingConfirmation || arn == "pending confirmation";
  observed.properties = {{"TopicArn", StringField(item, "TopicArn")},
                         {"Protocol", StringField(item, "Protocol")},
                         {"Endpoint", StringField(item, "Endpoint")}};
  observed.identity_key = SubscriptionIdentity(observed.properties);
  observed.physical_id = pending ? observed.identity_key : arn;
  observed.region = region;
  const std::string claim_key =
      SubscriptionClaimKey(StringField(item, "Protocol"), StringField(item, "Endpoint"));
  const auto claim = topic_tags.find(claim_key);
  if (claim != topic_tags.end()) observed.tags = SubscriptionClaimTags(claim->second);
  observed.ready = !pending;
  if (pending) observed.aws_state = kPendingConfirmation;
  observed.internal = {
      {"topic_arn", StringField(item, "TopicArn")}, {"claim_key", claim_key}, {"pending", pending}};
  return observed;
}

aws::CallRequest ClaimCall(const std::string& topic_arn, const std::string& key,
                           const std::string& value) {
  if (value.empty())
    return SnsCall(TopicRegion(topic_arn), "UntagResource",
                   {{"ResourceArn", topic_arn}, {"TagKeys", json::array({key})}});
  json tags = json::array();
  tags.push_back({{"Key", key}, {"Value", value}});
  return SnsCall(TopicRegion(topic_arn), "TagResource",
                 {{"ResourceArn", topic_arn}, {"Tags", std::move(tags)}});
}

// Where a subscription keeps its ownership: the claim on its topic. The engine's tag changes
// become the claim's new value; without an owner the claim goes.
class SubscriptionClaim final : public engine::Ownership {
 public:
  explicit SubscriptionClaim(aws::AwsClient& client) : client_(client) {}

  Task<void> Retag(engine::ObservedResource observed, engine::TagMap set,
                   std::vector<std::string> remove) override {
    engine::TagMap tags = observed.tags;
    for (const auto& key : remove) tags.erase(key);
    for (auto& [key, value] : set) tags[key] = value;
    const aws::CallRequest call =
        ClaimCall(StringField(observed.internal, "topic_arn"),
                  StringField(observed.internal, "claim_key"), SubscriptionClaimValue(tags));
    co_return co_await kit::CallIgnoringNotFound(client_, call);
  }

 private:
  aws::AwsClient& client_;
};

class SubscriptionReconciler final : public engine::Reconciler {
 public:
  explicit SubscriptionReconciler(aws::AwsClient& client)
      : Reconciler({.type = "AWS::SNS::Subscription", .service = "sns"}), client_(client) {}

  std::string IdentityKey(const engine::DesiredResource& desired) const override {
    return SubscriptionIdentity(desired.properties);
  }

  Task<engine::ObservedList> ObserveAll(engine::ObserveScope scope) override {
    const aws::PageTokens tokens{"NextToken", "NextToken"};
    const aws::CallRequest list = SnsCall(scope.region, "ListSubscriptions", json::object());
    auto pages = co_await client_.CallAllPages(list, tokens, 1000);
    if (!pages) co_return pages.error();
    std::map<std::string, engine::TagMap> topic_tags;  // one read per topic
    std::vector<engine::ObservedResource> subscriptions;
    for (const auto& page : *pages) {
      for (const auto& item : aws::AsList(page.value("Subscriptions", json()))) {
        const std::string topic = StringField(item, "TopicArn");
        if (!topic_tags.contains(topic)) {
          auto tags = co_await TopicTags(client_, topic);
          if (!tags && tags.error().kind != ErrorKind::kNotFound) co_return tags.error();
          topic_tags[topic] = tags ? std::move(*tags) : engine::TagMap();
        }
        subscriptions.push_back(ObservedSubscription(item, scope.region, topic_tags[topic]));
      }
    }
    co_return kit::OursOrWanted(std::move(subscriptions), scope);
  }

  // The claim first (see subscription_claims.h). Subscribe is idempotent for the same topic,
  // protocol and endpoint; ReturnSubscriptionArn gives the ARN even while it is pending.
  Task<engine::ObservedResource> Create(engine::DesiredResource desired) override {
    for (const char* name : kUnsupportedSubscriptionProperties) {
      if (desired.properties.contains(name))
        co_return MakeError(ErrorKind::kInvalidSpec, std::string("AWS::SNS::Subscription ") + name +
                                                         " is not supported yet");
    }
    const std::string topic = StringField(desired.properties, "TopicArn");
    const std::string protocol = StringField(desired.properties, "Protocol");
    const std::string endpoint = StringField(desired.properties, "Endpoint");
    const std::string claim_key = SubscriptionClaimKey(protocol, endpoint);
    const aws::CallRequest claim_call =
        ClaimCall(topic, claim_key, SubscriptionClaimValue(kit::CreationTags(desired)));
    auto claimed = co_await kit::CallForEffect(client_, claim_call);
    if (!claimed) co_return claimed.error();
    const aws::CallRequest subscribe = SnsCall(TopicRegion(topic), "Subscribe",
                                               {{"TopicArn", topic},
                                                {"Protocol", protocol},
                                                {"Endpoint", endpoint},
                                                {"ReturnSubscriptionArn", true}});
    auto subscribed = co_await client_.Call(subscribe);
    if (!subscribed) co_return subscribed.error();
    // Shown as AWS lists it until the next observation: pending for the protocols a person or
    // server confirms, whose confirmation the list will tell.
    const bool confirmed_at_once = protocol != "email" && protocol != "email-json" &&
                                   protocol != "http" && protocol != "https";
    json item = {
        {"TopicArn", topic},
        {"Protocol", protocol},
        {"Endpoint", endpoint},
        {"SubscriptionArn", confirmed_at_once ? StringField(subscribed->data, "SubscriptionArn")
                                              : std::string(kPendingConfirmation)}};
    engine::TagMap claim;
    claim[claim_key] = SubscriptionClaimValue(kit::CreationTags(desired));
    co_return ObservedSubscription(item, TopicRegion(topic), claim);
  }

  // Every property it takes is its identity: nothing changes in place (the default refuses).

  Task<void> Delete(engine::ObservedResource observed) override {
    if (!MemberOr(observed.internal, "pending", false)) {
      const aws::CallRequest call =
          SnsCall(observed.region, "Unsubscribe", {{"SubscriptionArn", observed.physical_id}});
      auto unsubscribed = co_await kit::CallIgnoringNotFound(client_, call);
      if (!unsubscribed) co_return unsubscribed;
    }
    const aws::CallRequest unclaim = ClaimCall(StringField(observed.internal, "topic_arn"),
                                               StringField(observed.internal, "claim_key"), "");
    co_return co_await kit::CallIgnoringNotFound(client_, unclaim);
  }

 private:
  aws::AwsClient& client_;
};

}  // namespace

void AddSubscription(engine::Registry& registry, const kit::Context& context) {
  registry.Add(std::make_unique<SubscriptionReconciler>(context.client),
               std::make_shared<SubscriptionClaim>(context.client));
}

}  // namespace awsr::reconcilers::sns
