// ParseMail on the corpus's typical messages (tests/data/mail): plain, multipart/
// alternative, HTML-only, attachments, ISO-8859-1, Shift_JIS, encoded-word subjects, a
// reply with quoted history, an out-of-office reply and a bounce, parsed round-robin.
// Reports messages per second (`items_per_second`) and input bytes per second.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "intake/mail.h"
#include "typical_mail.h"

namespace {

void BM_ParseTypicalMail(benchmark::State& state) {
  const std::vector<std::string> messages = LoadTypicalMessages();
  esc::intake::ParseOptions options;
  options.our_message_id_domain = "mail.escalator.example";
  std::size_t next = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& raw = messages[next];
    next = (next + 1) % messages.size();
    auto mail = esc::intake::ParseMail(raw, options);
    if (!mail) state.SkipWithError(mail.error().ToString().c_str());
    benchmark::DoNotOptimize(mail);
    bytes += static_cast<std::int64_t>(raw.size());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_ParseTypicalMail);

}  // namespace

BENCHMARK_MAIN();
