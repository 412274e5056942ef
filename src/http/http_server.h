// HttpServer: an HTTP/1.1 server on Boost.Beast that hands complete requests to a Handler.
//
// Knows nothing of AWS. Keep-alive connections, Content-Length and chunked request bodies, a body
// size limit enforced before the body is read, an idle timeout. Beast and Asio stay out of this
// header (pimpl) so only src/http compiles them.
//
// Thread safety: Start() returns a running server; BoundAddresses() and Stop() may be called from
// any thread. The handler runs on the server's threads, several at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "http/http_types.h"

namespace fleetjobs::http {

struct ServerOptions {
  std::vector<std::string> listen;  // "HOST:PORT" each ("[::1]:0" for IPv6); port 0 = ephemeral
  size_t threads = 4;
  size_t body_limit = 1 << 20;
  // Builds the refusal of an over-limit body; the connection is closed after it.
  std::function<Response(size_t limit)> on_body_too_large;
  // Builds the answer to malformed HTTP; the connection is closed after it.
  std::function<Response(std::string_view reason)> on_bad_request;
  std::chrono::seconds idle_timeout{60};
};

class HttpServer {
 public:
  // Binds every listener and starts the threads. kUnavailable naming the address if a bind fails,
  // kInvalidRequest for a malformed address.
  static Result<std::unique_ptr<HttpServer>> Start(ServerOptions options, Handler handler);

  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // "127.0.0.1:43127" per listener, in the order given, with the actual ports.
  std::vector<std::string> BoundAddresses() const;

  // Stops accepting, closes connections, joins the threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fleetjobs::http
