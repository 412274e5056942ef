// Store look-ups shared by the engine services, with the AWS-style "does not exist" messages, and
// small derived values (the namespace check, the document a device receives).
// Free functions over a StoreTxn; same threading rules as the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "engine/url_presigner.h"
#include "model/job.h"
#include "model/job_execution.h"
#include "model/job_template.h"
#include "store/store.h"

namespace fleetjobs {

// kNotFound "Job <id> does not exist" when absent; other store errors unchanged.
Result<Job> LoadJob(StoreTxn& txn, std::string_view job_id);

// The given execution number, or the latest one when absent. kNotFound when absent.
Result<JobExecution> LoadExecution(StoreTxn& txn, std::string_view job_id, std::string_view thing_name,
                                   std::optional<int64_t> execution_number);

Result<JobTemplate> LoadJobTemplate(StoreTxn& txn, std::string_view template_id);

// A namespaceId given with a request must be the job's, else the job is "not found" in it.
Status CheckNamespace(const Job& job, const std::optional<std::string>& namespace_id);

// The document a device receives: the inline document with ${aws:iot:parameter:...} filled in and,
// for a job with a presignedUrlConfig and a server with a presigner, ${aws:iot:s3-presigned-url:...}
// replaced by URLs valid expiresInSec from `now`; nullopt when the job only has a documentSource.
std::optional<std::string> DeviceDocument(const Job& job, const UrlPresigner* presigner, Timestamp now);

}  // namespace fleetjobs
