// Thing and ThingGroup: the minimal registry that job targets need.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/clock.h"

namespace fleetjobs {

using Attributes = std::map<std::string, std::string>;

struct Thing {
  std::string thing_name;
  std::string thing_id;
  std::string thing_arn;
  std::optional<std::string> thing_type_name;
  std::optional<std::string> billing_group_name;
  Attributes attributes;
  int64_t version = 1;
};

}  // namespace fleetjobs
