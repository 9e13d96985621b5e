#include "merge/names.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <vector>

#include "schema/sql.h"

namespace graft::merge {

namespace {

enum class Tok { kIdent, kQuoted, kLiteral, kOther };

struct Token {
  Tok type;
  std::string text;   // as written
  std::string value;  // identifiers: the name it denotes; literals: the content
};

bool IdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<Token> Split(const std::string& s) {
  std::vector<Token> out;
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = s[i];
    if (c == '\'') {
      bool escapes = !out.empty() && out.back().type == Tok::kIdent && Lower(out.back().text) == "e";
      size_t j = i + 1;
      std::string v;
      while (j < n) {
        if (escapes && s[j] == '\\' && j + 1 < n) {
          v += s[j];
          v += s[j + 1];
          j += 2;
          continue;
        }
        if (s[j] == '\'') {
          if (j + 1 < n && s[j + 1] == '\'') {
            v += '\'';
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      j = std::min(j + 1, n);
      out.push_back({Tok::kLiteral, s.substr(i, j - i), escapes ? std::string() : v});
      i = j;
    } else if (c == '"') {
      size_t j = i + 1;
      std::string v;
      while (j < n) {
        if (s[j] == '"') {
          if (j + 1 < n && s[j + 1] == '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      j = std::min(j + 1, n);
      out.push_back({Tok::kQuoted, s.substr(i, j - i), v});
      i = j;
    } else if (IdentStart(c)) {
      size_t j = i;
      while (j < n && IdentChar(s[j])) ++j;
      std::string t = s.substr(i, j - i);
      out.push_back({Tok::kIdent, t, Lower(t)});
      i = j;
    } else if (std::isdigit(c)) {
      size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      out.push_back({Tok::kOther, s.substr(i, j - i), ""});
      i = j;
    } else {
      out.push_back({Tok::kOther, std::string(1, static_cast<char>(c)), ""});
      ++i;
    }
  }
  return out;
}

bool IsName(const Token& t) { return t.type == Tok::kIdent || t.type == Tok::kQuoted; }
bool IsDot(const std::vector<Token>& v, size_t i) { return i < v.size() && v[i].type == Tok::kOther && v[i].text == "."; }
bool Is(const std::vector<Token>& v, size_t i, const std::string& name) {
  return i < v.size() && IsName(v[i]) && v[i].value == name;
}

// Whether toks[i] is a literal naming an object (a dotted name cast to a
// reg* type: 'public.seq'::regclass); it is renamed like code.
bool NameLiteral(const std::vector<Token>& v, size_t i) {
  const Token& t = v[i];
  if (t.type != Tok::kLiteral || t.value.empty()) return false;
  if (!(i + 3 < v.size() && v[i + 1].text == ":" && v[i + 2].text == ":" && v[i + 3].type == Tok::kIdent &&
        v[i + 3].value.rfind("reg", 0) == 0)) {
    return false;
  }
  auto inner = Split(t.value);
  for (size_t k = 0; k < inner.size(); ++k) {
    if (k % 2 == 0 ? !IsName(inner[k]) : !IsDot(inner, k)) return false;
  }
  return inner.size() % 2 == 1;
}

using Edit = std::function<void(std::vector<Token>&)>;

std::string Join(const std::vector<Token>& v) {
  std::string out;
  for (const auto& t : v) out += t.text;
  return out;
}

// Applies `edit` to the code tokens and to the content of name literals.
std::string Apply(const std::string& sql, const Edit& edit) {
  auto toks = Split(sql);
  edit(toks);
  for (size_t i = 0; i < toks.size(); ++i) {
    if (!NameLiteral(toks, i)) continue;
    Token& t = toks[i];
    auto inner = Split(t.value);
    edit(inner);
    std::string v = Join(inner);
    if (v != t.value) t.text = schema::QuoteLiteral(v);
  }
  return Join(toks);
}

void Set(Token& t, const std::string& name) {
  t.text = schema::QuoteIdent(name);
  t.type = Tok::kQuoted;
  t.value = name;
}

// Whether `sql` cannot name `name` at all (a fast path: Postgres prints a name
// as it is, double quotes doubled; a name with a quote is always searched).
bool Absent(const std::string& sql, const std::string& name) {
  return name.find('"') == std::string::npos && sql.find(name) == std::string::npos;
}

}  // namespace

std::string RenameQualified(const std::string& sql, const std::string& schema, const std::string& old_name,
                            const std::string& new_name) {
  if (Absent(sql, old_name)) return sql;
  return Apply(sql, [&](std::vector<Token>& v) {
    for (size_t i = 0; i + 2 < v.size(); ++i) {
      if (Is(v, i, schema) && IsDot(v, i + 1) && Is(v, i + 2, old_name) && !(i >= 1 && IsDot(v, i - 1))) {
        Set(v[i + 2], new_name);
      }
    }
  });
}

std::string RenameSchemaQualifier(const std::string& sql, const std::string& old_name, const std::string& new_name) {
  if (Absent(sql, old_name)) return sql;
  return Apply(sql, [&](std::vector<Token>& v) {
    for (size_t i = 0; i + 1 < v.size(); ++i) {
      if (Is(v, i, old_name) && IsDot(v, i + 1) && !(i >= 1 && IsDot(v, i - 1))) Set(v[i], new_name);
    }
  });
}

std::string RenameColumn(const std::string& sql, const std::string& schema, const std::string& table,
                         const std::string& old_name, const std::string& new_name, bool keep_output_name) {
  if (Absent(sql, old_name)) return sql;
  auto blank = [](const Token& t) { return t.type == Tok::kOther && std::isspace(static_cast<unsigned char>(t.text[0])); };
  return Apply(sql, [&](std::vector<Token>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (!Is(v, i, old_name) || IsDot(v, i + 1)) continue;
      size_t first = i;  // the reference's first token (t.c: t)
      if (i >= 1 && IsDot(v, i - 1)) {
        // qualified: only by the table (t.c or schema.t.c)
        if (!(i >= 2 && Is(v, i - 2, table))) continue;
        first = i - 2;
        if (i >= 3 && IsDot(v, i - 3)) {
          if (!(i >= 4 && Is(v, i - 4, schema))) continue;
          first = i - 4;
        }
      }
      Set(v[i], new_name);
      if (!keep_output_name) continue;
      // A select-list item without an alias: Postgres keeps the output name.
      size_t next = i + 1, prev = first;
      while (next < v.size() && blank(v[next])) ++next;
      while (prev > 0 && blank(v[prev - 1])) --prev;
      bool ends_item = next == v.size() || v[next].text == "," || (v[next].type == Tok::kIdent && v[next].value == "from");
      bool starts_item = prev > 0 && (v[prev - 1].text == "," || (v[prev - 1].type == Tok::kIdent && v[prev - 1].value == "select"));
      if (ends_item && starts_item) v[i].text += " AS " + schema::QuoteIdent(old_name);
    }
  });
}

std::string RenameFirst(const std::string& sql, const std::string& old_name, const std::string& new_name) {
  if (Absent(sql, old_name)) return sql;
  auto toks = Split(sql);
  for (auto& t : toks) {
    if (IsName(t) && t.value == old_name) {
      Set(t, new_name);
      break;
    }
  }
  return Join(toks);
}

bool MentionsQualified(const std::string& sql, const std::string& schema, const std::string& name) {
  return RenameQualified(sql, schema, name, name + "\x01") != sql;
}

bool MentionsBare(const std::string& sql, const std::string& name) {
  if (Absent(sql, name)) return false;
  auto v = Split(sql);
  for (size_t i = 0; i < v.size(); ++i) {
    if (Is(v, i, name) && !(i >= 1 && IsDot(v, i - 1))) return true;
  }
  return false;
}

bool MentionsColumn(const std::string& sql, const std::string& name) {
  if (Absent(sql, name)) return false;
  auto v = Split(sql);
  for (size_t i = 0; i < v.size(); ++i) {
    if (Is(v, i, name) && !IsDot(v, i + 1)) return true;
  }
  return false;
}

bool MentionsSchemaQualifier(const std::string& sql, const std::string& name) {
  return RenameSchemaQualifier(sql, name, name + "\x01") != sql;
}

size_t FunctionBodyStart(const std::string& def) {
  size_t as = def.find("AS $");
  while (as != std::string::npos && as > 0 && !std::isspace(static_cast<unsigned char>(def[as - 1]))) {
    as = def.find("AS $", as + 1);
  }
  return as;
}

FunctionText SplitFunctionDef(const std::string& def) {
  FunctionText out;
  // The header ends where the body's dollar quote opens: " AS $tag$".
  size_t as = FunctionBodyStart(def);
  std::string header = def.substr(0, as);
  if (as != std::string::npos) {
    size_t open = as + 3, close_tag = def.find('$', open + 1);
    if (close_tag != std::string::npos) {
      std::string tag = def.substr(open, close_tag - open + 1);
      size_t end = def.find(tag, close_tag + 1);
      if (end != std::string::npos) out.body = def.substr(close_tag + 1, end - close_tag - 1);
    }
  }
  // " SET search_path TO 'a', b\n" (pg_get_functiondef: one setting a line).
  size_t sp = header.find(" SET search_path TO ");
  if (sp == std::string::npos) sp = header.find(" SET search_path = ");
  if (sp != std::string::npos) {
    out.has_path = true;
    size_t from = sp + (header.compare(sp, 19, " SET search_path = ") == 0 ? 19 : 20);
    size_t eol = header.find('\n', from);
    std::string list = header.substr(from, eol == std::string::npos ? std::string::npos : eol - from);
    std::string item;
    auto flush = [&] {
      size_t b = item.find_first_not_of(" '\""), e = item.find_last_not_of(" '\"");
      if (b != std::string::npos) out.search_path.push_back(item.substr(b, e - b + 1));
      item.clear();
    };
    for (char c : list) {
      if (c == ',') {
        flush();
      } else {
        item += c;
      }
    }
    flush();
  }
  return out;
}

}  // namespace graft::merge
