// Fixture for the layering rule (CMakeLists.txt, Layering.*): the CLI
// reaching around the engine. Line 4 must be reported.
#include "cli/cli.h"
#include "pg/conn.h"
#include "engine/engine.h"
