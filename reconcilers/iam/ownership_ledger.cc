#include "reconcilers/iam/ownership_ledger.h"

#include <filesystem>
#include <fstream>

#include "daemon/engine/reconciler.h"
#include "daemon/base/durable_file.h"

namespace awsr::reconcilers::iam {
namespace {

using nlohmann::json;

LedgerEntry FromJson(const json& entry) {
  LedgerEntry parsed;
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
  json loaded = json::parse(in, nullptr, false);
  if (loaded.is_object()) {
    data_ = std::move(loaded);
    return;
  }
  in.close();
  std::error_code ignored;
  std::filesystem::rename(path_, path_ + ".corrupt", ignored);
}

std::optional<LedgerEntry> OwnershipLedger::Find(std::string_view kind,
                                                 std::string_view key) const {
  const auto entries = data_.find(std::string(kind));
  if (entries == data_.end()) return std::nullopt;
  const auto entry = entries->find(std::string(key));
  if (entry == entries->end()) return std::nullopt;
  return FromJson(*entry);
}

std::vector<std::pair<std::string, LedgerEntry>> OwnershipLedger::All(std::string_view kind) const {
  std::vector<std::pair<std::string, LedgerEntry>> all;
  const auto entries = data_.find(std::string(kind));
  if (entries == data_.end()) return all;
  for (const auto& [key, entry] : entries->items()) all.emplace_back(key, FromJson(entry));
  return all;
}

Result<void> OwnershipLedger::Put(std::string_view kind, std::string_view key,
                                  const LedgerEntry& entry) {
  data_[std::string(kind)][std::string(key)] = {{"tags", entry.tags}, {"details", entry.details}};
  ++generation_;
  return Save();
}

Result<void> OwnershipLedger::Remove(std::string_view kind, std::string_view key) {
  const auto entries = data_.find(std::string(kind));
  if (entries == data_.end() || !entries->contains(std::string(key))) return Result<void>{};
  entries->erase(std::string(key));
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

Result<void> OwnershipLedger::Save() const {
  if (path_.empty()) return Result<void>{};
  // Durable before the caller goes on: a create recorded here must survive a crash right after.
  auto written = WriteFileDurably(path_, data_.dump(2) + "\n", 0600);
  if (!written) {
    return MakeError(ErrorKind::kInternal,
                     "cannot write the IAM ownership ledger: " + written.error().message);
  }
  return Result<void>{};
}

}  // namespace awsr::reconcilers::iam
