#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <thread>

namespace fleetjobs::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

Response InternalError() {
  Response r;
  r.status = 500;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = R"({"__type":"InternalFailureException","message":"internal error"})";
  return r;
}

Response DefaultError(int status, std::string_view message) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "text/plain");
  r.body = std::string(message);
  return r;
}

Result<tcp::endpoint> ParseEndpoint(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    return MakeError(ErrorCode::kInvalidRequest, "listen address must be HOST:PORT, got " + address);
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(address.substr(colon + 1), &used);
    if (used != address.size() - colon - 1 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return MakeError(ErrorCode::kInvalidRequest, "invalid port in listen address " + address);
  }
  boost::system::error_code ec;
  auto ip = net::ip::make_address(host, ec);
  if (ec) return MakeError(ErrorCode::kInvalidRequest, "invalid host in listen address " + address);
  return tcp::endpoint(ip, static_cast<unsigned short>(port));
}

std::string FormatEndpoint(const tcp::endpoint& ep) {
  std::string host = ep.address().to_string();
  if (ep.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(ep.port());
}

struct Shared {
  Handler handler;
  ServerOptions options;
};

// One connection: read a request, call the handler, write the response, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<const Shared> shared, size_t listener_index)
      : stream_(std::move(socket)), shared_(std::move(shared)), listener_index_(listener_index) {}

  void Run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Only once no server thread runs any more (after HttpServer::Stop joined them).
  void CloseNow() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(shared_->options.body_limit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Shutdown();
    }
    if (ec == bhttp::error::body_limit) {
      Response r = shared_->options.on_body_too_large
                       ? shared_->options.on_body_too_large(shared_->options.body_limit)
                       : DefaultError(413, "request body too large");
      return Write(std::move(r), /*keep_alive=*/false, /*version=*/11);
    }
    if (ec) {
      Response r = shared_->options.on_bad_request ? shared_->options.on_bad_request(ec.message())
                                                   : DefaultError(400, ec.message());
      return Write(std::move(r), false, 11);
    }
    auto& msg = parser_->get();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.headers.reserve(16);
    for (const auto& field : msg)
      req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    req.body = std::move(msg.body());
    req.listener_index = listener_index_;
    bool keep_alive = msg.keep_alive();
    unsigned version = msg.version();
    Response resp;
    try {
      resp = shared_->handler(std::move(req));
    } catch (const std::exception& e) {
      spdlog::error("handler threw: {}", e.what());
      resp = InternalError();
    } catch (...) {
      spdlog::error("handler threw a non-exception");
      resp = InternalError();
    }
    Write(std::move(resp), keep_alive, version);
  }

  void Write(Response&& r, bool keep_alive, unsigned version) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(version);
    res->result(static_cast<unsigned>(r.status));
    for (auto& [name, value] : r.headers) res->insert(name, value);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    stream_.expires_after(shared_->options.idle_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                         if (ec || !keep_alive) return self->Shutdown();
                         self->Read();
                       });
  }

  void Shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<const Shared> shared_;
  size_t listener_index_;
};

}  // namespace

struct HttpServer::Impl {
  net::io_context ioc;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::string> bound;
  std::vector<std::thread> threads;
  std::shared_ptr<const Shared> shared;
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<Session>> sessions;
  std::atomic<bool> stopped{false};

  explicit Impl(size_t threads) : ioc(static_cast<int>(threads)) {}

  void Accept(size_t index) {
    acceptors[index]->async_accept(
        net::make_strand(ioc), [this, index](beast::error_code ec, tcp::socket socket) {
          if (ec == net::error::operation_aborted || stopped.load()) return;
          if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            auto session = std::make_shared<Session>(std::move(socket), shared, index);
            {
              std::lock_guard<std::mutex> lock(sessions_mu);
              std::erase_if(sessions, [](const auto& w) { return w.expired(); });
              sessions.push_back(session);
            }
            session->Run();
          }
          Accept(index);
        });
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(ServerOptions options, Handler handler) {
  if (options.listen.empty()) return MakeError(ErrorCode::kInvalidRequest, "no listen address");
  size_t threads = options.threads == 0 ? 1 : options.threads;
  auto impl = std::make_unique<Impl>(threads);
  for (const auto& address : options.listen) {
    FJ_ASSIGN_OR_RETURN(tcp::endpoint ep, ParseEndpoint(address));
    auto acceptor = std::make_unique<tcp::acceptor>(impl->ioc);
    beast::error_code ec;
    acceptor->open(ep.protocol(), ec);
    if (!ec) acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor->bind(ep, ec);
    if (!ec) acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return MakeError(ErrorCode::kUnavailable, "cannot listen on " + address + ": " + ec.message());
    impl->bound.push_back(FormatEndpoint(acceptor->local_endpoint()));
    impl->acceptors.push_back(std::move(acceptor));
  }
  impl->shared = std::make_shared<const Shared>(Shared{std::move(handler), std::move(options)});
  for (size_t i = 0; i < impl->acceptors.size(); ++i) impl->Accept(i);
  for (size_t i = 0; i < threads; ++i) {
    impl->threads.emplace_back([ioc = &impl->ioc] { ioc->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

std::vector<std::string> HttpServer::BoundAddresses() const { return impl_->bound; }

void HttpServer::Stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  impl_->ioc.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  // No server thread runs now: close the listeners and every open connection directly.
  for (auto& a : impl_->acceptors) {
    beast::error_code ec;
    a->close(ec);
  }
  std::lock_guard<std::mutex> lock(impl_->sessions_mu);
  for (auto& w : impl_->sessions) {
    if (auto s = w.lock()) s->CloseNow();
  }
  impl_->sessions.clear();
}

}  // namespace fleetjobs::http
