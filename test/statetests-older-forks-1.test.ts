import { test } from "node:test";
import { OLDER_FORK_RUNS, runOlderFork } from "./statetest-suite.js";

// Older forks split over two files (two processes): the big London/Paris/Shanghai runs go to different shards.
const runs = OLDER_FORK_RUNS.filter((run) => run.shard === 1);
for (const run of runs) {
  test(`${run.fork} post sections of ${run.folder}: all ${run.count} pass`, (t) => runOlderFork(t, run));
}
