#include "http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace fleetjobs::http {
namespace {

// A blocking loopback client: sends bytes, reads one response (headers + Content-Length body).
class Client {
 public:
  explicit Client(const std::string& address) {
    size_t colon = address.rfind(':');
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr);
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0)
      throw std::runtime_error("connect");
  }
  ~Client() { ::close(fd_); }

  void Send(const std::string& data) {
    ASSERT_EQ(::send(fd_, data.data(), data.size(), 0), (ssize_t)data.size());
  }

  // Returns "" on EOF before a full response.
  std::string ReadResponse() {
    while (true) {
      size_t end = pending_.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t len = 0;
        size_t cl = pending_.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) len = std::stoul(pending_.substr(cl + 16));
        if (pending_.size() >= end + 4 + len) {
          std::string resp = pending_.substr(0, end + 4 + len);
          pending_.erase(0, end + 4 + len);
          return resp;
        }
      }
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return "";
      pending_.append(buf, static_cast<size_t>(n));
    }
  }

  bool ClosedByPeer() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  int fd_ = -1;
  std::string pending_;
};

std::string BodyOf(const std::string& response) { return response.substr(response.find("\r\n\r\n") + 4); }

Response Echo(Request&& r) {
  Response resp;
  resp.headers.emplace_back("X-Listener", std::to_string(r.listener_index));
  resp.body = r.method + " " + r.target + " " + std::string(r.Header("x-test")) + " " + r.body;
  if (r.target == "/throw") throw std::runtime_error("boom");
  return resp;
}

ServerOptions Options() {
  ServerOptions o;
  o.listen = {"127.0.0.1:0"};
  o.threads = 2;
  o.body_limit = 64;
  o.on_body_too_large = [](size_t limit) {
    Response r;
    r.status = 413;
    r.body = "too large " + std::to_string(limit);
    return r;
  };
  o.on_bad_request = [](std::string_view) {
    Response r;
    r.status = 400;
    r.body = "bad";
    return r;
  };
  return o;
}

TEST(HttpServerTest, PassesRawTargetHeadersAndBodyAndKeepsAlive) {
  auto server = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(server.ok()) << server.error().message;
  Client c((*server)->BoundAddresses()[0]);
  c.Send(
      "POST /things/t1/jobs/%24next?x=a%20b HTTP/1.1\r\nHost: h\r\nX-Test: v1\r\nContent-Length: "
      "3\r\n\r\nabc");
  std::string r1 = c.ReadResponse();
  EXPECT_NE(r1.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_EQ(BodyOf(r1), "POST /things/t1/jobs/%24next?x=a%20b v1 abc");
  c.Send("GET /$next HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "GET /$next  ");
}

TEST(HttpServerTest, ChunkedBodyAndPipelining) {
  auto server = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(server.ok());
  Client c((*server)->BoundAddresses()[0]);
  c.Send(
      "PUT /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
      "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "PUT /a  xyz");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "GET /b  ");
}

TEST(HttpServerTest, RefusesOversizedBodyAndCloses) {
  auto server = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(server.ok());
  Client c((*server)->BoundAddresses()[0]);
  c.Send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n");
  std::string r = c.ReadResponse();
  EXPECT_NE(r.find("HTTP/1.1 413"), std::string::npos) << r;
  EXPECT_EQ(BodyOf(r), "too large 64");
  EXPECT_TRUE(c.ClosedByPeer());
}

TEST(HttpServerTest, MalformedRequestGetsBadRequest) {
  auto server = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(server.ok());
  Client c((*server)->BoundAddresses()[0]);
  c.Send("THIS IS NOT HTTP\r\n\r\n");
  std::string r = c.ReadResponse();
  EXPECT_NE(r.find(" 400 "), std::string::npos) << r;
  EXPECT_TRUE(c.ClosedByPeer());
}

TEST(HttpServerTest, HandlerExceptionBecomes500AndServerKeepsWorking) {
  auto server = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(server.ok());
  Client c((*server)->BoundAddresses()[0]);
  c.Send("GET /throw HTTP/1.1\r\nHost: h\r\n\r\n");
  std::string r = c.ReadResponse();
  EXPECT_NE(r.find("HTTP/1.1 500"), std::string::npos);
  EXPECT_NE(r.find("InternalFailureException"), std::string::npos);
  c.Send("GET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(BodyOf(c.ReadResponse()), "GET /ok  ");
}

TEST(HttpServerTest, TwoListenersReportTheirIndex) {
  ServerOptions o = Options();
  o.listen = {"127.0.0.1:0", "127.0.0.1:0"};
  auto server = HttpServer::Start(o, Echo);
  ASSERT_TRUE(server.ok());
  auto addrs = (*server)->BoundAddresses();
  ASSERT_EQ(addrs.size(), 2u);
  EXPECT_NE(addrs[0], addrs[1]);
  Client c0(addrs[0]), c1(addrs[1]);
  c0.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  c1.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_NE(c0.ReadResponse().find("X-Listener: 0"), std::string::npos);
  EXPECT_NE(c1.ReadResponse().find("X-Listener: 1"), std::string::npos);
}

TEST(HttpServerTest, StopWithAnOpenConnectionDoesNotHang) {
  auto server = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(server.ok());
  Client c((*server)->BoundAddresses()[0]);
  c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_FALSE(c.ReadResponse().empty());
  (*server)->Stop();
  (*server)->Stop();
  EXPECT_TRUE(c.ClosedByPeer());
}

TEST(HttpServerTest, BadListenAddressesFail) {
  ServerOptions o = Options();
  o.listen = {"nonsense"};
  EXPECT_FALSE(HttpServer::Start(o, Echo).ok());
  o.listen = {"127.0.0.1:99999"};
  EXPECT_FALSE(HttpServer::Start(o, Echo).ok());
  auto first = HttpServer::Start(Options(), Echo);
  ASSERT_TRUE(first.ok());
  o.listen = {(*first)->BoundAddresses()[0]};
  auto taken = HttpServer::Start(o, Echo);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace fleetjobs::http
