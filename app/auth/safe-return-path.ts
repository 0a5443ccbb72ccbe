/**
 * Only a path on this site may be a "return to" target. Browsers treat "//host",
 * "/\host" and tab/newline tricks as other origins, so the value is resolved against a
 * dummy origin and anything that leaves it is replaced by the fallback.
 */
export function safeReturnPath(candidate: string | null | undefined, fallback = "/"): string {
  if (!candidate || candidate.length > 2048) return fallback;
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return fallback;
  if ([...candidate].some((char) => char.charCodeAt(0) < 0x20 || char === "\\")) return fallback;
  try {
    const base = "https://strongroom.invalid";
    const resolved = new URL(candidate, base);
    if (resolved.origin !== base) return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
