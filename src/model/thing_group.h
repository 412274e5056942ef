// ThingGroup: a static thing group; its parent is fixed at creation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"
#include "model/thing.h"

namespace fleetjobs {

struct ThingGroup {
  std::string group_name;
  std::string group_id;
  std::string group_arn;
  std::optional<std::string> parent_group_name;
  std::optional<std::string> description;
  Attributes attributes;
  int64_t version = 1;
  Timestamp created_at{};
};

}  // namespace fleetjobs
