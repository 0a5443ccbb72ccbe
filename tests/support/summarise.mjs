// Prints one closing line over both runners: "tests: N passed, N failed, N skipped".
// Further Vitest reports (the cluster run) are added to the first.
import fs from "node:fs";

const [vitestFile, playwrightFile, ...moreVitest] = process.argv.slice(2);
const vitest = JSON.parse(fs.readFileSync(vitestFile, "utf8"));
for (const file of moreVitest) {
  const more = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const field of ["numPassedTests", "numFailedTests", "numPendingTests", "numTodoTests"]) vitest[field] = (vitest[field] ?? 0) + (more[field] ?? 0);
}
const playwright = JSON.parse(fs.readFileSync(playwrightFile, "utf8"));
const passed = vitest.numPassedTests + (playwright.stats.expected ?? 0);
const failed = vitest.numFailedTests + (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
const skipped = (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0) + (playwright.stats.skipped ?? 0);
process.stdout.write(`unit+integration: ${vitest.numPassedTests} passed; browser: ${playwright.stats.expected} passed\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 ? 1 : 0);
