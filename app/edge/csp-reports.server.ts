import crypto from "node:crypto";
import { z } from "zod";
import { nowIso } from "~/clock.server";
import { db } from "~/db.server";
import { hitRateLimit } from "~/rate-limit/rate-limit.server";

export const MAX_REPORT_BYTES = 8 * 1024;
const PER_IP_PER_MINUTE = 30;

// Two shapes arrive: the legacy report-uri body and the Reporting API (report-to) array.
const legacyReport = z.object({
  "csp-report": z.object({
    "document-uri": z.string().optional(),
    "violated-directive": z.string().optional(),
    "effective-directive": z.string().optional(),
    "blocked-uri": z.string().optional(),
    "script-sample": z.string().optional(),
  }),
});
const reportingApi = z.array(
  z.object({
    type: z.string(),
    body: z.object({
      documentURL: z.string().optional(),
      effectiveDirective: z.string().optional(),
      blockedURL: z.string().optional(),
      sample: z.string().optional(),
    }),
  }),
);

async function readCapped(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_REPORT_BYTES) return null;
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REPORT_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const clip = (value: string | undefined, length = 512) => (value ?? "").slice(0, length);

/** Returns the HTTP status to answer with. Reports are evidence, so they are kept small and bounded. */
export async function recordCspReport(request: Request, ip: string): Promise<number> {
  const limit = await hitRateLimit(`csp-report:${ip}`, { limit: PER_IP_PER_MINUTE, windowMs: 60_000 });
  if (!limit.allowed) return 429;
  const text = await readCapped(request);
  if (text === null) return 413;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 400;
  }
  const rows: { document_uri: string; violated_directive: string; blocked_uri: string; sample: string }[] = [];
  const legacy = legacyReport.safeParse(json);
  if (legacy.success) {
    const r = legacy.data["csp-report"];
    rows.push({
      document_uri: clip(r["document-uri"]),
      violated_directive: clip(r["effective-directive"] ?? r["violated-directive"], 128),
      blocked_uri: clip(r["blocked-uri"]),
      sample: clip(r["script-sample"], 256),
    });
  } else {
    const modern = reportingApi.safeParse(json);
    if (!modern.success) return 400;
    for (const report of modern.data.filter((entry) => entry.type === "csp-violation").slice(0, 10)) {
      rows.push({
        document_uri: clip(report.body.documentURL),
        violated_directive: clip(report.body.effectiveDirective, 128),
        blocked_uri: clip(report.body.blockedURL),
        sample: clip(report.body.sample, 256),
      });
    }
  }
  if (rows.length === 0) return 400;
  const at = nowIso();
  const userAgent = clip(request.headers.get("User-Agent") ?? "", 256);
  await db()
    .insertInto("csp_reports")
    .values(rows.map((row) => ({ ...row, id: crypto.randomUUID(), at, user_agent: userAgent })))
    .execute();
  return 204;
}
