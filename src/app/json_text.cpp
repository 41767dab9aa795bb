#include "app/json_text.h"

#include <fmt/format.h>

namespace esc::app {

namespace od = simdjson::ondemand;

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

simdjson::error_code CheckJsonValue(od::value value, int depth) {
  if (depth > 64) return simdjson::DEPTH_ERROR;
  od::json_type type;
  if (auto code = value.type().get(type)) return code;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto code = value.get_object().get(object)) return code;
      for (auto field : object) {
        std::string_view key;
        if (auto code = field.unescaped_key().get(key)) return code;
        if (auto code = CheckJsonValue(field.value(), depth + 1)) return code;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array array;
      if (auto code = value.get_array().get(array)) return code;
      for (auto element : array) {
        od::value item;
        if (auto code = element.get(item)) return code;
        if (auto code = CheckJsonValue(item, depth + 1)) return code;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: return value.get_string().error();
    case od::json_type::number: return value.get_number().error();
    case od::json_type::boolean: return value.get_bool().error();
    case od::json_type::null: {
      bool is_null = false;
      if (auto code = value.is_null().get(is_null)) return code;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

}  // namespace esc::app
