// HttpClient: an asynchronous HTTP/1.1 client on Boost.Beast for load tools (the fleet simulator,
// benchmarks): a fixed set of keep-alive connections to one server, driven by a few threads.
//
// Requests queued on one connection go out one at a time, in order; many connections run at once.
// A connection opens on its first request and is reopened after an error or a `Connection: close`
// (a request that fails on a reused connection before any byte of its answer arrived is retried
// once, as the server may have closed an idle connection). Latency is measured from the start of
// the write to the end of the response, not counting time in the connection's queue.
//
// Thread safety: Send and After may be called from any thread, also from inside a callback.
// Callbacks run on the client's threads; those of one connection never run concurrently.
// Stop() (or the destructor) drops what is still queued without calling it back.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/result.h"
#include "http/http_types.h"

namespace fleetjobs::http {

struct ClientOptions {
  std::string endpoint;  // "HOST:PORT" or "http://HOST:PORT" (IPv4/IPv6 literal or localhost)
  size_t connections = 64;
  size_t threads = 1;
  std::chrono::seconds timeout{60};  // per request
};

using ResponseCallback = std::function<void(Result<Response>, std::chrono::microseconds latency)>;

class HttpClient {
 public:
  // Starts the threads; connections open lazily. kInvalidRequest for a malformed endpoint.
  static Result<std::unique_ptr<HttpClient>> Start(const ClientOptions& options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The Host header value requests are sent with ("127.0.0.1:8080"); sign with this.
  const std::string& host() const;
  size_t connections() const;

  // Queues `request` on connection `connection % connections()`. The Host header is added.
  // kUnavailable (connect failed, connection lost) or kInternal (a malformed answer) on failure.
  void Send(size_t connection, Request request, ResponseCallback done);

  // Runs `fn` on a client thread once `delay` has passed.
  void After(std::chrono::milliseconds delay, std::function<void()> fn);

  // Stops the threads and closes the connections. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fleetjobs::http
