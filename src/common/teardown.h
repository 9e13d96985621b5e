// graft/common/teardown.h: large values a short-lived process need not free.
//
// A graft command exits right after printing its result. Freeing the schema
// models it built (tens of thousands of objects, each a tree of small heap
// nodes) one node at a time cost it about a tenth of its CPU on the
// 1,000-table benchmark (bench/README.md); the OS takes the whole heap back
// at exit in one go. Discard(v) therefore either frees `v` now (the default:
// a library caller, a test, a long-lived process) or, once the front end has
// called KeepDiscardedUntilExit() (engine::StartProcess), keeps it alive and
// reachable until the process ends.
//
// Under AddressSanitizer values are always freed now, so the sanitizer build
// still checks every destructor and reports any real leak (kept values are
// reachable from a global anyway, which LeakSanitizer does not count).
//
// Thread-safe: Discard may be called from any thread.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace graft {

// Called once by a front end whose process exits after one command.
void KeepDiscardedUntilExit();

namespace internal {
bool KeepingDiscarded();
void KeepDiscarded(std::shared_ptr<void> value);
}  // namespace internal

// Takes `value` (moved from; left empty) and frees it now or at exit (above).
template <class T>
void Discard(T&& value) {
  static_assert(!std::is_lvalue_reference_v<T>, "Discard takes ownership: pass std::move(value)");
  if (!internal::KeepingDiscarded()) {
    T gone(std::move(value));
    return;
  }
  internal::KeepDiscarded(std::make_shared<T>(std::move(value)));
}

}  // namespace graft
