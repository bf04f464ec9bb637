#include "aerosh_build_info.h"

// AEROSH_GIT_REVISION, a string literal, comes from Package.swift (the environment variable of
// the same name, which the Makefile sets) or from `-Xcc -DAEROSH_GIT_REVISION='"1a2b3c4"'`.
// Only this file sees it: a new revision recompiles one C file and relinks, nothing else.
const char *aerosh_git_revision(void) {
#ifdef AEROSH_GIT_REVISION
    return AEROSH_GIT_REVISION;
#else
    return "unknown";
#endif
}
