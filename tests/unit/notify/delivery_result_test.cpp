#include "notify/delivery_result.h"

#include <gtest/gtest.h>

#include "notify/curl_error.h"

namespace esc::notify {
namespace {

TEST(DeliveryResult, HttpStatusesSortIntoSentRetryableAndPermanent) {
  EXPECT_EQ(ClassifyHttpStatus(200).status, DeliveryStatus::kSent);
  EXPECT_EQ(ClassifyHttpStatus(204).status, DeliveryStatus::kSent);
  EXPECT_EQ(ClassifyHttpStatus(429).status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(408).status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(500).status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(503).status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifyHttpStatus(400).status, DeliveryStatus::kPermanent);
  EXPECT_EQ(ClassifyHttpStatus(404).status, DeliveryStatus::kPermanent);
  EXPECT_EQ(ClassifyHttpStatus(301).status, DeliveryStatus::kPermanent);
  EXPECT_EQ(ClassifyHttpStatus(410).reason, "HTTP 410");
}

TEST(DeliveryResult, SmtpFourHundredsAreRetryableFiveHundredsPermanent) {
  EXPECT_EQ(ClassifySmtpReply(451, "busy").status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifySmtpReply(550, "no such user").status, DeliveryStatus::kPermanent);
  EXPECT_EQ(ClassifySmtpReply(550, "no such user").reason, "SMTP 550: no such user");
}

TEST(DeliveryResult, NetworkTroubleIsRetryableMisconfigurationPermanent) {
  EXPECT_EQ(ClassifyCurlError(CURLE_COULDNT_CONNECT, "").status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifyCurlError(CURLE_OPERATION_TIMEDOUT, "").status, DeliveryStatus::kRetryable);
  EXPECT_EQ(ClassifyCurlError(CURLE_PEER_FAILED_VERIFICATION, "").status,
            DeliveryStatus::kPermanent);
  EXPECT_EQ(ClassifyCurlError(CURLE_URL_MALFORMAT, "").status, DeliveryStatus::kPermanent);
}

}  // namespace
}  // namespace esc::notify
