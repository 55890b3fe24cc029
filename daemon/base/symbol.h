// A string from a small vocabulary (a resource type, a region, an account, a condition's
// reason), held once for the whole process: a Symbol is a pointer to that one copy. At 10,000
// statuses, each holding its type, region and reasons as strings of their own cost ~3 MB; the
// vocabulary is a few hundred strings. Not for what grows without bound (names, IDs, messages):
// a symbol's text is kept until the process ends.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace awsr {

class Symbol {
 public:
  Symbol() : text_(&Empty()) {}
  // Implicit: a symbol is written wherever its text is.
  Symbol(std::string_view text);  // NOLINT(google-explicit-constructor)
  Symbol(const std::string& text) : Symbol(std::string_view(text)) {}  // NOLINT
  Symbol(const char* text) : Symbol(std::string_view(text)) {}         // NOLINT

  const std::string& str() const { return *text_; }
  // Implicit, so a symbol is read wherever a string is.
  operator const std::string&() const { return *text_; }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return *text_; }    // NOLINT(google-explicit-constructor)
  const char* c_str() const { return text_->c_str(); }
  bool empty() const { return text_->empty(); }
  std::size_t size() const { return text_->size(); }

  // One copy per text: equal symbols are the same pointer.
  friend bool operator==(const Symbol& a, const Symbol& b) { return a.text_ == b.text_; }
  friend bool operator==(const Symbol& a, std::string_view b) { return *a.text_ == b; }
  friend bool operator==(const Symbol& a, const std::string& b) { return *a.text_ == b; }
  friend bool operator==(const Symbol& a, const char* b) { return *a.text_ == b; }
  // Ordered by text, as the strings they replace.
  friend std::strong_ordering operator<=>(const Symbol& a, const Symbol& b) {
    return *a.text_ <=> *b.text_;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, std::string_view b) {
    return std::string_view(*a.text_) <=> b;
  }

 private:
  static const std::string& Empty();
  const std::string* text_;
};

}  // namespace awsr
