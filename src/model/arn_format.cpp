#include "model/arn_format.h"

#include <array>
#include <utility>

namespace fleetjobs {

ArnFormat::ArnFormat(std::string region, std::string account_id)
    : region_(std::move(region)),
      account_id_(std::move(account_id)),
      prefix_("arn:aws:iot:" + region_ + ":" + account_id_ + ":") {}

std::string ArnFormat::Make(std::string_view type, std::string_view name) const {
  std::string out;
  out.reserve(prefix_.size() + type.size() + name.size());
  out.append(prefix_).append(type).append(name);
  return out;
}

std::optional<ParsedArn> ArnFormat::Parse(std::string_view arn) const {
  if (arn.substr(0, prefix_.size()) != prefix_) return std::nullopt;
  std::string_view rest = arn.substr(prefix_.size());
  static constexpr std::array<std::pair<std::string_view, ArnKind>, 4> kTypes = {{
      {"job/", ArnKind::kJob},
      {"thing/", ArnKind::kThing},
      {"thinggroup/", ArnKind::kThingGroup},
      {"jobtemplate/", ArnKind::kJobTemplate},
  }};
  for (const auto& [type, kind] : kTypes) {
    if (rest.substr(0, type.size()) == type && rest.size() > type.size()) {
      return ParsedArn{kind, std::string(rest.substr(type.size()))};
    }
  }
  return std::nullopt;
}

}  // namespace fleetjobs
