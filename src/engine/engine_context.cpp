#include "engine/engine_context.h"

namespace fleetjobs {

Status EngineContext::Commit(const std::function<Status(StoreTxn&, ChangeSet&)>& fn) {
  ChangeSet changes;
  Status st = store.Transact([&](StoreTxn& txn) -> Status {
    changes.Clear();
    changes.at = clock.Now();
    return fn(txn, changes);
  });
  if (!st.ok() || changes.empty()) return st;
  for (ChangeListener* listener : listeners) listener->OnCommitted(changes);
  return st;
}

}  // namespace fleetjobs
