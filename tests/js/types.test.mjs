// The package's TypeScript declarations (pkg/index.d.ts) accept the README's usage: optional
// options and progress callback, no default `init` export, the error's `limit` and `suggestions`
// (issue 19: "Expected 3 arguments" for the README's own compare call).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

test("the README's usage type-checks against the package's declarations", () => {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tests/js/types/tsconfig.json"], { encoding: "utf8" });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});
