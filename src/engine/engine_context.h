// EngineContext: what every engine service shares. Owned by Engine; services hold a reference.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "engine/change_set.h"
#include "engine/url_presigner.h"
#include "model/arn_format.h"
#include "store/store.h"

namespace fleetjobs {

struct EngineOptions {
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  int max_jobs_deleting = 10;  // jobs allowed in DELETION_IN_PROGRESS at once
  int max_targets_per_job = 100;
  int max_groups_per_thing = 10;
  int max_pending_listed = 10;  // GetPendingJobExecutions / notify list size
  // Fills ${aws:iot:s3-presigned-url:...} placeholders on the device paths; nullptr keeps them.
  // Borrowed: must outlive the engine.
  const UrlPresigner* presigner = nullptr;
};

struct EngineContext {
  Store& store;
  const Clock& clock;
  EngineOptions options;
  ArnFormat arns;

  // Told about every committed ChangeSet. REQUIRES: filled before the first engine call.
  std::vector<ChangeListener*> listeners;

  EngineContext(Store& s, const Clock& c, EngineOptions o)
      : store(s), clock(c), options(std::move(o)), arns(options.region, options.account_id) {}

  // Runs fn in one store transaction with an empty ChangeSet (emptied again if the store retries
  // fn) and, once the transaction has committed, hands the ChangeSet to every listener.
  Status Commit(const std::function<Status(StoreTxn&, ChangeSet&)>& fn);
};

}  // namespace fleetjobs
