// Renderer for indexes: the CREATE INDEX Postgres prints (pg_get_indexdef)
// and DROP INDEX. Indexes that back constraints are the constraints'. Also
// the clones of partitioned indexes and keys: a partition's own index or key
// that the target attaches is kept (creating the parent's attaches it), and
// clones get the names the target gives them.
#include "ddl/planner.h"
#include "schema/sql.h"

namespace graft::ddl::internal {

using schema::QualifiedName;
using schema::QuoteIdent;
using schema::QuoteLiteral;

void Planner::CreateIndex(const Object& o, const std::string& action) {
  Hz hz;
  if (!OwnerCreated(o)) hz = {kIndex};
  Create(o, action, Str(o.def, "definition"), hz);
}

void Planner::DropIndex(const Object& o, const std::string& action) {
  if (GoesWithOwner(o)) return;
  Drop(o, action, "DROP INDEX " + Q(o.id), {kLock});
}

namespace {

// The name Postgres gives a partition's clone of index or key `o` when it
// makes one (ChooseIndexName: <partition>_pkey, <partition>_<columns>_<key|idx>), or
// "" when graft cannot tell (expressions, long names).
std::string ClonedName(const Object& o, const std::string& partition) {
  std::string def = Str(o.def, "definition");
  std::string suffix;
  size_t open = std::string::npos;
  if (o.id.kind == ObjectKind::kConstraint) {
    std::string t = Str(o.def, "type");
    if (t == "p") return partition.size() + 5 < 64 ? partition + "_pkey" : "";
    suffix = t == "u" ? "key" : "";
    open = def.find('(');
  } else {
    suffix = def.rfind("CREATE UNIQUE ", 0) == 0 ? "key" : "idx";
    size_t using_at = def.find(" USING ");
    if (using_at != std::string::npos) open = def.find('(', using_at);
  }
  if (suffix.empty() || open == std::string::npos) return "";
  size_t close = def.find(')', open);
  if (close == std::string::npos) return "";
  std::string name = partition;
  std::string cols = def.substr(open + 1, close - open - 1) + ",";
  for (size_t i = 0, j; (j = cols.find(',', i)) != std::string::npos; i = j + 1) {
    std::string c = cols.substr(i, j - i);
    while (!c.empty() && c.front() == ' ') c.erase(0, 1);
    c = c.substr(0, c.find(' '));  // DESC, an operator class...
    if (c.empty() || c.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) return "";
    name += "_" + c;
  }
  name += "_" + suffix;
  return name.size() < 64 ? name : "";
}

}  // namespace

void Planner::Adoptions() {
  for (const auto& [key, b] : to_.objects()) {
    if (!b.def.contains("partition_names")) continue;
    const Object* a = from_.Find(key);
    // Created ON ONLY (left invalid), the parent attaches nothing itself.
    if (Str(b.def, "definition").find(" ON ONLY ") != std::string::npos) continue;
    bool fresh = !a || Replaced(key) || (b.id.kind == ObjectKind::kIndex && Differs(*a, b, "definition")) ||
                 (b.id.kind == ObjectKind::kConstraint && Differs(*a, b, "type"));
    for (const auto& [part, name] : b.def["partition_names"].items()) {
      const Object* pt = to_.Find(part);
      if (!pt || Rebuilt(part) || !from_.Find(part)) continue;
      if (!fresh && a->def.contains("partition_names") && a->def["partition_names"].contains(part)) continue;
      ObjectId own = b.id.kind == ObjectKind::kIndex
                         ? ObjectId{ObjectKind::kIndex, pt->id.schema, "", name.get<std::string>(), ""}
                         : ObjectId{ObjectKind::kConstraint, pt->id.schema, pt->id.name, name.get<std::string>(), ""};
      const Object* mine = from_.Find(own);
      // An invalid one is not adopted: CREATE INDEX on the parent would
      // attach it as it is and stay invalid itself. It is dropped first.
      if (!mine || InTo(own.Key()) || Bool(mine->def, "invalid")) continue;
      if (own.kind == ObjectKind::kConstraint && Str(mine->def, "type") != Str(b.def, "type")) continue;
      adopt_.insert(own.Key());
    }
  }
}

void Planner::EmitPartitionNames(const Object* a, const Object& b) {
  if (!b.def.contains("partition_names")) return;
  bool fresh = !a || Replaced(b.id.Key());
  for (const auto& [part, value] : b.def["partition_names"].items()) {
    std::string name = value.get<std::string>();
    const Object* pt = to_.Find(part);
    if (!pt) continue;
    ObjectId own = b.id.kind == ObjectKind::kIndex ? ObjectId{ObjectKind::kIndex, pt->id.schema, "", name, ""}
                                                   : ObjectId{ObjectKind::kConstraint, pt->id.schema, pt->id.name, name, ""};
    if (adopt_.count(own.Key())) continue;  // attached under its own name
    std::string sql;
    const Object* pa = from_.Find(part);
    bool kept = !fresh && pa && !Rebuilt(part) && !detach_.count(part) && !Differs(*pa, *pt, "partition_of") &&
                a->def.contains("partition_names") && a->def["partition_names"].contains(part);
    if (kept) {
      std::string cur = a->def["partition_names"][part].get<std::string>();
      if (cur == name) continue;
      sql = b.id.kind == ObjectKind::kIndex ? "ALTER INDEX " + QualifiedName(pt->id.schema, cur) + " RENAME TO " + QuoteIdent(name)
                                            : "ALTER TABLE " + Q(pt->id) + " RENAME CONSTRAINT " + QuoteIdent(cur) + " TO " + QuoteIdent(name);
    } else if (b.id.kind == ObjectKind::kIndex && Str(b.def, "definition").find(" ON ONLY ") != std::string::npos) {
      // Created ON ONLY the parent (left invalid: not every partition has
      // its index): the partitions that have one get it and attach it.
      std::string def = Str(b.def, "definition");
      size_t index = def.find("INDEX "), rest = def.find(" USING ");
      if (index != std::string::npos && rest != std::string::npos) {
        // CREATE [UNIQUE] INDEX <name> ON <partition> USING ...
        Stmt& c = Create(b, "alter", def.substr(0, index + 6) + QuoteIdent(name) + " ON " + Q(pt->id) + def.substr(rest), {kIndex});
        c.provides = {"clone:" + b.id.Key() + ":" + part};
        c.needs = {b.id.Key(), part, "partition:" + part};
      }
      sql = "ALTER INDEX " + Q(b.id) + " ATTACH PARTITION " + QualifiedName(pt->id.schema, name);
      Stmt& s = Create(b, "alter", sql);
      s.provides = {"clone:" + b.id.Key()};
      s.needs = {b.id.Key(), part, "partition:" + part, "clone:" + b.id.Key() + ":" + part};
      continue;
    } else {
      if (ClonedName(b, pt->id.name) == name) continue;
      // Postgres names a new clone itself: rename whatever it chose.
      std::string parent_index = b.id.kind == ObjectKind::kIndex ? Q(b.id) : QualifiedName(b.id.schema, b.id.name);
      std::string table = b.id.kind == ObjectKind::kIndex ? Str(b.def, "table") : b.id.table;
      const json& po = pt->def.contains("partition_of") ? pt->def["partition_of"] : json(nullptr);
      bool direct = po.is_array() && po[0] == b.id.schema && po[1] == table;
      // A sub-partition's clone is the clone of its parent's clone: found
      // among the index's partition descendants.
      std::string which = direct ? "  SELECT c.relname INTO n FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_index i ON i.indexrelid = h.inhrelid\n"
                                   "    JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid\n"
                                   "    WHERE h.inhparent = " + QuoteLiteral(parent_index) + "::regclass AND i.indrelid = " + QuoteLiteral(Q(pt->id)) + "::regclass;\n"
                                 : "  SELECT c.relname INTO n FROM pg_catalog.pg_partition_tree(" + QuoteLiteral(parent_index) + "::regclass) t\n"
                                   "    JOIN pg_catalog.pg_index i ON i.indexrelid = t.relid JOIN pg_catalog.pg_class c ON c.oid = t.relid\n"
                                   "    WHERE i.indrelid = " + QuoteLiteral(Q(pt->id)) + "::regclass;\n";
      sql = "DO $graft$\nDECLARE n text;\nBEGIN\n" + which +
            "  IF n <> " + QuoteLiteral(name) + " THEN\n"
            "    EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', " + QuoteLiteral(pt->id.schema) + ", n, " + QuoteLiteral(name) + ");\n"
            "  END IF;\nEND $graft$";
    }
    Stmt& s = Create(b, "alter", sql);
    s.provides = {"clone:" + b.id.Key()};
    s.needs = {b.id.Key(), part, "partition:" + part};
  }
}

}  // namespace graft::ddl::internal
