// A value that many holders keep unchanged, held once: each holder a pointer (16 bytes), the
// value one allocation (every declaration of a file is in the file's account: 96 bytes each,
// 10,000 times, before). Reads like a pointer to the value; copies share; equality compares
// values, as the value's own would.
#pragma once

#include <memory>
#include <utility>

namespace awsr {

template <typename T>
class SharedValue {
 public:
  SharedValue() : value_(Default()) {}
  // Implicit, as the value it holds: `decl.account = AccountTarget{...}`.
  SharedValue(T value)  // NOLINT(google-explicit-constructor)
      : value_(std::make_shared<const T>(std::move(value))) {}

  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_.get(); }

  friend bool operator==(const SharedValue& a, const SharedValue& b) {
    return a.value_ == b.value_ || *a.value_ == *b.value_;
  }

 private:
  // One default value for every holder made without one.
  static const std::shared_ptr<const T>& Default() {
    static const auto kDefault = std::make_shared<const T>();
    return kDefault;
  }

  std::shared_ptr<const T> value_;
};

}  // namespace awsr
