#include "http/signal_waiter.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>

namespace fleetjobs::http {

void WaitForTerminationSignal() {
  boost::asio::io_context ioc;
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});
  ioc.run();
}

}  // namespace fleetjobs::http
