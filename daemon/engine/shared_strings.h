// A list of strings that its copies share: an observation's scope holds up to 10,000 identity
// keys, kept by the engine from cycle to cycle and copied along a type's calls, where copying
// (and freeing) every string each time was ~7% of a steady cycle's CPU in the realistic mix. A
// change makes the list the changed copy's own first.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace awsr::engine {

class SharedStrings {
 public:
  using const_iterator = std::vector<std::string>::const_iterator;

  SharedStrings() = default;
  SharedStrings(std::initializer_list<std::string> strings)
      : SharedStrings(std::vector<std::string>(strings)) {}
  // Implicit, as the list of strings it stands for.
  SharedStrings(std::vector<std::string> strings)  // NOLINT(google-explicit-constructor)
      : strings_(std::make_shared<std::vector<std::string>>(std::move(strings))) {}
  template <typename Iterator>
  SharedStrings(Iterator first, Iterator last)
      : SharedStrings(std::vector<std::string>(first, last)) {}

  const std::vector<std::string>& Strings() const { return strings_ ? *strings_ : Empty(); }
  operator const std::vector<std::string>&() const {  // NOLINT(google-explicit-constructor)
    return Strings();
  }
  const_iterator begin() const { return Strings().begin(); }
  const_iterator end() const { return Strings().end(); }
  std::size_t size() const { return Strings().size(); }
  bool empty() const { return Strings().empty(); }
  const std::string& operator[](std::size_t i) const { return Strings()[i]; }
  // Whether both copies share one list: what was made once is handed on, not copied.
  bool SameAs(const SharedStrings& other) const { return strings_ == other.strings_; }

  void reserve(std::size_t size) { Own().reserve(size); }
  void push_back(std::string string) { Own().push_back(std::move(string)); }
  std::string& emplace_back(std::string string) { return Own().emplace_back(std::move(string)); }
  std::string& MutableAt(std::size_t i) { return Own()[i]; }

  friend bool operator==(const SharedStrings& a, const SharedStrings& b) {
    return a.Strings() == b.Strings();
  }

 private:
  static const std::vector<std::string>& Empty() {
    static const std::vector<std::string> empty;
    return empty;
  }
  std::vector<std::string>& Own() {
    if (!strings_ || strings_.use_count() > 1) {
      strings_ = std::make_shared<std::vector<std::string>>(Strings());
    }
    return *strings_;
  }

  std::shared_ptr<std::vector<std::string>> strings_;
};

}  // namespace awsr::engine
