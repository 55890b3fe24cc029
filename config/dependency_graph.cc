#include "config/dependency_graph.h"

#include <algorithm>
#include <deque>

namespace awsr::config {
namespace {

// Tarjan's strongly connected components.
class Components {
 public:
  explicit Components(const DependencyGraph& graph) : graph_(graph) {
    for (const auto& [node, edges] : graph_) {
      if (!index_.contains(node)) Visit(node);
    }
  }
  std::vector<std::set<std::string>> Take() { return std::move(components_); }

 private:
  void Visit(const std::string& node) {
    index_[node] = low_[node] = next_index_++;
    stack_.push_back(node);
    on_stack_.insert(node);
    for (const std::string& next : graph_.at(node)) {
      if (!graph_.contains(next)) continue;
      if (!index_.contains(next)) {
        Visit(next);
        low_[node] = std::min(low_[node], low_[next]);
      } else if (on_stack_.contains(next)) {
        low_[node] = std::min(low_[node], index_[next]);
      }
    }
    if (low_[node] != index_[node]) return;
    std::set<std::string> component;
    std::string member;
    do {
      member = stack_.back();
      stack_.pop_back();
      on_stack_.erase(member);
      component.insert(member);
    } while (member != node);
    components_.push_back(std::move(component));
  }

  const DependencyGraph& graph_;
  std::map<std::string, int> index_, low_;
  int next_index_ = 0;
  std::vector<std::string> stack_;
  std::set<std::string> on_stack_;
  std::vector<std::set<std::string>> components_;
};

// The shortest path from `start` back to itself inside `component` (breadth-first).
std::vector<std::string> LoopThrough(const DependencyGraph& graph,
                                     const std::set<std::string>& component,
                                     const std::string& start) {
  std::map<std::string, std::string> came_from;
  std::deque<std::string> queue = {start};
  while (!queue.empty()) {
    const std::string node = queue.front();
    queue.pop_front();
    for (const std::string& next : graph.at(node)) {
      if (!component.contains(next)) continue;
      if (next == start) {
        std::vector<std::string> path = {start};
        for (std::string at = node; at != start; at = came_from.at(at)) path.push_back(at);
        path.push_back(start);
        std::reverse(path.begin() + 1, path.end() - 1);
        return path;
      }
      if (came_from.emplace(next, node).second) queue.push_back(next);
    }
  }
  return {};
}

}  // namespace

std::vector<std::vector<std::string>> FindCycles(const DependencyGraph& graph) {
  std::vector<std::vector<std::string>> cycles;
  for (const auto& component : Components(graph).Take()) {
    const std::string& first = *component.begin();
    const bool loops = component.size() > 1 || graph.at(first).contains(first);
    if (loops) cycles.push_back(LoopThrough(graph, component, first));
  }
  std::sort(cycles.begin(), cycles.end());
  return cycles;
}

}  // namespace awsr::config
