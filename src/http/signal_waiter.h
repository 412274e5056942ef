// Termination signals for main(): BlockTerminationSignals() must run before any thread starts so
// every thread inherits the mask; WaitForTerminationSignal() then blocks until SIGTERM or SIGINT
// arrives. Because the signals are blocked from the start, one sent at any moment after start-up
// is held until the wait picks it up, never killing the process by default action.
#pragma once

namespace fleetjobs::http {

void BlockTerminationSignals();
// Returns the signal number received.
int WaitForTerminationSignal();

}  // namespace fleetjobs::http
