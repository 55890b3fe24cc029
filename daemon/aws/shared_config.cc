#include "daemon/aws/shared_config.h"

#include <fstream>
#include <sstream>

#include "daemon/base/ascii.h"

namespace awsr::aws {
namespace {

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

IniFile ReadIni(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseIni(buffer.str());
}

}  // namespace

IniFile ParseIni(std::string_view text) {
  IniFile file;
  IniSection* section = nullptr;
  std::string last_key;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = &file[std::string(Trim(line.substr(1, line.size() - 2)))];
      last_key.clear();
      continue;
    }
    if (section == nullptr) continue;
    bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (indented && !last_key.empty()) {  // nested block such as "s3 =\n  max_concurrent = 1"
      (*section)[last_key] += "\n" + std::string(line);
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    last_key = AsciiLower(Trim(line.substr(0, eq)));
    (*section)[last_key] = std::string(Trim(line.substr(eq + 1)));
  }
  return file;
}

std::optional<std::string> Profile::Get(std::string_view key) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

SharedConfig SharedConfig::Load(const Environment& env) {
  std::string home = env.GetOr("HOME", "");
  std::string credentials_path =
      env.GetOr("AWS_SHARED_CREDENTIALS_FILE", home + "/.aws/credentials");
  std::string config_path = env.GetOr("AWS_CONFIG_FILE", home + "/.aws/config");
  return SharedConfig(ReadIni(credentials_path), ReadIni(config_path));
}

std::string SharedConfig::SelectedProfile(const Environment& env) {
  return env.GetOr("AWS_PROFILE", env.GetOr("AWS_DEFAULT_PROFILE", "default"));
}

std::optional<Profile> SharedConfig::Find(std::string_view name) const {
  Profile profile;
  profile.name = std::string(name);
  bool found = false;
  std::string config_section = name == "default" ? "default" : "profile " + std::string(name);
  if (auto it = config_.find(config_section); it != config_.end()) {
    profile.values = it->second;
    found = true;
  }
  if (auto it = credentials_.find(name); it != credentials_.end()) {
    for (const auto& [key, value] : it->second) profile.values[key] = value;
    found = true;
  }
  if (!found) return std::nullopt;
  return profile;
}

}  // namespace awsr::aws
