// A string many holders share, held once for the whole process: a resource type, a region, an
// account, a condition's reason, a tag's key, a file's name. A Symbol is a pointer to the one
// copy of its text and a count of its holders; the text is let go with its last holder. At
// 10,000 resources, each holding its type, region, reasons and tag keys as strings of their own
// cost several MB; the distinct texts are a few hundred.
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace awsr {

class Symbol {
 public:
  Symbol() = default;
  // Implicit: a symbol is written wherever its text is.
  Symbol(std::string_view text);  // NOLINT(google-explicit-constructor)
  Symbol(const std::string& text) : Symbol(std::string_view(text)) {}  // NOLINT
  Symbol(const char* text) : Symbol(std::string_view(text)) {}         // NOLINT
  Symbol(const Symbol& other) : shared_(other.shared_) { Hold(); }
  Symbol(Symbol&& other) noexcept : shared_(other.shared_) { other.shared_ = nullptr; }
  Symbol& operator=(const Symbol& other);
  Symbol& operator=(Symbol&& other) noexcept;
  ~Symbol() { Release(); }

  const std::string& str() const { return shared_ == nullptr ? Empty() : shared_->text; }
  // Implicit, so a symbol is read wherever a string is.
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)
  const char* c_str() const { return str().c_str(); }
  bool empty() const { return shared_ == nullptr; }
  std::size_t size() const { return str().size(); }

  // One copy per text: equal symbols are the same pointer.
  friend bool operator==(const Symbol& a, const Symbol& b) { return a.shared_ == b.shared_; }
  friend bool operator==(const Symbol& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const Symbol& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const Symbol& a, const char* b) { return a.str() == b; }
  // Ordered by text, as the strings they stand for.
  friend std::strong_ordering operator<=>(const Symbol& a, const Symbol& b) {
    return a.str() <=> b.str();
  }
  friend std::strong_ordering operator<=>(const Symbol& a, std::string_view b) {
    return std::string_view(a.str()) <=> b;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, const std::string& b) {
    return a.str() <=> b;
  }
  friend std::strong_ordering operator<=>(const Symbol& a, const char* b) {
    return std::string_view(a.str()) <=> std::string_view(b);
  }

  // Its text, as a string's (test failure messages).
  friend std::ostream& operator<<(std::ostream& out, const Symbol& symbol);

  // How many distinct texts are held now (tests: a text is let go with its last holder).
  static std::size_t HeldTexts();

 private:
  friend struct SymbolTable;
  struct Shared {
    std::string text;
    mutable std::atomic<std::uint32_t> holders{0};
  };
  static const std::string& Empty();
  void Hold() const {
    if (shared_ != nullptr) shared_->holders.fetch_add(1, std::memory_order_relaxed);
  }
  void Release();

  const Shared* shared_ = nullptr;  // null: the empty text
};

}  // namespace awsr
