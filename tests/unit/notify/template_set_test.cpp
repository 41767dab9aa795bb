#include "notify/template_set.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/scratch_dir.h"

namespace esc::notify {
namespace {

using nlohmann::json;
using test_support::ScratchDir;
using test_support::WriteFile;

const std::filesystem::path kDefaults = ESCALATOR_SOURCE_DIR "/templates/notifications";

json Context() {
  return {
      {"ticket",
       {{"key", "ESC-3"},
        {"title", "Login <broken> & \"slow\""},
        {"priority", "P1"},
        {"url", "https://esc.example/t/3"}}},
      {"sla", {{"target", "resolution"}, {"due", "2026-03-02T16:00:00Z"}, {"percent_used", 80}}},
      {"escalation", {{"level", 2}, {"reason", "no answer"}}},
      {"team", {{"name", "Tier 2"}}},
      {"requested_by", "Ann"},
      {"update", "We found it."},
      {"feedback_url", "https://esc.example/f/3"}};
}

TEST(TemplateSet, EveryDefaultKindRendersSubjectTextAndHtml) {
  const TemplateSet templates(kDefaults);
  for (const auto kind : kNotificationKinds) {
    if (kind == "digest") continue;  // its context is a list (DigestListsEveryItemWithItsLink)
    const auto rendered = templates.Render(kind, Context());
    ASSERT_TRUE(rendered.has_value()) << kind << ": " << rendered.error().ToString();
    EXPECT_NE(rendered->subject.find("ESC-3"), std::string::npos) << kind;
    EXPECT_EQ(rendered->subject.find('\n'), std::string::npos) << kind;
    EXPECT_NE(rendered->text.find("ESC-3"), std::string::npos) << kind;
    EXPECT_NE(rendered->html.find("<html>"), std::string::npos) << kind;
  }
}

TEST(TemplateSet, DigestListsEveryItemWithItsLink) {
  const json item = {{"ticket",
                      {{"key", "ESC-3"},
                       {"title", "Login <broken>"},
                       {"url", "https://esc.example/tickets/ESC-3"}}},
                     {"event", "half-time"},
                     {"kind", "warning"},
                     {"at", "2026-03-02T16:00:00+00:00"}};
  json second = item;
  second["ticket"] = {{"key", "ESC-4"}, {"title", "Slow"}, {"url", "https://esc.example/tickets/ESC-4"}};
  const json context = {{"count", 2},
                        {"recipient", "ana"},
                        {"window", {{"start", "2026-03-02T16:00:00+00:00"},
                                    {"end", "2026-03-02T16:01:00+00:00"}}},
                        {"items", json::array({item, second})}};
  const auto rendered = TemplateSet(kDefaults).Render("digest", context);
  ASSERT_TRUE(rendered.has_value()) << rendered.error().ToString();
  EXPECT_EQ(rendered->subject, "2 more Escalator notifications");
  for (const char* key : {"ESC-3", "ESC-4"}) {
    EXPECT_NE(rendered->text.find(fmt::format("- {} ", key)), std::string::npos) << rendered->text;
    EXPECT_NE(rendered->text.find(fmt::format("https://esc.example/tickets/{}", key)),
              std::string::npos);
    EXPECT_NE(rendered->html.find(fmt::format("<a href=\"https://esc.example/tickets/{0}\">{0}</a>",
                                              key)),
              std::string::npos)
        << rendered->html;
  }
  EXPECT_NE(rendered->text.find("Login <broken>"), std::string::npos);
  EXPECT_NE(rendered->html.find("Login &lt;broken&gt;"), std::string::npos);
}

TEST(TemplateSet, HtmlIsEscapedTextIsNot) {
  const auto rendered = TemplateSet(kDefaults).Render("breached", Context());
  ASSERT_TRUE(rendered.has_value());
  EXPECT_NE(rendered->text.find("Login <broken> & \"slow\""), std::string::npos);
  EXPECT_NE(rendered->html.find("Login &lt;broken&gt; &amp; &quot;slow&quot;"), std::string::npos);
  EXPECT_EQ(rendered->html.find("<broken>"), std::string::npos);
}

TEST(TemplateSet, NestedValuesAndSectionsRender) {
  const auto rendered = TemplateSet(kDefaults).Render("warning", Context());
  ASSERT_TRUE(rendered.has_value());
  EXPECT_EQ(rendered->subject, "[ESC-3] SLA warning: resolution due 2026-03-02T16:00:00Z");
  EXPECT_NE(rendered->text.find("used 80% of its resolution target"), std::string::npos);
  EXPECT_NE(rendered->text.find("https://esc.example/t/3"), std::string::npos);
}

TEST(TemplateSet, OverrideDirectoryWinsFileByFile) {
  ScratchDir dir;
  WriteFile(dir / "breached.subject.mustache", "Custom: {{ticket.key}} {{{ticket.title}}}\n");
  WriteFile(dir / "breached.html.mustache", "<b>{{{ticket.title}}}</b>");
  const auto rendered = TemplateSet(kDefaults, dir).Render("breached", Context());
  ASSERT_TRUE(rendered.has_value());
  EXPECT_EQ(rendered->subject, "Custom: ESC-3 Login <broken> & \"slow\"");
  EXPECT_EQ(rendered->html, "<b>Login &lt;broken&gt; &amp; &quot;slow&quot;</b>");
  EXPECT_NE(rendered->text.find("breached its resolution target"), std::string::npos);
}

TEST(TemplateSet, UnknownKindIsNotFoundAndPathsAreRefused) {
  const TemplateSet templates(kDefaults);
  const auto missing = templates.Render("no_such_kind", Context());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  const auto traversal = templates.Render("../secrets", Context());
  ASSERT_FALSE(traversal.has_value());
  EXPECT_EQ(traversal.error().code, core::ErrorCode::kInvalid);
}

}  // namespace
}  // namespace esc::notify
