// `awsreconciled export`, second half, pure: what the account has (account_reading.h) as
// desired-state files that a daemon takes over without changing anything but the ownership
// tags: settable properties only, AWS's defaults left out, references instead of IDs where the
// target is exported too, secrets never written, `AdoptPolicy: Adopt` (and `AdoptId` where the
// type knows a resource only by its ID), one file per VPC and one per service.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "config/schema.h"
#include "daemon/export/account_reading.h"

namespace awsr::exporting {

struct ExportOptions {
  std::string owner;           // another owner's resources are left out; ours keep their IDs
  std::string default_region;  // resources elsewhere get a Region attribute
  bool include_made_by_aws = false;  // default VPCs, default security groups, main route tables
  std::vector<std::pair<std::string, std::string>> tags;  // only resources with every tag
};

struct ExportedFiles {
  std::map<std::string, nlohmann::json> files;  // file name -> document
  std::size_t resources = 0;
  std::vector<std::string> left_out;  // one line per resource or type left out, and why
};

// Whether a found resource is exported, its properties and code aside (a function's code is
// fetched only for one that is: function_code_download.h).
struct Screening {
  enum Verdict {
    kKept,
    kTypeNotExported,  // `why` says it once for the type
    kNotAsked,         // outside the --tag filter, or a type the files cannot declare: unsaid
    kLeftOut,          // `why` says it for this resource
  };
  Verdict verdict = kKept;
  std::string why;
  bool ours = false;  // our owner tag, or released by us: it keeps its logical ID
};
Screening ScreenForExport(const FoundResource& resource, const ExportOptions& options,
                          const config::TypeCatalog& catalog);

ExportedFiles BuildExportFiles(std::vector<FoundResource> found, const ExportOptions& options,
                               const config::TypeCatalog& catalog);

}  // namespace awsr::exporting
