#include "daemon/base/symbol.h"

#include <functional>
#include <mutex>
#include <unordered_set>

namespace awsr {
namespace {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>()(text);
  }
};

// Node-based: each text stays where it was put while others are added.
struct Vocabulary {
  std::mutex mutex;
  std::unordered_set<std::string, TextHash, std::equal_to<>> texts;
};

Vocabulary& TheVocabulary() {
  static auto* vocabulary = new Vocabulary();  // never destroyed: symbols outlive statics
  return *vocabulary;
}

}  // namespace

const std::string& Symbol::Empty() {
  static const auto* empty = new std::string();
  return *empty;
}

Symbol::Symbol(std::string_view text) : text_(&Empty()) {
  if (text.empty()) return;
  Vocabulary& vocabulary = TheVocabulary();
  const std::lock_guard lock(vocabulary.mutex);
  auto known = vocabulary.texts.find(text);
  if (known == vocabulary.texts.end()) known = vocabulary.texts.emplace(text).first;
  text_ = &*known;
}

}  // namespace awsr
