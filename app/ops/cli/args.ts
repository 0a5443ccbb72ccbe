import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * Every command reads its arguments here: --help (or -h) prints the usage and exits 0; an option
 * or argument the command does not take prints what was wrong and the usage, and exits 2. A person
 * at a terminal never gets a stack trace for a typo.
 */
export function commandArgs<T extends Pick<ParseArgsConfig, "options" | "allowPositionals">>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${usage.trim()}\n`);
    process.exit(0);
  }
  try {
    return parseArgs<T>(config);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage.trim()}\n`);
    process.exit(2);
  }
}
