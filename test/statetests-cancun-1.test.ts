import { test } from "node:test";
import { runShard } from "./statetest-suite.js";

test("Cancun GeneralStateTests, shard 1 of 2: every sub-test passes", (t) => runShard(t, 1));
