#include "common/teardown.h"

#include <atomic>
#include <mutex>
#include <vector>

namespace graft {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::atomic<bool> keeping{false};
std::mutex kept_mutex;
// Never freed on purpose: what it holds lives until the process ends.
std::vector<std::shared_ptr<void>>* kept = nullptr;

}  // namespace

void KeepDiscardedUntilExit() {
  if (!kSanitized) keeping = true;
}

namespace internal {

bool KeepingDiscarded() { return keeping.load(std::memory_order_relaxed); }

void KeepDiscarded(std::shared_ptr<void> value) {
  std::lock_guard<std::mutex> lock(kept_mutex);
  if (!kept) kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::move(value));
}

}  // namespace internal

}  // namespace graft
