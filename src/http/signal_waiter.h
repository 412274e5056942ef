// Blocks the calling thread until SIGTERM or SIGINT arrives (for main()).
#pragma once

namespace fleetjobs::http {

void WaitForTerminationSignal();

}  // namespace fleetjobs::http
