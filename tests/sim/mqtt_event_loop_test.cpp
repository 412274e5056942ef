#include "sim/mqtt_event_loop.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fleetjobs::sim {
namespace {

// A loopback port nobody listens on: bound, then closed.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(MqttEventLoopTest, OpenReportsARefusedConnection) {
  MqttEventLoopOptions o;
  o.port = ClosedPort();
  MqttEventLoop loop(o);
  Status st = loop.Open(3, nullptr, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("cannot connect to mqtt://127.0.0.1:" + std::to_string(o.port)),
            std::string::npos)
      << st.error().message;
}

TEST(MqttEventLoopTest, TimersRunInOrderOnRunOnce) {
  MqttEventLoop loop(MqttEventLoopOptions{});
  std::vector<int> order;
  const auto now = MqttEventLoop::Clock::now();
  loop.At(now + std::chrono::milliseconds(2), [&] { order.push_back(2); });
  loop.At(now, [&] { order.push_back(1); });
  loop.At(now + std::chrono::hours(1), [&] { order.push_back(3); });
  while (order.size() < 2) loop.RunOnce(std::chrono::milliseconds(50));
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace fleetjobs::sim
