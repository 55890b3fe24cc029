// The AWS shared files (~/.aws/credentials and ~/.aws/config): INI parsing and profile lookup.
// Pure apart from reading the two files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/aws/environment.h"

namespace awsr::aws {

using IniSection = std::map<std::string, std::string, std::less<>>;
using IniFile = std::map<std::string, IniSection, std::less<>>;

// Sections and key = value lines; '#' and ';' start comments; keys are lower-cased; indented
// lines continue a nested block (kept as the raw text).
IniFile ParseIni(std::string_view text);

// One profile's settings, the credentials file winning over the config file.
struct Profile {
  std::string name;
  IniSection values;
  std::optional<std::string> Get(std::string_view key) const;
};

class SharedConfig {
 public:
  // Reads AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, defaulting to $HOME/.aws/...; missing
  // files are simply empty.
  static SharedConfig Load(const Environment& env);
  SharedConfig(IniFile credentials, IniFile config)
      : credentials_(std::move(credentials)), config_(std::move(config)) {}

  // nullopt when neither file has the profile.
  std::optional<Profile> Find(std::string_view name) const;
  // AWS_PROFILE, else "default".
  static std::string SelectedProfile(const Environment& env);

 private:
  IniFile credentials_;
  IniFile config_;  // sections are "default" or "profile NAME"
};

}  // namespace awsr::aws
