#include "api/chat_message_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <initializer_list>

#include "auth/token.h"

namespace esc::api {
namespace {

using nlohmann::json;

core::Error Invalid(std::string message, std::string field) {
  return core::Error::Invalid(std::move(message), std::move(field));
}

// `object` has only the fields in `known` (`where` prefixes the field names in messages).
core::Result<void> OnlyKnown(const json& object, std::initializer_list<std::string_view> known,
                             const std::string& where) {
  for (const auto& [name, value] : object.items()) {
    bool found = false;
    for (auto k : known) found = found || k == name;
    if (!found) {
      return std::unexpected(
          Invalid(fmt::format("unknown field \"{}{}\"", where, name), where + name));
    }
  }
  return {};
}

// The text of `object[name]`: empty when absent or null, Invalid when not a string.
core::Result<std::string> Text(const json& object, const char* name, const std::string& where,
                               bool required = false) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    if (required) {
      return std::unexpected(Invalid(fmt::format("{}{} is required", where, name), where + name));
    }
    return std::string();
  }
  if (!it->is_string()) {
    return std::unexpected(
        Invalid(fmt::format("{}{} must be a string", where, name), where + name));
  }
  return it->get<std::string>();
}

}  // namespace

core::Result<app::ChatMessage> ParseChatMessage(std::string_view body) {
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return std::unexpected(Invalid("the body must be one JSON object (UTF-8)", "body"));
  }
  if (auto ok = OnlyKnown(value, {"source", "conversation_id", "message_id", "sender", "subject",
                                  "text", "attachments"},
                          "");
      !ok) {
    return std::unexpected(ok.error());
  }
  app::ChatMessage m;
  auto read = [&](std::string& into, const json& object, const char* name, const std::string& where,
                  bool required) -> core::Result<void> {
    auto text = Text(object, name, where, required);
    if (!text) return std::unexpected(text.error());
    into = std::move(*text);
    return {};
  };
  for (auto [into, name, required] :
       std::initializer_list<std::tuple<std::string*, const char*, bool>>{
           {&m.source, "source", true},
           {&m.conversation, "conversation_id", true},
           {&m.message_id, "message_id", true},
           {&m.subject, "subject", false},
           {&m.text, "text", false}}) {
    if (auto ok = read(*into, value, name, "", required); !ok) return std::unexpected(ok.error());
  }
  const auto sender = value.find("sender");
  if (sender == value.end() || !sender->is_object()) {
    return std::unexpected(
        Invalid("sender must be an object {email, handle, name} with an email or a handle",
                "sender"));
  }
  if (auto ok = OnlyKnown(*sender, {"email", "handle", "name"}, "sender."); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = read(m.sender_email, *sender, "email", "sender.", false); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = read(m.sender_handle, *sender, "handle", "sender.", false); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = read(m.sender_name, *sender, "name", "sender.", false); !ok) {
    return std::unexpected(ok.error());
  }
  const auto attachments = value.find("attachments");
  if (attachments != value.end() && !attachments->is_null()) {
    if (!attachments->is_array()) {
      return std::unexpected(Invalid(
          "attachments must be a list of {filename, content_type, content_base64}", "attachments"));
    }
    if (attachments->size() > app::kMaxChatAttachments) {
      return std::unexpected(Invalid(
          fmt::format("at most {} attachments per message", app::kMaxChatAttachments),
          "attachments"));
    }
    for (std::size_t i = 0; i < attachments->size(); ++i) {
      const json& a = (*attachments)[i];
      const std::string where = fmt::format("attachments[{}].", i);
      if (!a.is_object()) {
        return std::unexpected(Invalid(
            fmt::format("attachments[{}] must be an object {{filename, content_type, "
                        "content_base64}}",
                        i),
            where.substr(0, where.size() - 1)));
      }
      if (auto ok = OnlyKnown(a, {"filename", "content_type", "content_base64"}, where); !ok) {
        return std::unexpected(ok.error());
      }
      app::InboundAttachment attachment;
      std::string encoded;
      if (auto ok = read(attachment.filename, a, "filename", where, true); !ok) {
        return std::unexpected(ok.error());
      }
      if (auto ok = read(attachment.content_type, a, "content_type", where, false); !ok) {
        return std::unexpected(ok.error());
      }
      if (auto ok = read(encoded, a, "content_base64", where, true); !ok) {
        return std::unexpected(ok.error());
      }
      auto bytes = auth::DecodeBase64(encoded);
      if (!bytes) {
        return std::unexpected(Invalid(
            fmt::format("{}content_base64 is not base64 (RFC 4648, with padding)", where),
            where + "content_base64"));
      }
      attachment.bytes = std::move(*bytes);
      m.attachments.push_back(std::move(attachment));
    }
  }
  return m;
}

}  // namespace esc::api
