// Policy documents (IAM's, S3 bucket policies) compared by meaning, not by text. AWS hands
// documents back URL-encoded, re-serialised and sometimes reordered, and the policy grammar
// has several spellings of one meaning: a lone string or a one-element list, a lone Statement
// object or a one-element list, "Principal": "*" or {"AWS": "*"}, action names in any case.
// Canonical() removes all of them, so two documents mean the same exactly when their canonical
// forms are equal. Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace awsr::reconcilers::kit {

// The version IAM assumes when a document names none.
inline constexpr char kDefaultPolicyVersion[] = "2008-10-17";

// A document as a file gives it (an object, or JSON text) or as AWS returns it (URL-encoded
// JSON text) in one canonical form:
//  - Version present (defaulted); Id kept; Sid dropped (a label, no effect on evaluation);
//  - Statement a list, sorted; each of Action/NotAction/Resource/NotResource a sorted,
//    de-duplicated list (actions lower-cased: IAM matches them case-insensitively);
//  - Principal/NotPrincipal: "*" as {"AWS": ["*"]}, every value a sorted list;
//  - Condition values sorted lists of strings (5 and "5", true and "true" mean the same).
// Text that is not JSON is returned as a string, so it still compares (unequal) to documents.
nlohmann::json Canonical(const nlohmann::json& document);

// The canonical form as compact text: equal texts, equal meaning.
std::string CanonicalText(const nlohmann::json& document);

bool SamePolicy(const nlohmann::json& left, const nlohmann::json& right);

// What an IAM call's PolicyDocument member takes: the file's object as JSON text, text as is.
std::string WireDocument(const nlohmann::json& document);

}  // namespace awsr::reconcilers::kit
