#include "reconcilers/iam/ownership_ledger.h"

#include <filesystem>
#include <fstream>

#include "daemon/base/durable_file.h"
#include "daemon/base/json_fields.h"
#include "daemon/engine/reconciler.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

LedgerEntry FromText(const std::string& text) {
  const json entry = json::parse(text, nullptr, false);
  LedgerEntry parsed;
  if (!entry.is_object()) return parsed;
  const json tags = entry.value("tags", json::object());
  for (const auto& [key, value] : tags.items()) {
    if (value.is_string()) parsed.tags[key] = value.get<std::string>();
  }
  parsed.details = entry.value("details", json::object());
  return parsed;
}

}  // namespace

OwnershipLedger::OwnershipLedger(std::string path) : path_(std::move(path)) {
  if (path_.empty()) return;
  std::ifstream in(path_);
  if (!in) return;
  const json loaded = json::parse(in, nullptr, false);
  if (loaded.is_object()) {
    for (const auto& [kind, entries] : loaded.items()) {
      if (!entries.is_object()) continue;
      auto& texts = entries_[kind];
      for (const auto& [key, entry] : entries.items()) texts[key] = DumpJson(entry);
    }
    return;
  }
  in.close();
  std::error_code ignored;
  std::filesystem::rename(path_, path_ + ".corrupt", ignored);
}

std::optional<LedgerEntry> OwnershipLedger::Find(std::string_view kind,
                                                 std::string_view key) const {
  const auto entries = entries_.find(kind);
  if (entries == entries_.end()) return std::nullopt;
  const auto entry = entries->second.find(key);
  if (entry == entries->second.end()) return std::nullopt;
  return FromText(entry->second);
}

std::vector<std::pair<std::string, LedgerEntry>> OwnershipLedger::All(std::string_view kind) const {
  std::vector<std::pair<std::string, LedgerEntry>> all;
  const auto entries = entries_.find(kind);
  if (entries == entries_.end()) return all;
  for (const auto& [key, text] : entries->second) all.emplace_back(key, FromText(text));
  return all;
}

Result<void> OwnershipLedger::Put(std::string_view kind, std::string_view key,
                                  const LedgerEntry& entry) {
  auto& entries = entries_[std::string(kind)];
  entries.insert_or_assign(std::string(key),
                           DumpJson({{"tags", entry.tags}, {"details", entry.details}}));
  ++generation_;
  return Save();
}

Result<void> OwnershipLedger::Remove(std::string_view kind, std::string_view key) {
  const auto entries = entries_.find(kind);
  if (entries == entries_.end()) return Result<void>{};
  const auto entry = entries->second.find(key);
  if (entry == entries->second.end()) return Result<void>{};
  entries->second.erase(entry);
  ++generation_;
  return Save();
}

Result<void> OwnershipLedger::Retag(std::string_view kind, std::string_view key, json details,
                                    const engine::TagMap& add,
                                    const std::vector<std::string>& remove) {
  LedgerEntry entry = Find(kind, key).value_or(LedgerEntry{});
  entry.details = std::move(details);
  for (const auto& [tag, value] : add) entry.tags[tag] = value;
  for (const auto& tag : remove) entry.tags.erase(tag);
  if (!entry.tags.contains(engine::kOwnerTag)) return Remove(kind, key);
  return Put(kind, key, entry);
}

// {kind: {key: entry}}, an entry a line, from the kept texts: no DOM of the whole ledger.
std::string OwnershipLedger::Text() const {
  std::string text = "{";
  for (const auto& [kind, entries] : entries_) {
    text += text.size() == 1 ? "\n  " : ",\n  ";
    text += DumpJson(kind) + ": {";
    const std::size_t opened = text.size();
    for (const auto& [key, entry] : entries) {
      text += text.size() == opened ? "\n    " : ",\n    ";
      text += DumpJson(key) + ": " + entry;
    }
    text += entries.empty() ? "}" : "\n  }";
  }
  text += entries_.empty() ? "}\n" : "\n}\n";
  return text;
}

Result<void> OwnershipLedger::Save() const {
  if (path_.empty()) return Result<void>{};
  // Durable before the caller goes on: a create recorded here must survive a crash right after.
  auto written = WriteFileDurably(path_, Text(), 0600);
  if (!written) {
    return MakeError(ErrorKind::kInternal,
                     "cannot write the IAM ownership ledger: " + written.error().message);
  }
  return Result<void>{};
}

}  // namespace awsr::reconcilers::iam
