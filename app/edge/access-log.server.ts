export type LogEntry = Record<string, unknown> & { level?: "info" | "warn" | "error"; msg?: string };

/** One JSON object per line on stdout: what log shippers expect and what grep can read. */
export function log(entry: LogEntry): void {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), level: "info", ...entry })}\n`);
}
