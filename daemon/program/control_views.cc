#include "daemon/program/control_views.h"

#include "daemon/program/terminal_table.h"

namespace awsr {
namespace {

using nlohmann::json;

std::string Text(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return "";
  return found->is_string() ? found->get<std::string>() : found->dump();
}

const json& Items(const json& body, const char* key) {
  static const json kNone = json::array();
  const auto found = body.find(key);
  return found != body.end() && found->is_array() ? *found : kNone;
}

std::string Status(const json& body, bool colour) {
  std::string out = "awsreconciled " + Text(body, "version") + "  owner " + Text(body, "owner") +
                    "  mode " + Text(body, "mode") + "  account " + Text(body, "account_id") +
                    "  region " + Text(body, "region") + "\n";
  out += "phase " + Text(body, "phase") +
         (body.value("ready", false) ? "" : " (first cycle not finished)") + "  cycles " + Text(body, "cycles") + "  last " + Text(body, "last_cycle_at") + "  next " +
         Text(body, "next_cycle_at") + "\n";
  const json files = body.value("files", json::object());
  out += "files " + Text(files, "total") + " (" + Text(files, "with_errors") +
         " with problems) in " + Text(body, "desired_dir") + "\n";
  const json resources = body.value("resources", json::object());
  const json by_state = resources.value("by_state", json::object());
  std::string states;
  for (const auto& [state, count] : by_state.items()) {
    states += (states.empty() ? "" : ", ") + count.dump() + " " + ColourState(state, colour);
  }
  out += "resources " + Text(resources, "total") + (states.empty() ? "" : ": " + states) + "\n";
  return out;
}

std::string Resources(const json& body, bool names_only, bool colour) {
  TerminalTable table{{"LOGICAL ID", "TYPE", "STATE", "PHYSICAL ID", "MESSAGE"}, {}, 2};
  std::string names;
  for (const auto& resource : Items(body, "resources")) {
    names += Text(resource, "logical_id") + "\n";
    table.rows.push_back({Text(resource, "logical_id"), Text(resource, "type"),
                          Text(resource, "state"), Text(resource, "physical_id"),
                          Text(resource, "message")});
  }
  return names_only ? names : RenderTable(table, colour);
}

std::string Changes(const json& changes) {
  std::string out;
  for (const auto& change : changes) {
    out += "  " + Text(change, "path") + ": " + Text(change, "observed") + " -> " +
           Text(change, "desired") + (change.value("immutable", false) ? " (replacement)" : "") +
           "\n";
  }
  return out;
}

std::string Resource(const json& body, bool colour) {
  std::string out = Text(body, "logical_id") + "  " + Text(body, "type") + "  " +
                    ColourState(Text(body, "state"), colour) + "\n";
  for (const char* key : {"physical_id", "file", "region", "message", "next_attempt_at"}) {
    if (!Text(body, key).empty()) out += std::string(key) + ": " + Text(body, key) + "\n";
  }
  if (body.contains("last_error") && body["last_error"].is_object()) {
    out += "last error: " + Text(body["last_error"], "code") + " " +
           Text(body["last_error"], "message") + "\n";
  }
  if (!Items(body, "diff").empty()) out += "diff:\n" + Changes(body["diff"]);
  if (!Items(body, "events").empty()) {
    out += "events:\n";
    for (const auto& event : body["events"]) out += "  " + EventLine(event) + "\n";
  }
  return out;
}

std::string Files(const json& body, bool names_only, bool colour) {
  TerminalTable table{{"FILE", "STATE", "RESOURCES", "PROBLEMS"}, {}, -1};
  std::string names;
  std::string problems;
  for (const auto& file : Items(body, "files")) {
    names += Text(file, "name") + "\n";
    table.rows.push_back({Text(file, "name"), Text(file, "state"), Text(file, "resources"),
                          std::to_string(Items(file, "problems").size())});
    for (const auto& problem : Items(file, "problems")) {
      problems += Text(file, "name") + ":" + Text(problem, "pointer") + ": " +
                  Text(problem, "message") + "\n";
    }
  }
  if (names_only) return names;
  return RenderTable(table, colour) + (problems.empty() ? "" : "\n" + problems);
}

std::string Plan(const json& body, bool colour) {
  TerminalTable table{{"ACTION", "LOGICAL ID", "TYPE", "PHYSICAL ID", "CHANGES"}, {}, -1};
  std::string details;
  for (const auto& action : Items(body, "actions")) {
    std::string paths;
    for (const auto& change : Items(action, "changes")) {
      paths += (paths.empty() ? "" : ", ") + Text(change, "path");
    }
    table.rows.push_back({Text(action, "action"), Text(action, "logical_id"), Text(action, "type"),
                          Text(action, "physical_id"),
                          paths.empty() ? Text(action, "message") : paths});
  }
  const std::size_t count = Items(body, "actions").size();
  const std::string summary = std::to_string(count) + " to do, " + Text(body, "in_sync") +
                              " in sync (observed " + Text(body, "observed_at") + ")\n";
  return count == 0 ? "nothing to do: " + summary : RenderTable(table, colour) + "\n" + summary;
}

std::string Events(const json& body, bool colour) {
  TerminalTable table{{"TIME", "LOGICAL ID", "ACTION", "MESSAGE"}, {}, -1};
  for (const auto& event : Items(body, "events")) {
    table.rows.push_back({Text(event, "time"), Text(event, "logical_id"), Text(event, "action"),
                          Text(event, "message")});
  }
  return RenderTable(table, colour);
}

}  // namespace

std::string EventLine(const json& event) {
  return Text(event, "time") + "  " + Text(event, "logical_id") + "  " + Text(event, "action") +
         "  " + Text(event, "message");
}

std::string RenderView(const std::string& command, const std::vector<std::string>& operands,
                       const json& body, bool names_only, bool colour) {
  const std::string what = operands.empty() ? "" : operands.front();
  if (command == "status") return Status(body, colour);
  if (command == "plan") return Plan(body, colour);
  if (command == "events" || what == "events") return Events(body, colour);
  if (what == "files") return Files(body, names_only, colour);
  if (what == "resources" || what == "resource") {
    return operands.size() > 1 ? Resource(body, colour) : Resources(body, names_only, colour);
  }
  // reconcile, approve, reload: the answer is short; show it as it is.
  return body.dump() + "\n";
}

}  // namespace awsr
