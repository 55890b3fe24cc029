#include "daemon/base/symbol.h"

#include <memory>
#include <mutex>
#include <ostream>
#include <unordered_map>

namespace awsr {

struct SymbolTable {
  std::mutex mutex;
  // Keyed by a view of the text each entry holds; the entries are where the symbols point.
  std::unordered_map<std::string_view, std::unique_ptr<Symbol::Shared>> texts;

  static SymbolTable& Instance() {
    static auto* table = new SymbolTable();  // never destroyed: symbols outlive statics
    return *table;
  }
};

const std::string& Symbol::Empty() {
  static const auto* empty = new std::string();
  return *empty;
}

Symbol::Symbol(std::string_view text) {
  if (text.empty()) return;
  SymbolTable& table = SymbolTable::Instance();
  const std::lock_guard lock(table.mutex);
  auto known = table.texts.find(text);
  if (known == table.texts.end()) {
    auto shared = std::make_unique<Shared>();
    shared->text = std::string(text);
    const std::string_view key = shared->text;
    known = table.texts.emplace(key, std::move(shared)).first;
  }
  // Under the lock, where a count only ever reaches zero with its entry erased (Release).
  known->second->holders.fetch_add(1, std::memory_order_relaxed);
  shared_ = known->second.get();
}

Symbol& Symbol::operator=(const Symbol& other) {
  const Shared* held = other.shared_;
  other.Hold();  // before this one lets go: `other` may be this one
  Release();
  shared_ = held;
  return *this;
}

Symbol& Symbol::operator=(Symbol&& other) noexcept {
  if (this != &other) {
    Release();
    shared_ = other.shared_;
    other.shared_ = nullptr;
  }
  return *this;
}

void Symbol::Release() {
  if (shared_ == nullptr) return;
  const Shared* shared = shared_;
  shared_ = nullptr;
  // Not the last holder: let go without the lock.
  std::uint32_t holders = shared->holders.load(std::memory_order_relaxed);
  while (holders > 1) {
    if (shared->holders.compare_exchange_weak(holders, holders - 1, std::memory_order_acq_rel)) {
      return;
    }
  }
  // Perhaps the last: decided under the lock, as a new holder of the same text is made there.
  SymbolTable& table = SymbolTable::Instance();
  const std::lock_guard lock(table.mutex);
  if (shared->holders.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    table.texts.erase(table.texts.find(shared->text));
  }
}

std::ostream& operator<<(std::ostream& out, const Symbol& symbol) { return out << symbol.str(); }

std::size_t Symbol::HeldTexts() {
  SymbolTable& table = SymbolTable::Instance();
  const std::lock_guard lock(table.mutex);
  return table.texts.size();
}

}  // namespace awsr
