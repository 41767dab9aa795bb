// Signed feedback and portal sign-in links: what is signed verifies, anything altered,
// truncated, signed with another key or expired does not, and one kind never passes for
// the other.
#include "auth/signed_link.h"

#include <gtest/gtest.h>

#include "auth/password.h"

namespace esc::auth {
namespace {

using namespace std::chrono_literals;

const core::Instant kNow{std::chrono::seconds(1'780'000'000)};
constexpr std::string_view kKey = "k3y-of-the-service-0123456789abcdef";

class SignedLink : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { InitCrypto(); }
};

TEST_F(SignedLink, ASignedLinkVerifiesToWhatWasSigned) {
  const std::string token = SignFeedbackLink(kKey, {42, 7, kNow + 24h});
  const auto link = VerifyFeedbackLink(kKey, token, kNow);
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->ticket_id, 42);
  EXPECT_EQ(link->user_id, 7);
  EXPECT_EQ(link->expires, kNow + 24h);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef."), std::string::npos) << token;
}

TEST_F(SignedLink, AnAlteredTicketUserExpiryOrSignatureDoesNotVerify) {
  const std::string token = SignFeedbackLink(kKey, {42, 7, kNow + 24h});
  const std::string expires = std::to_string((kNow + 24h).time_since_epoch().count());
  const std::string signature = token.substr(token.rfind('.') + 1);
  for (const std::string& forged :
       {"43.7." + expires + "." + signature, "42.8." + expires + "." + signature,
        "42.7." + std::to_string((kNow + 48h).time_since_epoch().count()) + "." + signature,
        token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0")}) {
    const auto link = VerifyFeedbackLink(kKey, forged, kNow);
    ASSERT_FALSE(link) << forged;
    EXPECT_EQ(link.error().code, core::ErrorCode::kInvalid);
  }
}

TEST_F(SignedLink, AnotherKeysLinkOrAMalformedTokenDoesNotVerify) {
  const std::string token = SignFeedbackLink("another key", {42, 7, kNow + 24h});
  EXPECT_FALSE(VerifyFeedbackLink(kKey, token, kNow));
  const std::string good = SignFeedbackLink(kKey, {42, 7, kNow + 24h});
  for (const std::string& bad :
       {std::string(), std::string("."), good.substr(0, good.size() / 2), good + ".1",
        "-42" + good.substr(2), "x" + good, std::string("42.7.0.") + std::string(64, 'a')}) {
    EXPECT_FALSE(VerifyFeedbackLink(kKey, bad, kNow)) << bad;
  }
}

TEST_F(SignedLink, AnExpiredLinkIsRefusedSayingWhen) {
  const std::string token = SignFeedbackLink(kKey, {42, 7, kNow + 1h});
  EXPECT_TRUE(VerifyFeedbackLink(kKey, token, kNow + 59min));
  const auto expired = VerifyFeedbackLink(kKey, token, kNow + 1h);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, core::ErrorCode::kForbidden);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
}

TEST_F(SignedLink, APortalLinkVerifiesOnlyAsAPortalLink) {
  const std::string portal = SignPortalLink(kKey, {42, 7, kNow + 24h});
  const auto link = VerifyPortalLink(kKey, portal, kNow);
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->ticket_id, 42);
  EXPECT_EQ(link->user_id, 7);
  // The same fields signed for the other purpose: neither token passes for the other.
  const std::string feedback = SignFeedbackLink(kKey, {42, 7, kNow + 24h});
  EXPECT_NE(portal, feedback);
  const auto as_feedback = VerifyFeedbackLink(kKey, portal, kNow);
  ASSERT_FALSE(as_feedback);
  EXPECT_EQ(as_feedback.error().code, core::ErrorCode::kInvalid);
  const auto as_portal = VerifyPortalLink(kKey, feedback, kNow);
  ASSERT_FALSE(as_portal);
  EXPECT_NE(as_portal.error().message.find("sign-in link is not valid"), std::string::npos);
  const auto expired = VerifyPortalLink(kKey, portal, kNow + 25h);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, core::ErrorCode::kForbidden);
}

}  // namespace
}  // namespace esc::auth
