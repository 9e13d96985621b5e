// graft/engine/config.h: the home's config.json, validated. Pure (the
// caller reads the file); thread-safe.
#pragma once

#include <string>

#include "engine/engine.h"

namespace graft::engine {

// Parses and validates config.json's text (`path` names it in messages).
// Every key is optional; unknown keys, values of the wrong type or out of
// range, and settings that would change how the instance is reached
// (listen_addresses, port, hba_file, unix sockets, ...) throw kUsage with a
// one-line message naming the key (and a did-you-mean for a misspelt key).
// Settings values come back quoted as postgresql.conf requires.
Config ParseConfig(const std::string& text, const std::string& path);

// `value` as a postgresql.conf string literal: single quotes, a quote
// doubled, a backslash doubled. Throws kUsage for control characters.
std::string QuoteConfValue(const std::string& value);

}  // namespace graft::engine
