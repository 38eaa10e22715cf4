/** The closing lines shared by the conformance commands: "N passed, M failed" and, with --json, one JSON object. */
import type { StateTestReport } from "../fixtures/statetest.js";

export function printTestReport(report: StateTestReport, json: boolean, extra: Record<string, unknown> = {}): number {
  const skipped = report.skipped ? `, ${report.skipped} skipped` : "";
  console.log(`${report.passed} passed, ${report.failed} failed${skipped}`);
  if (json) {
    console.log(
      JSON.stringify({
        passed: report.passed,
        failed: report.failed,
        skipped: report.skipped,
        ...extra,
        failures: report.failures.map((f) => f.id),
      }),
    );
  }
  return report.failed === 0 ? 0 : 1;
}
