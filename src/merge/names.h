// graft/merge/names.h: quoting-aware renaming of identifiers inside the SQL
// text of definitions (view bodies, constraint and index definitions,
// defaults, policy expressions, function bodies), so that a definition read
// before a rename reads as it would after it.
//
// SQL is split into tokens: identifiers (bare ones compare case-folded,
// quoted ones exactly), string literals, and everything else. String literals
// are left alone, except a literal that is a (qualified) name cast to a reg*
// type, as in nextval('public.seq'::regclass), which is renamed like code. Replaced
// identifiers are written as schema::QuoteIdent gives them.
//
// Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

namespace graft::merge {

// schema.old -> schema.new (a relation, sequence, type, function... in `schema`).
std::string RenameQualified(const std::string& sql, const std::string& schema, const std::string& old_name,
                            const std::string& new_name);
// old.<anything> -> new.<anything> (a schema renamed).
std::string RenameSchemaQualifier(const std::string& sql, const std::string& old_name, const std::string& new_name);
// A column of relation schema.table renamed: `old` unqualified or qualified
// by the relation (t.old, schema.t.old) -> new; `old` qualified by anything
// else (another table, an alias) is left as is. `keep_output_name` (a view's
// query whose output column keeps the old name): a select-list item that is
// just the column gets "AS old", as Postgres prints it after the rename.
std::string RenameColumn(const std::string& sql, const std::string& schema, const std::string& table,
                         const std::string& old_name, const std::string& new_name, bool keep_output_name = false);
// The first identifier equal to `old` -> new (an index's, trigger's or rule's
// own name in its CREATE statement).
std::string RenameFirst(const std::string& sql, const std::string& old_name, const std::string& new_name);
// Whether `sql` names schema.name (outside string literals, or in a name literal).
bool MentionsQualified(const std::string& sql, const std::string& schema, const std::string& name);

// Whether `sql` names `name` unqualified: an identifier not after a dot.
bool MentionsBare(const std::string& sql, const std::string& name);
// Whether `sql` names `name` as a column can be named: unqualified or after
// a dot (c, t.c, new.c, alias.c), never followed by a dot.
bool MentionsColumn(const std::string& sql, const std::string& name);
// Whether `sql` qualifies a name with schema `name` (name.x).
bool MentionsSchemaQualifier(const std::string& sql, const std::string& name);

// The parts of a function definition as pg_get_functiondef prints it: the
// body between its dollar quotes ("" for a SQL-standard body, which Postgres
// keeps as a parse tree and prints with current names), and the schemas of
// its SET search_path (`has_path` false when it has none: the caller's path
// decides, "$user", public by default).
struct FunctionText {
  std::string body;
  std::vector<std::string> search_path;
  bool has_path = false;
};
FunctionText SplitFunctionDef(const std::string& def);
// Where the dollar-quoted body of a pg_get_functiondef text starts (its "AS"),
// or npos (a SQL-standard body).
size_t FunctionBodyStart(const std::string& def);

}  // namespace graft::merge
