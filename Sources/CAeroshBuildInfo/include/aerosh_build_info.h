// What the build knows about itself, for `aerosh --version`.
#ifndef AEROSH_BUILD_INFO_H
#define AEROSH_BUILD_INFO_H

/// The git revision this binary was built from (`1a2b3c4`, `1a2b3c4-dirty` when the tree had
/// changes), or "unknown" when the build was not told (a plain `swift build`).
const char *aerosh_git_revision(void);

#endif
