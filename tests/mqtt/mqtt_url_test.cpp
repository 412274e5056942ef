#include "mqtt/mqtt_url.h"

#include <gtest/gtest.h>

namespace fleetjobs::mqtt {
namespace {

TEST(MqttUrlTest, ParsesHostsAndDefaultPorts) {
  auto u = ParseMqttUrl("mqtt://127.0.0.1:1884");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 1884);
  u = ParseMqttUrl("mqtt://broker.local");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 1883);
  u = ParseMqttUrl("mqtts://broker.local/");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->port, 8883);
  u = ParseMqttUrl("mqtts://[::1]:9000");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 9000);
  EXPECT_EQ(u->ToString(), "mqtts://[::1]:9000");
  EXPECT_EQ(ParseMqttUrl("mqtt://h:1")->ToString(), "mqtt://h:1");
}

TEST(MqttUrlTest, RejectsMalformedUrls) {
  for (const char* bad :
       {"", "127.0.0.1:1883", "http://h:1883", "mqtt://", "mqtt://:1883", "mqtt://h:", "mqtt://h:0",
        "mqtt://h:65536", "mqtt://h:12x", "mqtt://h:-1", "mqtt://u:p@h:1883", "mqtt://h:1883/path",
        "mqtt://h:1883?x=1", "mqtt://::1:1883", "mqtt://[::1", "mqtt://[::1]x", "MQTT://h"}) {
    auto u = ParseMqttUrl(bad);
    EXPECT_FALSE(u.ok()) << bad;
    if (!u.ok()) {
      EXPECT_EQ(u.error().code, ErrorCode::kInvalidRequest);
      EXPECT_NE(u.error().message.find("invalid MQTT URL"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace fleetjobs::mqtt
