import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CLI = path.resolve("app/ops/cli");
const TSX = path.resolve("node_modules/.bin/tsx");
// Helpers the commands share, not commands.
const COMMANDS = fs.readdirSync(CLI).filter((file) => file.endsWith(".ts") && !["bootstrap.ts", "args.ts"].includes(file) && !file.endsWith(".test.ts"));
const STACK = /\n\s+at [\w.<>/]+ \(|node:internal|\.ts:\d+:\d+/;

async function command(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(CLI, file), ...args], { timeout: 30_000, env: { PATH: process.env.PATH ?? "", NODE_ENV: "test" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("every command in app/ops/cli", () => {
  it("finds the commands", () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(["simulate.ts", "migrate.ts", "keys-rotate.ts", "enrolment-code.ts", "restore.ts"]));
  });

  it.each(COMMANDS)("%s --help prints its usage and exits 0, touching nothing", async (file) => {
    const answer = await command(file, ["--help"]);
    expect(answer.code).toBe(0);
    expect(answer.stdout).toMatch(/^npm run [\w:]+/);
    expect(answer.stderr).toBe("");
    expect(answer.stdout).not.toMatch(STACK);
  }, 40_000);

  it.each(["simulate.ts", "keys-rotate.ts", "restore.ts"])("%s with an option it does not take says so, shows the usage and exits 2, without a stack", async (file) => {
    const answer = await command(file, ["--no-such-option"]);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain("Unknown option '--no-such-option'");
    expect(answer.stderr).toMatch(/npm run [\w:]+/);
    expect(answer.stderr).not.toMatch(STACK);
  }, 40_000);
});
