#include "engine/maintenance_windows.h"

#include <algorithm>

namespace fleetjobs {

Result<MaintenanceWindows> MaintenanceWindows::Parse(const std::vector<MaintenanceWindow>& windows) {
  MaintenanceWindows out;
  for (const MaintenanceWindow& w : windows) {
    FJ_ASSIGN_OR_RETURN(CronSchedule cron, CronSchedule::Parse(w.start_time));
    out.windows_.push_back(Window{std::move(cron), std::chrono::minutes(w.duration_in_minutes)});
  }
  return out;
}

MaintenanceWindows MaintenanceWindows::ForJob(const std::optional<SchedulingConfig>& scheduling) {
  if (!scheduling || !scheduling->maintenance_windows) return MaintenanceWindows();
  auto parsed = Parse(*scheduling->maintenance_windows);
  // Stored windows were validated on the way in; an unreadable one never closes the job.
  return parsed.ok() ? std::move(parsed).value() : MaintenanceWindows();
}

bool MaintenanceWindows::IsOpen(Timestamp now) const {
  if (windows_.empty()) return true;
  for (const Window& w : windows_) {
    // The latest start s <= now with now < s + duration is the first start after now - duration.
    std::optional<Timestamp> start = w.start.NextAfter(now - w.duration);
    if (start && *start <= now) return true;
  }
  return false;
}

std::optional<Timestamp> MaintenanceWindows::NextOpen(Timestamp now) const {
  std::optional<Timestamp> best;
  for (const Window& w : windows_) {
    std::optional<Timestamp> t = w.start.NextAfter(now);
    if (t && (!best || *t < *best)) best = t;
  }
  return best;
}

std::vector<Timestamp> MaintenanceWindows::NextStarts(Timestamp after, int count) const {
  std::vector<Timestamp> all;
  for (const Window& w : windows_) {
    std::vector<Timestamp> starts = w.start.Next(after, count);
    all.insert(all.end(), starts.begin(), starts.end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  if (all.size() > static_cast<size_t>(count)) all.resize(static_cast<size_t>(count));
  return all;
}

}  // namespace fleetjobs
