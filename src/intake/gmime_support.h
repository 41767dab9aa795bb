// The few GMime chores the intake repeats: initialising the library once per process,
// owning GObjects (GObjectPtr releases with g_object_unref), and reading a part's
// decoded content (transfer encoding removed) into a string. Internal to src/intake.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <string>

namespace esc::intake {

// Calls g_mime_init() the first time; safe from any thread.
void EnsureGMime();

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// The part's content with its Content-Transfer-Encoding decoded; empty when it has none.
std::string DecodedContent(GMimePart* part);
// `object` written out as MIME (a forwarded message/rfc822, as its own .eml).
std::string Serialized(GMimeObject* object);
// "type/subtype" in lower case; "text/plain" when GMime knows none.
std::string MimeType(GMimeObject* object);
// A C string from GMime as std::string (nullptr -> empty), made valid UTF-8.
std::string Utf8(const char* text);

}  // namespace esc::intake
