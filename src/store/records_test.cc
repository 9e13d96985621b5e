#include "store/records.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "os/files.h"

namespace graft::store {
namespace {

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/graft-records-XXXXXX";
    dir_ = mkdtemp(tmpl);
    store_ = std::make_unique<Store>(dir_ + "/graft.db");
  }
  void TearDown() override {
    store_.reset();
    os::RemoveAll(dir_);
  }
  int64_t NewOperation(const std::string& kind) {
    store_->Exec(
        "INSERT INTO operations(kind, project_name, state, lock_path, pid, started_at, updated_at) "
        "VALUES (?, 'app', 'running', '/nonexistent', 1, 't', 't')",
        {kind});
    return store_->LastInsertId();
  }
  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RecordsTest, StepsAreNumberedAfterTheRecordedOnesAndReadBack) {
  int64_t op = NewOperation("branch-reset");
  EXPECT_EQ(LastStepSeq(*store_, op), 0);
  StartStep(*store_, op, 1, "copy-snapshot");
  FinishStep(*store_, op, 1, 1234);
  StartStep(*store_, op, 2, "swap");  // interrupted: never finished
  EXPECT_EQ(LastStepSeq(*store_, op), 2);
  // Another operation's steps do not count.
  EXPECT_EQ(LastStepSeq(*store_, NewOperation("project-create")), 0);

  auto ops = RecentOperations(*store_, 10);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].kind, "project-create");  // newest first
  const auto& reset = ops[1];
  EXPECT_EQ(reset.id, op);
  EXPECT_EQ(reset.state, "running");
  EXPECT_EQ(reset.step, "swap");  // the step last started
  ASSERT_EQ(reset.steps.size(), 2u);
  EXPECT_EQ(reset.steps[0].name, "copy-snapshot");
  EXPECT_EQ(reset.steps[0].ms, 1234);
  EXPECT_TRUE(reset.steps[0].finished_at.has_value());
  EXPECT_EQ(reset.steps[1].name, "swap");
  EXPECT_FALSE(reset.steps[1].ms.has_value());
  EXPECT_FALSE(reset.steps[1].finished_at.has_value());
  EXPECT_EQ(RecentOperations(*store_, 1).size(), 1u);
}

TEST_F(RecordsTest, ContextLinksAProjectAndItsCurrentBranch) {
  EXPECT_FALSE(LinkedProject(*store_).has_value());
  SetLinkedProject(*store_, "default:app");
  SetLinkedProject(*store_, "default:app");  // an upsert, not a second row
  EXPECT_EQ(LinkedProject(*store_), "default:app");
  SetCurrentBranch(*store_, "default:app", "feature");
  EXPECT_EQ(CurrentBranch(*store_, "default:app"), "feature");
  EXPECT_FALSE(CurrentBranch(*store_, "default:other").has_value());

  ForgetBranch(*store_, "default:app", "other");  // not the current one: kept
  EXPECT_EQ(CurrentBranch(*store_, "default:app"), "feature");
  ForgetBranch(*store_, "default:app", "feature");
  EXPECT_FALSE(CurrentBranch(*store_, "default:app").has_value());

  SetCurrentBranch(*store_, "default:app", "b2");
  SetCurrentBranch(*store_, "default:app", std::nullopt);  // back to the project
  EXPECT_FALSE(CurrentBranch(*store_, "default:app").has_value());

  SetCurrentBranch(*store_, "default:app", "b3");
  ForgetProject(*store_, "default:other");  // not linked: nothing changes
  EXPECT_EQ(LinkedProject(*store_), "default:app");
  ForgetProject(*store_, "default:app");
  EXPECT_FALSE(LinkedProject(*store_).has_value());
  EXPECT_FALSE(CurrentBranch(*store_, "default:app").has_value());
}

TEST_F(RecordsTest, StatesMoveOnlyFromTheGivenStateAndOperationsEndOnce) {
  store_->Exec(
      "INSERT INTO projects(id, org_id, name, parent_id, state, port, db_password, jwt_secret, api_key, anon_key, "
      "created_at, updated_at) VALUES (1, 1, 'app', NULL, 'ready', 1, 'x', 'x', 'x', 'x', 't', 't'), "
      "(2, 1, 'b', 1, 'ready', 2, 'x', 'x', 'x', 'x', 't', 't')");
  EXPECT_EQ(StateOf(*store_, 2), "ready");
  EXPECT_EQ(StateOf(*store_, 9), std::nullopt);
  SetState(*store_, 2, "merging");
  SetState(*store_, 2, "ready", std::nullopt, "resetting");  // not resetting: stays
  EXPECT_EQ(StateOf(*store_, 2), "merging");
  SetState(*store_, 2, "merged", std::string("boom"), "merging");
  EXPECT_EQ(StateOf(*store_, 2), "merged");
  EXPECT_EQ(store_->Query("SELECT last_error FROM projects WHERE id = 2").Str(0, "last_error"), "boom");
  SetState(*store_, 2, "ready", std::string());  // "" clears it
  EXPECT_TRUE(store_->Query("SELECT last_error IS NULL AS n FROM projects WHERE id = 2").Int(0, "n"));
  SetDeletingWithBranches(*store_, 1);
  EXPECT_EQ(StateOf(*store_, 1), "deleting");
  EXPECT_EQ(StateOf(*store_, 2), "deleting");

  int64_t op = NewOperation("branch-merge");
  store_->Exec("UPDATE operations SET project_id = 2 WHERE id = ?", {std::to_string(op)});
  EXPECT_EQ(LastOperationOn(*store_, 2, INT64_MAX), op);
  EXPECT_EQ(LastOperationOn(*store_, 2, op), 0);
  EXPECT_EQ(LastOperationOn(*store_, 1, INT64_MAX), 0);
  EndOperation(*store_, op, "failed", "first");
  EndOperation(*store_, op, "failed", "second", /*only_running=*/true);  // already ended: kept
  auto ops = RecentOperations(*store_, 1);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].state, "failed");
  EXPECT_EQ(ops[0].error, "first");
  EXPECT_FALSE(ops[0].finished_at.empty());
}

TEST_F(RecordsTest, T0IsRecordedOncePerBranchAndDeleted) {
  store_->Exec(
      "INSERT INTO projects(id, org_id, name, parent_id, state, port, db_password, jwt_secret, api_key, anon_key, "
      "created_at, updated_at) VALUES (1, 1, 'app', NULL, 'ready', 1, 'x', 'x', 'x', 'x', 't', 't'), "
      "(2, 1, 'b', 1, 'ready', 2, 'x', 'x', 'x', 'x', 't', 't')");
  PutT0(*store_, {2, 1, "{}", "[]", "0/0", "/snap"});
  EXPECT_EQ(store_->Query("SELECT count(*) AS n FROM t0 WHERE branch_id = 2").Int(0, "n"), 1);
  EXPECT_ANY_THROW(PutT0(*store_, {2, 1, "{}", "[]", "0/0", "/snap"}));
  DeleteT0(*store_, 2);
  EXPECT_EQ(store_->Query("SELECT count(*) AS n FROM t0").Int(0, "n"), 0);
}

TEST_F(RecordsTest, MergeBaseIsT0UntilAMergeFinishesThenTheMergedBranch) {
  store_->Exec(
      "INSERT INTO projects(id, org_id, name, parent_id, state, port, db_password, jwt_secret, api_key, anon_key, "
      "created_at, updated_at) VALUES (1, 1, 'app', NULL, 'ready', 1, 'x', 'x', 'x', 'x', 't', 't'), "
      "(2, 1, 'b', 1, 'ready', 2, 'x', 'x', 'x', 'x', 't', 't')");
  EXPECT_FALSE(MergeBaseOf(*store_, 2).has_value());  // no T0: no base
  PutT0(*store_, {2, 1, R"({"t0":1})", R"({"cfg":0})", "0/0", "/snap"});
  auto base = MergeBaseOf(*store_, 2);
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->label, "t0");
  EXPECT_EQ(base->schema_json, R"({"t0":1})");
  EXPECT_EQ(base->platform_json, R"({"cfg":0})");
  EXPECT_FALSE(LastMergeAt(*store_, 2).has_value());

  int64_t op = NewOperation("branch-merge");
  int64_t m = StartMerge(*store_, {op, 2, 1, "b", "SELECT 1;", "fp-before", "742", R"({"merged":1})", R"({"cfg":1})"});
  auto rec = MergeOf(*store_, op);
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->id, m);
  EXPECT_EQ(rec->parent_id, 1);
  EXPECT_EQ(rec->txid, "742");
  EXPECT_EQ(rec->status, "applying");
  EXPECT_EQ(rec->sql, "SELECT 1;");
  EXPECT_FALSE(MergeOf(*store_, op + 1).has_value());
  EXPECT_EQ(MergeBaseOf(*store_, 2)->label, "t0");  // applying: the base has not moved
  EXPECT_FALSE(LastMergeAt(*store_, 2).has_value());

  FinishMerge(*store_, m, "fp-after");
  EXPECT_EQ(MergeOf(*store_, op)->status, "merged");
  EXPECT_EQ(store_->Query("SELECT parent_fingerprint_after AS f FROM merges WHERE id = ?", {std::to_string(m)})
                .Str(0, "f"),
            "fp-after");
  base = MergeBaseOf(*store_, 2);
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->label, "merge");
  EXPECT_EQ(base->schema_json, R"({"merged":1})");
  EXPECT_EQ(base->platform_json, R"({"cfg":1})");
  EXPECT_TRUE(LastMergeAt(*store_, 2).has_value());

  // A merged merge is not ended again; the base goes back to T0 when deleted.
  EndMerge(*store_, m, "late failure");
  EXPECT_EQ(MergeOf(*store_, op)->status, "merged");
  DeleteMergeBase(*store_, 2);
  EXPECT_EQ(MergeBaseOf(*store_, 2)->label, "t0");
}

TEST_F(RecordsTest, AnApplyingMergeEndsFailedOrRolledBack) {
  int64_t op1 = NewOperation("branch-merge"), op2 = NewOperation("branch-merge");
  int64_t m1 = StartMerge(*store_, {op1, 2, 1, "b", "", "fp", "1", "{}", "{}"});
  int64_t m2 = StartMerge(*store_, {op2, 2, 1, "b", "", "fp", "2", "{}", "{}"});
  EndMerge(*store_, m1, "statement failed");
  EndMerge(*store_, m2, "interrupted", /*interrupted=*/true);
  EXPECT_EQ(MergeOf(*store_, op1)->status, "failed");
  EXPECT_EQ(MergeOf(*store_, op2)->status, "rolled_back");
  EXPECT_EQ(store_->Query("SELECT error FROM merges WHERE id = ?", {std::to_string(m1)}).Str(0, "error"),
            "statement failed");
  EXPECT_FALSE(LastMergeAt(*store_, 2).has_value());  // neither merged
  EXPECT_FALSE(MergeBaseOf(*store_, 2).has_value());  // no base moved (and no T0 here)
}

}  // namespace
}  // namespace graft::store
