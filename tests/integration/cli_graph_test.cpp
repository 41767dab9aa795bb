// `escalator policy graph` end to end: DOT and SVG (through Graphviz) from the binary.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct CommandRun {
  int status = -1;
  std::string out;
};

CommandRun Escalator(const std::string& args) {
  const std::string command = std::string(ESCALATOR_BINARY) + " " + args + " 2>&1";
  CommandRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

const std::string kSaas = std::string(ESCALATOR_SOURCE_DIR) + "/examples/saas-support.yaml";

TEST(CliPolicyGraph, PrintsDot) {
  const CommandRun run = Escalator("policy graph " + kSaas + " --format dot --category technical");
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_TRUE(run.out.starts_with("digraph escalation {"));
  EXPECT_NE(run.out.find("technical: after 8h"), std::string::npos);
}

TEST(CliPolicyGraph, RendersSvgWithGraphviz) {
  const CommandRun run = Escalator("policy graph " + kSaas);
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_NE(run.out.find("<svg"), std::string::npos);
  EXPECT_NE(run.out.find("Frontline support"), std::string::npos);
  EXPECT_NE(run.out.find("</svg>"), std::string::npos);
}

TEST(CliPolicyGraph, UnknownCategoryAndBadFormatAreRefused) {
  const CommandRun unknown = Escalator("policy graph " + kSaas + " --category hr");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("no category \"hr\""), std::string::npos);
  const CommandRun bad = Escalator("policy graph " + kSaas + " --format png");
  EXPECT_NE(bad.status, 0);
}

}  // namespace
