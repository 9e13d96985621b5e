// graft storage buckets|objects
#include <unistd.h>

#include <iostream>

#include "cli/cmd_platform.h"
#include "common/crypto.h"
#include "common/error.h"
#include "os/files.h"
#include "platform/resources.h"
#include "platform/validate.h"

namespace graft::cli::platform_cmd {

namespace {

namespace pf = graft::platform;

const std::vector<std::string> kBucketCols = {"name", "public", "max_size", "allowed_mime", "objects"};
const std::vector<std::string> kObjectCols = {"bucket", "key", "size", "content_type", "checksum", "updated_at"};

struct BucketFlags {
  std::string name, max_size, mime;
  bool is_public = false, is_private = false;
  CLI::Option *max_size_o, *mime_o, *public_o, *private_o = nullptr;
};

std::shared_ptr<BucketFlags> AddBucketFlags(CLI::App* cmd, bool with_private) {
  auto f = std::make_shared<BucketFlags>();
  cmd->add_option("NAME", f->name, "bucket name")->required();
  f->public_o = cmd->add_flag("--public", f->is_public, "objects are readable without a key");
  if (with_private) f->private_o = cmd->add_flag("--private", f->is_private, "objects need a key");
  f->max_size_o = cmd->add_option("--max-size", f->max_size, "largest object in bytes (KB, MB, GB suffixes; 'none' for no limit)");
  f->mime_o = cmd->add_option("--mime", f->mime, "allowed content types, comma separated (image/*, text/plain); empty for any");
  return f;
}

pf::BucketInput ToInput(const BucketFlags& f) {
  pf::BucketInput in;
  if (f.is_public && f.is_private) Fail(ErrorKind::kUsage, "pass --public or --private, not both");
  if (f.public_o->count()) in.is_public = true;
  if (f.private_o && f.private_o->count()) in.is_public = false;
  if (f.max_size_o->count()) in.max_size = (f.max_size == "none") ? 0 : pf::ParseSize("--max-size", f.max_size);
  if (f.mime_o->count()) in.allowed_mime = pf::ParseMimeList("--mime", f.mime);
  return in;
}

}  // namespace

void RegisterStorage(CLI::App& app, Globals& g) {
  auto* storage = app.add_subcommand("storage", "storage buckets and objects");
  storage->require_subcommand(1);

  // --- buckets ---------------------------------------------------------------
  auto* buckets = storage->add_subcommand("buckets", "storage buckets");
  buckets->require_subcommand(1);

  auto* list = buckets->add_subcommand("list", "list buckets");
  auto lt = AddTargetFlags(list);
  list->callback([&g, lt] {
    WithTarget(g, *lt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json rows = pf::ListBuckets(conn);
      Emit(g, Json{{"target", t.display}, {"buckets", rows}}, [&] { PrintTable(rows, kBucketCols); });
    });
  });

  auto* get = buckets->add_subcommand("get", "show one bucket");
  auto gt = AddTargetFlags(get);
  auto gname = std::make_shared<std::string>();
  get->add_option("NAME", *gname, "bucket name")->required();
  get->callback([&g, gt, gname] {
    WithTarget(g, *gt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json b = pf::GetBucket(conn, *gname);
      Emit(g, Json{{"target", t.display}, {"bucket", b}}, [&] { PrintObject(b); });
    });
  });

  auto* create = buckets->add_subcommand("create", "create a bucket");
  auto ct = AddTargetFlags(create);
  auto cf = AddBucketFlags(create, false);
  create->callback([&g, ct, cf] {
    auto in = ToInput(*cf);
    pf::ValidateResourceName("bucket", cf->name);
    WithTarget(g, *ct, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json b = pf::CreateBucket(conn, cf->name, in);
      Emit(g, Json{{"target", t.display}, {"bucket", b}},
           [&] { std::cout << "created bucket " << cf->name << " on " << t.display << "\n"; });
    });
  });

  auto* update = buckets->add_subcommand("update", "change a bucket");
  auto ut = AddTargetFlags(update);
  auto uf = AddBucketFlags(update, true);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    WithTarget(g, *ut, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json b = pf::UpdateBucket(conn, uf->name, in);
      Emit(g, Json{{"target", t.display}, {"bucket", b}},
           [&] { std::cout << "updated bucket " << uf->name << " on " << t.display << "\n"; });
    });
  });

  auto* del = buckets->add_subcommand("delete", "delete a bucket");
  auto dt = AddTargetFlags(del);
  auto dname = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  del->add_option("NAME", *dname, "bucket name")->required();
  del->add_flag("--force", *force, "also delete the objects it holds");
  del->callback([&g, dt, dname, force] {
    WithTarget(g, *dt, [&](engine::Engine& eng, const engine::Target& t, pg::Conn& conn) {
      auto lock = eng.LockStorage(t);
      pf::DeleteBucket(conn, t.storage_dir, *dname, *force);
      Emit(g, Json{{"target", t.display}, {"deleted", *dname}},
           [&] { std::cout << "deleted bucket " << *dname << " from " << t.display << "\n"; });
    });
  });

  // --- objects ---------------------------------------------------------------
  auto* objects = storage->add_subcommand("objects", "storage objects");
  objects->require_subcommand(1);

  auto* put = objects->add_subcommand("put", "upload FILE as BUCKET/KEY");
  auto pt = AddTargetFlags(put);
  struct PutFlags {
    std::string path, file, content_type;
    bool upsert = false;
    CLI::Option* ct_o = nullptr;
  };
  auto pf_ = std::make_shared<PutFlags>();
  put->add_option("BUCKET/KEY", pf_->path, "destination")->required();
  put->add_option("FILE", pf_->file, "file to upload ('-' for stdin)")->required();
  pf_->ct_o = put->add_option("--content-type", pf_->content_type, "content type (default: guessed from the key)");
  put->add_flag("--upsert", pf_->upsert, "replace an existing object");
  put->callback([&g, pt, pf_] {
    auto [bucket, key] = pf::SplitObjectPath(pf_->path);
    std::string ct = pf_->ct_o->count() ? pf_->content_type : pf::GuessContentType(key);
    WithTarget(g, *pt, [&](engine::Engine& eng, const engine::Target& t, pg::Conn& conn) {
      auto lock = eng.LockStorage(t);
      Json o = pf::PutObjectFile(conn, t.storage_dir, bucket, key, pf_->file, ct, pf_->upsert);
      Emit(g, Json{{"target", t.display}, {"object", o}}, [&] {
        std::cout << "stored " << bucket << "/" << key << " (" << o["size"].dump() << " bytes, " << ct << ") on "
                  << t.display << "\n";
      });
    });
  });

  auto* oget = objects->add_subcommand("get", "download BUCKET/KEY to FILE (or stdout)");
  auto ogt = AddTargetFlags(oget);
  auto opath = std::make_shared<std::string>();
  auto ofile = std::make_shared<std::string>();
  oget->add_option("BUCKET/KEY", *opath, "object")->required();
  oget->add_option("FILE", *ofile, "destination file (default: stdout; with --json the bytes are base64 in the output)");
  oget->callback([&g, ogt, opath, ofile] {
    auto [bucket, key] = pf::SplitObjectPath(*opath);
    WithTarget(g, *ogt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      if (!ofile->empty() && *ofile != "-") {
        Json meta = pf::GetObjectToFile(conn, t.storage_dir, bucket, key, *ofile);
        Emit(g, Json{{"target", t.display}, {"object", meta}, {"file", *ofile}},
             [&] { std::cerr << "wrote " << meta["size"].dump() << " bytes to " << *ofile << "\n"; });
      } else if (g.json) {
        auto d = pf::GetObject(conn, t.storage_dir, bucket, key);
        std::string b64 = Base64UrlEncode(d.bytes);
        Emit(g, Json{{"target", t.display}, {"object", d.meta}, {"content_base64url", b64}}, [] {});
      } else {
        std::cout.flush();
        pf::GetObjectToFile(conn, t.storage_dir, bucket, key, "-");
      }
    });
  });

  auto* olist = objects->add_subcommand("list", "list the objects of BUCKET[/PREFIX]");
  auto olt = AddTargetFlags(olist);
  auto lpath = std::make_shared<std::string>();
  olist->add_option("BUCKET[/PREFIX]", *lpath, "bucket and optional key prefix")->required();
  olist->callback([&g, olt, lpath] {
    auto slash = lpath->find('/');
    std::string bucket = lpath->substr(0, slash);
    std::string prefix = slash == std::string::npos ? "" : lpath->substr(slash + 1);
    pf::ValidateResourceName("bucket", bucket);
    WithTarget(g, *olt, [&](engine::Engine&, const engine::Target& t, pg::Conn& conn) {
      Json rows = pf::ListObjects(conn, bucket, prefix);
      Emit(g, Json{{"target", t.display}, {"bucket", bucket}, {"prefix", prefix}, {"objects", rows}},
           [&] { PrintTable(rows, kObjectCols); });
    });
  });

  auto* rm = objects->add_subcommand("rm", "remove BUCKET/KEY");
  auto rt = AddTargetFlags(rm);
  auto rpath = std::make_shared<std::string>();
  rm->add_option("BUCKET/KEY", *rpath, "object")->required();
  rm->callback([&g, rt, rpath] {
    auto [bucket, key] = pf::SplitObjectPath(*rpath);
    WithTarget(g, *rt, [&](engine::Engine& eng, const engine::Target& t, pg::Conn& conn) {
      auto lock = eng.LockStorage(t);
      Json o = pf::RemoveObject(conn, t.storage_dir, bucket, key);
      Emit(g, Json{{"target", t.display}, {"removed", o}},
           [&] { std::cout << "removed " << bucket << "/" << key << " from " << t.display << "\n"; });
    });
  });
}

}  // namespace graft::cli::platform_cmd
