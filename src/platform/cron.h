// graft/platform/cron.h: cron expressions as pg_cron accepts them. Pure.
//
// Five fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12
// or jan-dec) and day of week (0-7, 0 and 7 are Sunday, or sun-sat). Each
// field is a comma-separated list of `*`, `N`, `A-B`, `*/S` or `A-B/S`. The
// macros @yearly @annually @monthly @weekly @daily @midnight @hourly @reboot
// are accepted too. Names are case-insensitive.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace graft::platform {

// std::nullopt when `expr` is valid, otherwise the reason.
std::optional<std::string> CheckCron(std::string_view expr);
// Throws Error(kUsage) "invalid cron expression \"...\": reason".
void ValidateCron(std::string_view expr);

}  // namespace graft::platform
