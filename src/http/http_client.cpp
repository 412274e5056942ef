#include "http/http_client.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace fleetjobs::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr size_t kResponseBodyLimit = 64 << 20;

Result<tcp::endpoint> ParseClientEndpoint(std::string address, std::string& host_header) {
  for (std::string_view scheme : {"http://"}) {
    if (address.rfind(scheme, 0) == 0) address = address.substr(scheme.size());
  }
  while (!address.empty() && address.back() == '/') address.pop_back();
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    return MakeError(ErrorCode::kInvalidRequest, "endpoint must be [http://]HOST:PORT, got " + address);
  }
  host_header = address;
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(address.substr(colon + 1), &used);
    if (used != address.size() - colon - 1 || port == 0 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return MakeError(ErrorCode::kInvalidRequest, "invalid port in endpoint " + address);
  }
  boost::system::error_code ec;
  auto ip = net::ip::make_address(host, ec);
  if (ec) return MakeError(ErrorCode::kInvalidRequest, "endpoint host must be an IP address: " + address);
  return tcp::endpoint(ip, static_cast<unsigned short>(port));
}

struct Pending {
  Request request;
  ResponseCallback done;
  bool retried = false;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(net::io_context& ioc, tcp::endpoint ep, const std::string& host, std::chrono::seconds timeout)
      : strand_(net::make_strand(ioc)),
        stream_(strand_),
        ep_(std::move(ep)),
        host_(host),
        timeout_(timeout) {}

  void Enqueue(Pending p) {
    net::post(strand_, [self = shared_from_this(), p = std::move(p)]() mutable {
      self->queue_.push_back(std::move(p));
      if (!self->busy_) self->Next();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    open_ = false;
  }

 private:
  void Next() {
    if (queue_.empty()) {
      busy_ = false;
      return;
    }
    busy_ = true;
    if (!open_) {
      reused_ = false;
      stream_.expires_after(timeout_);
      stream_.async_connect(ep_, [self = shared_from_this()](beast::error_code ec) {
        if (ec) return self->Fail(MakeError(ErrorCode::kUnavailable, "connect: " + ec.message()), false);
        beast::error_code ignored;
        self->stream_.socket().set_option(tcp::no_delay(true), ignored);
        self->open_ = true;
        self->Write();
      });
      return;
    }
    Write();
  }

  void Write() {
    const Request& r = queue_.front().request;
    req_ = {};
    req_.version(11);
    req_.method_string(r.method);
    req_.target(r.target);
    req_.set(bhttp::field::host, host_);
    for (const auto& [name, value] : r.headers) req_.set(name, value);
    req_.body() = r.body;
    req_.keep_alive(true);
    req_.prepare_payload();
    start_ = Clock::now();
    stream_.expires_after(timeout_);
    bhttp::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Fail(MakeError(ErrorCode::kUnavailable, "write: " + ec.message()), true);
      self->Read();
    });
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(kResponseBodyLimit);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) {
      // Nothing of the answer arrived on a reused connection: the server closed it while idle.
      const bool retryable = parser_->got_some() == false;
      return Fail(MakeError(ec == bhttp::error::body_limit ? ErrorCode::kInternal : ErrorCode::kUnavailable,
                            "read: " + ec.message()),
                  retryable);
    }
    auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_);
    auto& msg = parser_->get();
    Response resp;
    resp.status = static_cast<int>(msg.result_int());
    for (const auto& field : msg)
      resp.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    resp.body = std::move(msg.body());
    const bool keep_alive = msg.keep_alive();
    reused_ = true;
    if (!keep_alive) Close();
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    p.done(std::move(resp), latency);
    Next();
  }

  // `retryable`: the request may not have reached the server's handler.
  void Fail(Error e, bool retryable) {
    const bool was_reused = reused_;
    Close();
    buffer_.clear();
    Pending& p = queue_.front();
    if (retryable && was_reused && !p.retried) {
      p.retried = true;
      return Next();  // reconnects
    }
    Pending failed = std::move(p);
    queue_.pop_front();
    failed.done(std::move(e), std::chrono::microseconds(0));
    Next();
  }

  net::strand<net::io_context::executor_type> strand_;
  beast::tcp_stream stream_;
  tcp::endpoint ep_;
  const std::string& host_;
  std::chrono::seconds timeout_;
  std::deque<Pending> queue_;
  bool busy_ = false;
  bool open_ = false;
  bool reused_ = false;  // a response has been read on the current socket
  bhttp::request<bhttp::string_body> req_;
  std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
  beast::flat_buffer buffer_;
  Clock::time_point start_;
};

}  // namespace

struct HttpClient::Impl {
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work;
  std::string host;
  std::vector<std::shared_ptr<Connection>> connections;
  std::vector<std::thread> threads;
  std::atomic<bool> stopped{false};

  explicit Impl(size_t n_threads) : ioc(static_cast<int>(n_threads)), work(net::make_work_guard(ioc)) {}
};

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpClient::~HttpClient() { Stop(); }

Result<std::unique_ptr<HttpClient>> HttpClient::Start(const ClientOptions& options) {
  const size_t threads = options.threads == 0 ? 1 : options.threads;
  auto impl = std::make_unique<Impl>(threads);
  FJ_ASSIGN_OR_RETURN(tcp::endpoint ep, ParseClientEndpoint(options.endpoint, impl->host));
  const size_t n = options.connections == 0 ? 1 : options.connections;
  for (size_t i = 0; i < n; ++i) {
    impl->connections.push_back(std::make_shared<Connection>(impl->ioc, ep, impl->host, options.timeout));
  }
  for (size_t i = 0; i < threads; ++i) impl->threads.emplace_back([ioc = &impl->ioc] { ioc->run(); });
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

const std::string& HttpClient::host() const { return impl_->host; }
size_t HttpClient::connections() const { return impl_->connections.size(); }

void HttpClient::Send(size_t connection, Request request, ResponseCallback done) {
  if (impl_->stopped.load()) return;
  impl_->connections[connection % impl_->connections.size()]->Enqueue(
      Pending{std::move(request), std::move(done), false});
}

void HttpClient::After(std::chrono::milliseconds delay, std::function<void()> fn) {
  if (impl_->stopped.load()) return;
  auto timer = std::make_shared<net::steady_timer>(impl_->ioc, delay);
  timer->async_wait([timer, fn = std::move(fn)](beast::error_code ec) {
    if (!ec) fn();
  });
}

void HttpClient::Stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  for (auto& c : impl_->connections) c->Close();
}

}  // namespace fleetjobs::http
