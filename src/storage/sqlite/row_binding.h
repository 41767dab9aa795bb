// Binding values to statement parameters in order and reading columns back, for the
// types the records use (instants as epoch seconds, booleans as 0/1, optionals as NULL),
// so the SQL in the store reads as a list of fields instead of index arithmetic.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"

namespace esc::storage {

class Binder {
 public:
  explicit Binder(SQLite::Statement& statement) : statement_(statement) {}

  Binder& operator()(const std::string& value) { return Put(value); }
  Binder& operator()(const char* value) { return Put(std::string(value)); }
  Binder& operator()(std::int64_t value) { return Put(value); }
  Binder& operator()(int value) { return Put(static_cast<std::int64_t>(value)); }
  Binder& operator()(bool value) { return Put(static_cast<std::int64_t>(value ? 1 : 0)); }
  Binder& operator()(double value) { return Put(value); }
  Binder& operator()(core::Instant value) { return Put(core::ToEpochSeconds(value)); }
  // Bytes kept as they are (a BLOB column): attachments, quarantined mail.
  struct Blob {
    const std::string& bytes;
  };
  Binder& operator()(Blob value) {
    statement_.bind(++index_, value.bytes.data(), static_cast<int>(value.bytes.size()));
    return *this;
  }
  template <typename T>
  Binder& operator()(const std::optional<T>& value) {
    if (value) return (*this)(*value);
    statement_.bind(++index_);
    return *this;
  }

 private:
  template <typename T>
  Binder& Put(const T& value) {
    statement_.bind(++index_, value);
    return *this;
  }

  SQLite::Statement& statement_;
  int index_ = 0;
};

// Reads the current row's columns in order.
class Reader {
 public:
  explicit Reader(SQLite::Statement& statement) : statement_(statement) {}

  std::string Text() { return statement_.getColumn(index_++).getString(); }
  std::int64_t Int() { return statement_.getColumn(index_++).getInt64(); }
  int SmallInt() { return statement_.getColumn(index_++).getInt(); }
  bool Bool() { return Int() != 0; }
  core::Instant At() { return core::FromEpochSeconds(Int()); }
  std::optional<core::Instant> MaybeAt() {
    auto column = statement_.getColumn(index_++);
    if (column.isNull()) return std::nullopt;
    return core::FromEpochSeconds(column.getInt64());
  }
  std::optional<std::string> MaybeText() {
    auto column = statement_.getColumn(index_++);
    if (column.isNull()) return std::nullopt;
    return column.getString();
  }
  std::optional<std::int64_t> MaybeInt() {
    auto column = statement_.getColumn(index_++);
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
  }
  std::optional<double> MaybeReal() {
    auto column = statement_.getColumn(index_++);
    if (column.isNull()) return std::nullopt;
    return column.getDouble();
  }

 private:
  SQLite::Statement& statement_;
  int index_ = 0;
};

}  // namespace esc::storage
