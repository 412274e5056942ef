// ArnFormat: builds and parses the ARNs of this server's account and region.
// Immutable after construction; safe to share across threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fleetjobs {

enum class ArnKind { kJob, kThing, kThingGroup, kJobTemplate };

struct ParsedArn {
  ArnKind kind;
  std::string name;  // job id, thing name, group name or template id
};

class ArnFormat {
 public:
  ArnFormat(std::string region, std::string account_id);

  std::string Job(std::string_view job_id) const { return Make("job/", job_id); }
  std::string Thing(std::string_view name) const { return Make("thing/", name); }
  std::string ThingGroup(std::string_view name) const { return Make("thinggroup/", name); }
  std::string JobTemplate(std::string_view id) const { return Make("jobtemplate/", id); }

  // Parses an ARN of this account and region; nullopt for anything else (other account,
  // region, partition or resource type).
  std::optional<ParsedArn> Parse(std::string_view arn) const;

  const std::string& region() const { return region_; }
  const std::string& account_id() const { return account_id_; }

 private:
  std::string Make(std::string_view type, std::string_view name) const;

  std::string region_;
  std::string account_id_;
  std::string prefix_;  // "arn:aws:iot:<region>:<account>:"
};

}  // namespace fleetjobs
