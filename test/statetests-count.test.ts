import assert from "node:assert/strict";
import { test } from "node:test";
import { readJsonFile } from "../src/fixtures/prestate.js";
import { CANCUN_SUBTESTS, SHARDS, shardFiles, stateTestsFolder } from "./statetest-suite.js";

// Guards the shards: no fixture file may drop out of the run unnoticed.
test("the shards together hold all 18,876 Cancun sub-tests", (t) => {
  const folder = stateTestsFolder(t);
  if (folder === undefined) return;
  let count = 0;
  for (let k = 0; k < SHARDS; k++) {
    for (const file of shardFiles(folder, k)) {
      const json = readJsonFile(file) as Record<string, { post?: Record<string, unknown[]> }>;
      for (const test of Object.values(json)) count += test.post?.Cancun?.length ?? 0;
    }
  }
  assert.equal(count, CANCUN_SUBTESTS);
});
