// Fixture for the layering rule (CMakeLists.txt, Layering.*): allowed includes.
#include <string>

#include "cli/cli.h"
#include "common/error.h"
#include "engine/resources.h"
