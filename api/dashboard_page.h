// The control API's read-only page (api/dashboard.html, compiled into the binary).
#pragma once

#include <string_view>

namespace awsr::api {

std::string_view DashboardPage();

}  // namespace awsr::api
