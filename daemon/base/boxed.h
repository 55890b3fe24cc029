// An optional value kept on the heap: a member that is seldom set costs a pointer, not its
// size, in a struct held thousands of times (a status's last error: 144 bytes in each of
// 10,000 statuses, set in few). Copies copy the value, as std::optional's do.
#pragma once

#include <memory>
#include <utility>

namespace awsr {

template <typename T>
class Boxed {
 public:
  Boxed() = default;
  // Implicit, as std::optional from its value.
  Boxed(T value)
      : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT(google-explicit-constructor)
  Boxed(const Boxed& other) : value_(other ? std::make_unique<T>(*other) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) value_ = other ? std::make_unique<T>(*other) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  explicit operator bool() const { return value_ != nullptr; }
  bool has_value() const { return value_ != nullptr; }
  const T& operator*() const { return *value_; }
  T& operator*() { return *value_; }
  const T* operator->() const { return value_.get(); }
  T* operator->() { return value_.get(); }
  void reset() { value_.reset(); }

  // Equal when both are empty, or both hold equal values.
  friend bool operator==(const Boxed& a, const Boxed& b) {
    return a && b ? *a == *b : a.has_value() == b.has_value();
  }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace awsr
