import { parse as parseContentType } from "content-type";
import type { z } from "zod";

export const MAX_JSON_BYTES = 64 * 1024;

/** A 400 with an RFC 9457 problem body: what was wrong, never how the server works. */
export function problem(status: number, title: string, detail?: string, errors?: Record<string, string[]>): Response {
  return Response.json({ type: "about:blank", title, status, detail, errors }, { status, headers: { "Content-Type": "application/problem+json" } });
}

/** `application/json`, with no charset or UTF-8 (RFC 8259 allows no other): not text/plain, a form, or a JSON-like type. */
export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const { type, parameters } = parseContentType(header);
  const charset = parameters.charset?.toLowerCase();
  return type === "application/json" && (charset === undefined || charset === "utf-8");
}

export async function readJsonText(request: Request, maxBytes = MAX_JSON_BYTES): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw problem(413, "Request body too large");
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw problem(413, "Request body too large");
  return text;
}

/** Parses and validates JSON text already read, throwing a 400 problem response on any failure. */
export function parseJsonText<S extends z.ZodTypeAny>(text: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw problem(400, "Malformed JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const flat = result.error.flatten();
    throw problem(400, "Invalid request", "Some fields are missing or have the wrong form.", { ...flat.fieldErrors, ...(flat.formErrors.length ? { _: flat.formErrors } : {}) } as Record<string, string[]>);
  }
  return result.data;
}

/** Parses and validates a JSON body, throwing a 400 problem response on any failure. */
export async function parseJsonBody<S extends z.ZodTypeAny>(request: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.infer<S>> {
  if (!(request.headers.get("Content-Type") ?? "").includes("json")) throw problem(415, "Expected a JSON body");
  return parseJsonText(await readJsonText(request, maxBytes), schema);
}
