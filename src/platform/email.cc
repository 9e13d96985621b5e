// email.templates.
#include "common/error.h"
#include "platform/platform.h"
#include "platform/resources.h"
#include "platform/templates.h"

namespace graft::platform {

namespace {

Json Stored(pg::Conn& conn, const std::string& type) {
  auto rows = QueryRows(conn, Table("email", "templates"),
                        "SELECT type, subject, body, updated_at FROM email.templates WHERE type = $1", {type});
  return rows.empty() ? Json() : rows[0];
}

}  // namespace

Json GetTemplate(pg::Conn& conn, const std::string& type) {
  const TemplateType& t = FindTemplateType(type);
  Json row = Stored(conn, type);
  Json out = {{"type", t.type}, {"description", t.description}, {"placeholders", t.placeholders}};
  if (row.is_null()) {
    out["subject"] = t.default_subject;
    out["body"] = t.default_body;
    out["is_default"] = true;
  } else {
    out["subject"] = row["subject"];
    out["body"] = row["body"];
    out["is_default"] = false;
    out["updated_at"] = row["updated_at"];
  }
  return out;
}

Json ListTemplates(pg::Conn& conn) {
  Json out = Json::array();
  for (const auto& t : TemplateTypes()) out.push_back(GetTemplate(conn, t.type));
  return out;
}

Json SetTemplate(pg::Conn& conn, const std::string& type, const std::optional<std::string>& subject,
                 const std::optional<std::string>& body) {
  const TemplateType& t = FindTemplateType(type);
  if (!subject && !body) Fail(ErrorKind::kUsage, "nothing to set for email template " + type, "pass --subject and/or --body-file");
  Json current = GetTemplate(conn, type);
  std::string s = subject.value_or(current["subject"].get<std::string>());
  std::string b = body.value_or(current["body"].get<std::string>());
  if (b.size() > 256 * 1024) Fail(ErrorKind::kUsage, "the body of email template " + type + " is larger than 256 KiB");
  ValidateTemplate(t, s, b);
  conn.Exec(
      "INSERT INTO email.templates (type, subject, body) VALUES ($1, $2, $3) "
      "ON CONFLICT (type) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_at = now()",
      {type, s, b});
  return GetTemplate(conn, type);
}

Json RenderTemplate(pg::Conn& conn, const std::string& type, const std::map<std::string, std::string>& vars) {
  const TemplateType& t = FindTemplateType(type);
  Json tpl = GetTemplate(conn, type);
  return Json{{"type", type},
              {"subject", Render(t, tpl["subject"].get<std::string>(), vars)},
              {"body", Render(t, tpl["body"].get<std::string>(), vars)}};
}

}  // namespace graft::platform
