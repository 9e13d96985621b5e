// graft storage buckets|objects
#include <iostream>

#include "cli/cmd_platform.h"
#include "common/crypto.h"
#include "common/error.h"

namespace graft::cli::platform_cmd {

namespace {

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

engine::BucketInput ToInput(const BucketFlags& f) {
  engine::BucketInput in;
  if (f.is_public && f.is_private) Fail(ErrorKind::kUsage, "pass --public or --private, not both");
  if (f.public_o->count()) in.is_public = true;
  if (f.private_o && f.private_o->count()) in.is_public = false;
  if (f.max_size_o->count()) in.max_size = (f.max_size == "none") ? 0 : engine::ParseSize("--max-size", f.max_size);
  if (f.mime_o->count()) in.allowed_mime = engine::ParseMimeList("--mime", f.mime);
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
    auto r = engine::storage::ListBuckets(*OpenEngine(g), Ref(*lt));
    Emit(g, Json{{"target", r.target}, {"buckets", r.value}}, [&] { PrintTable(r.value, kBucketCols); });
  });

  auto* get = buckets->add_subcommand("get", "show one bucket");
  auto gt = AddTargetFlags(get);
  auto gname = std::make_shared<std::string>();
  get->add_option("NAME", *gname, "bucket name")->required();
  get->callback([&g, gt, gname] {
    auto r = engine::storage::GetBucket(*OpenEngine(g), Ref(*gt), *gname);
    Emit(g, Json{{"target", r.target}, {"bucket", r.value}}, [&] { PrintObject(r.value); });
  });

  auto* create = buckets->add_subcommand("create", "create a bucket");
  auto ct = AddTargetFlags(create);
  auto cf = AddBucketFlags(create, false);
  create->callback([&g, ct, cf] {
    auto in = ToInput(*cf);
    auto r = engine::storage::CreateBucket(*OpenEngine(g), Ref(*ct), cf->name, in);
    Emit(g, Json{{"target", r.target}, {"bucket", r.value}},
         [&] { std::cout << "created bucket " << cf->name << " on " << r.target << "\n"; });
  });

  auto* update = buckets->add_subcommand("update", "change a bucket");
  auto ut = AddTargetFlags(update);
  auto uf = AddBucketFlags(update, true);
  update->callback([&g, ut, uf] {
    auto in = ToInput(*uf);
    auto r = engine::storage::UpdateBucket(*OpenEngine(g), Ref(*ut), uf->name, in);
    Emit(g, Json{{"target", r.target}, {"bucket", r.value}},
         [&] { std::cout << "updated bucket " << uf->name << " on " << r.target << "\n"; });
  });

  auto* del = buckets->add_subcommand("delete", "delete a bucket");
  auto dt = AddTargetFlags(del);
  auto dname = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  del->add_option("NAME", *dname, "bucket name")->required();
  del->add_flag("--force", *force, "also delete the objects it holds");
  del->callback([&g, dt, dname, force] {
    auto r = engine::storage::DeleteBucket(*OpenEngine(g), Ref(*dt), *dname, *force);
    Emit(g, Json{{"target", r.target}, {"deleted", *dname}},
         [&] { std::cout << "deleted bucket " << *dname << " from " << r.target << "\n"; });
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
    engine::storage::PutRequest req;
    req.path = pf_->path;
    req.file = pf_->file;
    req.content_type = Given(pf_->ct_o, pf_->content_type);
    req.upsert = pf_->upsert;
    auto r = engine::storage::PutObject(*OpenEngine(g), Ref(*pt), req);
    Emit(g, Json{{"target", r.target}, {"object", r.object}}, [&] {
      std::cout << "stored " << r.bucket << "/" << r.key << " (" << r.object["size"].dump() << " bytes, "
                << r.content_type << ") on " << r.target << "\n";
    });
  });

  auto* oget = objects->add_subcommand("get", "download BUCKET/KEY to FILE (or stdout)");
  auto ogt = AddTargetFlags(oget);
  auto opath = std::make_shared<std::string>();
  auto ofile = std::make_shared<std::string>();
  oget->add_option("BUCKET/KEY", *opath, "object")->required();
  oget->add_option("FILE", *ofile, "destination file (default: stdout; with --json the bytes are base64 in the output)");
  oget->callback([&g, ogt, opath, ofile] {
    if (!ofile->empty() && *ofile != "-") {
      auto d = engine::storage::GetObjectToFile(*OpenEngine(g), Ref(*ogt), *opath, *ofile);
      Emit(g, Json{{"target", d.target}, {"object", d.meta}, {"file", *ofile}},
           [&] { std::cerr << "wrote " << d.meta["size"].dump() << " bytes to " << *ofile << "\n"; });
    } else if (g.json) {
      auto d = engine::storage::GetObject(*OpenEngine(g), Ref(*ogt), *opath);
      std::string b64 = Base64UrlEncode(d.bytes);
      Emit(g, Json{{"target", d.target}, {"object", d.meta}, {"content_base64url", b64}}, [] {});
    } else {
      std::cout.flush();
      engine::storage::GetObjectToFile(*OpenEngine(g), Ref(*ogt), *opath, "-");
    }
  });

  auto* olist = objects->add_subcommand("list", "list the objects of BUCKET[/PREFIX]");
  auto olt = AddTargetFlags(olist);
  auto lpath = std::make_shared<std::string>();
  olist->add_option("BUCKET[/PREFIX]", *lpath, "bucket and optional key prefix")->required();
  olist->callback([&g, olt, lpath] {
    auto r = engine::storage::ListObjects(*OpenEngine(g), Ref(*olt), *lpath);
    Json out = {{"target", r.target}};
    out.update(r.value);  // bucket, prefix, objects
    Emit(g, out, [&] { PrintTable(r.value["objects"], kObjectCols); });
  });

  auto* rm = objects->add_subcommand("rm", "remove BUCKET/KEY");
  auto rt = AddTargetFlags(rm);
  auto rpath = std::make_shared<std::string>();
  rm->add_option("BUCKET/KEY", *rpath, "object")->required();
  rm->callback([&g, rt, rpath] {
    auto r = engine::storage::RemoveObject(*OpenEngine(g), Ref(*rt), *rpath);
    Emit(g, Json{{"target", r.target}, {"removed", r.value}},
         [&] { std::cout << "removed " << *rpath << " from " << r.target << "\n"; });
  });
}

}  // namespace graft::cli::platform_cmd
