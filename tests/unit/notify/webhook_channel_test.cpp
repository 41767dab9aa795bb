// WebhookChannel against a real HTTP receiver on loopback (tests/support/webhook_receiver.py).
#include "notify/webhook_channel.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/child_process.h"
#include "support/scratch_dir.h"

namespace esc::notify {
namespace {

using nlohmann::json;
using test_support::ChildProcess;
using test_support::ScratchDir;

constexpr const char* kReceiver = ESCALATOR_SOURCE_DIR "/tests/support/webhook_receiver.py";
const core::Instant kNow{std::chrono::seconds(1772460000)};

class Receiver {
 public:
  Receiver(const ScratchDir& dir, std::vector<std::string> extra)
      : log_(dir / "requests.jsonl"), process_(Args(extra), dir / "receiver.stderr") {}

  bool ok() const { return process_.ok(); }
  std::string Stderr() const { return process_.Stderr(); }
  std::string Url(const char* scheme = "http") const {
    return fmt::format("{}://127.0.0.1:{}/hook", scheme, process_.port());
  }
  std::vector<json> Requests() const {
    std::vector<json> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
  }

 private:
  std::vector<std::string> Args(const std::vector<std::string>& extra) const {
    std::vector<std::string> args = {"/usr/bin/python3", kReceiver,  "--log",
                                     log_.string(),      "--secret", "s3cret"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  std::filesystem::path log_;
  ChildProcess process_;
};

Notification Sample(std::int64_t id) {
  Notification n;
  n.outbox_id = id;
  n.idempotency_key = IdempotencyKey(id);
  n.kind = "escalated_to_you";
  n.ticket_key = "ESC-5";
  n.subject = "Escalated to you";
  n.text = "Kunde wartet – bitte übernehmen";
  return n;
}

WebhookConfig Config(std::string url, WebhookFormat format = WebhookFormat::kGeneric) {
  WebhookConfig config;
  config.url = std::move(url);
  config.format = format;
  config.secret = "s3cret";
  config.timeout = std::chrono::seconds(10);
  return config;
}

TEST(WebhookChannel, PostsSignedJsonWithIdempotencyKey) {
  ScratchDir dir;
  Receiver receiver(dir, {});
  ASSERT_TRUE(receiver.ok()) << receiver.Stderr();
  WebhookChannel channel(Config(receiver.Url(), WebhookFormat::kSlack));
  const DeliveryResult result = channel.Send(Sample(17), kNow);
  ASSERT_TRUE(result.sent()) << result.reason;
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const json& request = requests[0];
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["path"], "/hook");
  EXPECT_EQ(request["headers"]["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(request["headers"]["idempotency-key"], "escalator-outbox-17");
  EXPECT_EQ(request["headers"]["x-escalator-timestamp"], "1772460000");
  EXPECT_TRUE(request["signature_valid"].get<bool>()) << request.dump();
  EXPECT_EQ(request["body"], WebhookBody(WebhookFormat::kSlack, Sample(17)));
  EXPECT_EQ(json::parse(request["body"].get<std::string>())["text"], "ESC-5: Escalated to you");
}

TEST(WebhookChannel, ServerErrorIsRetryableAndTheRetryReusesKeyAndConnection) {
  ScratchDir dir;
  Receiver receiver(dir, {"--fail-first", "1"});
  ASSERT_TRUE(receiver.ok()) << receiver.Stderr();
  WebhookChannel channel(Config(receiver.Url()));
  const DeliveryResult first = channel.Send(Sample(3), kNow);
  EXPECT_EQ(first.status, DeliveryStatus::kRetryable);
  EXPECT_EQ(first.reason, "HTTP 500");
  const DeliveryResult second = channel.Send(Sample(3), kNow + std::chrono::seconds(30));
  EXPECT_TRUE(second.sent()) << second.reason;
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["headers"]["idempotency-key"], requests[1]["headers"]["idempotency-key"]);
  EXPECT_EQ(requests[0]["client_port"], requests[1]["client_port"]) << "connection not reused";
  EXPECT_TRUE(requests[1]["signature_valid"].get<bool>());
}

TEST(WebhookChannel, TooManyRequestsIsRetryable) {
  ScratchDir dir;
  Receiver receiver(dir, {"--status", "429"});
  ASSERT_TRUE(receiver.ok()) << receiver.Stderr();
  EXPECT_EQ(WebhookChannel(Config(receiver.Url())).Send(Sample(1), kNow).status,
            DeliveryStatus::kRetryable);
}

TEST(WebhookChannel, ClientErrorIsPermanent) {
  ScratchDir dir;
  Receiver receiver(dir, {"--status", "404"});
  ASSERT_TRUE(receiver.ok()) << receiver.Stderr();
  const DeliveryResult result = WebhookChannel(Config(receiver.Url())).Send(Sample(1), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kPermanent);
  EXPECT_EQ(result.reason, "HTTP 404");
}

// A socket bound to a loopback port: listening or not, as asked. Closed on destruction.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listening) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0) return;
    if (listening && ::listen(fd_, 4) != 0) return;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

TEST(WebhookChannel, RefusedConnectionIsRetryable) {
  LoopbackSocket closed(false);
  ASSERT_NE(closed.port(), 0);
  const DeliveryResult result =
      WebhookChannel(Config(fmt::format("http://127.0.0.1:{}/", closed.port())))
          .Send(Sample(1), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kRetryable) << result.reason;
}

TEST(WebhookChannel, ReceiverThatNeverAnswersTimesOutRetryably) {
  LoopbackSocket silent(true);  // accepts into the backlog, never reads or answers
  ASSERT_NE(silent.port(), 0);
  WebhookConfig config = Config(fmt::format("http://127.0.0.1:{}/", silent.port()));
  config.timeout = std::chrono::milliseconds(300);
  const DeliveryResult result = WebhookChannel(config).Send(Sample(1), kNow);
  EXPECT_EQ(result.status, DeliveryStatus::kRetryable);
  EXPECT_NE(result.reason.find("Timeout"), std::string::npos) << result.reason;
}

TEST(WebhookChannel, HttpsVerifiesTheReceiverCertificate) {
  ScratchDir dir;
  ASSERT_TRUE(test_support::MakeSelfSignedCert(dir));
  Receiver receiver(dir,
                    {"--cert", (dir / "cert.pem").string(), "--key", (dir / "key.pem").string()});
  ASSERT_TRUE(receiver.ok()) << receiver.Stderr();
  WebhookConfig trusted = Config(receiver.Url("https"));
  trusted.ca_file = (dir / "cert.pem").string();
  const DeliveryResult sent = WebhookChannel(trusted).Send(Sample(1), kNow);
  EXPECT_TRUE(sent.sent()) << sent.reason;
  const DeliveryResult refused =
      WebhookChannel(Config(receiver.Url("https"))).Send(Sample(2), kNow);
  EXPECT_EQ(refused.status, DeliveryStatus::kPermanent) << refused.reason;
  EXPECT_EQ(receiver.Requests().size(), 1u);
}

}  // namespace
}  // namespace esc::notify
