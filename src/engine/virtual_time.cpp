#include "engine/virtual_time.h"

#include <charconv>
#include <string>

namespace fleetjobs {

Status VirtualTime::Restore() {
  std::string stored;
  Status st = store_.Read([&](StoreTxn& txn) -> Status {
    auto value = txn.GetSetting(kSettingKey);
    if (!value.ok()) return value.error().code == ErrorCode::kNotFound ? Status::Ok() : value.take_error();
    stored = *value;
    return Status::Ok();
  });
  FJ_RETURN_IF_ERROR(st);
  if (stored.empty()) return Persist(clock_.Now());
  int64_t ms = 0;
  auto [ptr, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), ms);
  if (ec != std::errc() || ptr != stored.data() + stored.size()) {
    return MakeError(ErrorCode::kInternal, "unreadable stored virtual time: " + stored);
  }
  clock_.AdvanceTo(FromEpochMillis(ms));
  return Status::Ok();
}

Status VirtualTime::Persist(Timestamp t) {
  return store_.Transact(
      [&](StoreTxn& txn) { return txn.PutSetting(kSettingKey, std::to_string(ToEpochMillis(t))); });
}

Result<Timestamp> VirtualTime::Advance(std::chrono::milliseconds by) {
  if (by.count() < 0) return MakeError(ErrorCode::kInvalidRequest, "seconds must not be negative");
  std::lock_guard<std::mutex> lock(mu_);
  const Timestamp target = clock_.Now() + by;
  timers_.FireDue();
  for (;;) {
    std::optional<Timestamp> next = timers_.NextDue();
    if (!next || *next > target) break;
    clock_.AdvanceTo(*next);
    timers_.FireDue();
  }
  clock_.AdvanceTo(target);
  timers_.FireDue();
  FJ_RETURN_IF_ERROR(Persist(target));
  return target;
}

}  // namespace fleetjobs
