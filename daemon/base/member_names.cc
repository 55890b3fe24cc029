#include "daemon/base/member_names.h"

#include <algorithm>
#include <stdexcept>

namespace awsr {

MemberNames::MemberNames(std::uint16_t capacity) : capacity_(std::min(capacity, kCodes)) {}

MemberNames& MemberNames::Process() {
  static auto* table = new MemberNames();  // never destroyed: packed values outlive statics
  return *table;
}

std::optional<std::uint16_t> MemberNames::CodeOf(std::string_view name) {
  const std::lock_guard lock(mutex_);
  if (const auto known = codes_.find(name); known != codes_.end()) return known->second;
  if (names_.size() == capacity_) return std::nullopt;
  const auto code = static_cast<std::uint16_t>(names_.size());
  const std::string& held = names_.emplace_back(name);
  codes_.emplace(held, code);
  by_code_[code].store(&held, std::memory_order_release);
  return code;
}

std::string_view MemberNames::NameOf(std::uint16_t code) const {
  const std::string* name =
      code < kCodes ? by_code_[code].load(std::memory_order_acquire) : nullptr;
  if (name == nullptr) throw std::out_of_range("packed JSON: a member name code not given");
  return *name;
}

}  // namespace awsr
