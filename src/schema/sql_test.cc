#include "schema/sql.h"

#include <gtest/gtest.h>
#include <pg_query.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "embedded.h"

namespace graft::schema {
namespace {

// libpg-query's scanner reports each token's keyword kind in a protobuf
// ScanResult (pg_query.proto): field 2 = repeated ScanToken; ScanToken field 5
// = keyword_kind (0 none, 1 unreserved, 2 column name, 3 type or function
// name, 4 reserved). A minimal reader of exactly those fields.
struct Reader {
  const uint8_t* p;
  const uint8_t* end;
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; p < end; shift += 7) {
      uint8_t b = *p++;
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  }
  // Skips a field of wire type `wt`; returns the bytes of a length-delimited one.
  std::string_view Field(uint64_t wt) {
    if (wt == 0) Varint();
    else if (wt == 1) p += 8;
    else if (wt == 5) p += 4;
    else if (wt == 2) {
      size_t n = Varint();
      std::string_view s(reinterpret_cast<const char*>(p), n);
      p += n;
      return s;
    }
    return {};
  }
};

// Keyword kinds of the tokens of `text`, in order.
std::vector<int> KeywordKinds(const std::string& text) {
  PgQueryScanResult r = pg_query_scan(text.c_str());
  std::vector<int> kinds;
  if (!r.error) {
    Reader top{reinterpret_cast<const uint8_t*>(r.pbuf.data), reinterpret_cast<const uint8_t*>(r.pbuf.data) + r.pbuf.len};
    while (top.p < top.end) {
      uint64_t tag = top.Varint();
      std::string_view body = top.Field(tag & 7);
      if ((tag >> 3) != 2) continue;
      Reader tok{reinterpret_cast<const uint8_t*>(body.data()), reinterpret_cast<const uint8_t*>(body.data()) + body.size()};
      int kind = 0;
      while (tok.p < tok.end) {
        uint64_t t = tok.Varint();
        if ((t >> 3) == 5 && (t & 7) == 0) kind = static_cast<int>(tok.Varint());
        else tok.Field(t & 7);
      }
      kinds.push_back(kind);
    }
  }
  pg_query_free_scan_result(r);
  return kinds;
}

// The keyword file is PG15's list: libpg-query's PG15 scanner agrees with every
// entry's category.
TEST(Keywords, DataFileMatchesThePostgresScanner) {
  std::string_view text = embedded::Get("defs/pg15_keywords.json");
  auto doc = nlohmann::json::parse(text.begin(), text.end());
  const auto& words = doc.at("keywords");
  ASSERT_GT(words.size(), 400u);
  const std::string codes = "UCTR";  // keyword_kind 1..4
  for (const auto& [word, category] : words.items()) {
    auto kinds = KeywordKinds(word);
    ASSERT_EQ(kinds.size(), 1u) << word;
    EXPECT_EQ(std::string(1, codes[static_cast<size_t>(kinds[0] - 1)]), category.get<std::string>()) << word;
  }
  // Words that are not keywords scan as plain identifiers.
  for (const char* w : {"users", "system_user_name", "jsonb", "graft"}) {
    auto kinds = KeywordKinds(w);
    ASSERT_EQ(kinds.size(), 1u) << w;
    EXPECT_EQ(kinds[0], 0) << w;
  }
}

TEST(QuoteIdent, QuotesExactlyWhatPostgresQuoteIdentQuotes) {
  EXPECT_EQ(QuoteIdent("users"), "users");
  EXPECT_EQ(QuoteIdent("_x1"), "_x1");
  EXPECT_EQ(QuoteIdent("Users"), "\"Users\"");
  EXPECT_EQ(QuoteIdent("1x"), "\"1x\"");
  EXPECT_EQ(QuoteIdent("a b"), "\"a b\"");
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdent(""), "\"\"");
  // Reserved, column-name and type-function-name keywords are quoted ...
  EXPECT_EQ(QuoteIdent("select"), "\"select\"");
  EXPECT_EQ(QuoteIdent("integer"), "\"integer\"");  // column name keyword
  EXPECT_EQ(QuoteIdent("left"), "\"left\"");        // type or function name keyword
  // ... unreserved ones are not, nor words that became keywords after PG15.
  EXPECT_EQ(QuoteIdent("action"), "action");
  EXPECT_EQ(QuoteIdent("comment"), "comment");
  EXPECT_EQ(QuoteIdent("system_user"), "system_user");
}

}  // namespace
}  // namespace graft::schema
