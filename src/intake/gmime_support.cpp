#include "intake/gmime_support.h"

#include <iconv.h>

#include <array>
#include <mutex>

#include "intake/charset.h"

namespace esc::intake {
namespace {

std::string Take(GMimeStream* stream) {
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  if (bytes == nullptr || bytes->len == 0) return {};
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace

// glibc unloads a charset's gconv module soon after its last converter closes, and GMime
// closes its converters after each header and part: every mail in, say, ISO-2022-JP then
// paid a dlopen and dlclose (400 instead of 30 microseconds a message). One converter per
// common mail charset, opened once and never closed, keeps their modules loaded.
void KeepCommonCharsetsLoaded() {
  static constexpr std::array<const char*, 20> kCharsets{
      "ISO-8859-1",   "ISO-8859-2",   "ISO-8859-15", "WINDOWS-1250", "WINDOWS-1251",
      "WINDOWS-1252", "WINDOWS-1257", "KOI8-R",      "SHIFT_JIS",    "CP932",
      "ISO-2022-JP",  "EUC-JP",       "EUC-KR",      "GB2312",       "GBK",
      "GB18030",      "BIG5",         "UTF-16",      "UTF-7",        "ISO-8859-9"};
  static std::array<iconv_t, kCharsets.size()> kept{};
  for (std::size_t i = 0; i < kCharsets.size(); ++i) kept[i] = iconv_open("UTF-8", kCharsets[i]);
}

void EnsureGMime() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_mime_init();
    KeepCommonCharsetsLoaded();
  });
}

std::string DecodedContent(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  return Take(stream.get());
}

std::string Serialized(GMimeObject* object) {
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, stream.get());
  return Take(stream.get());
}

std::string MimeType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "text/plain";
  char* mime = g_mime_content_type_get_mime_type(type);
  if (mime == nullptr) return "text/plain";
  std::string out = Utf8(mime);
  g_free(mime);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Utf8(const char* text) {
  if (text == nullptr) return {};
  return SanitizeUtf8(text);
}

}  // namespace esc::intake
