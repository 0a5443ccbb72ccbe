import { useMatches } from "@remix-run/react";

/** The name the server checks; kept here too so this file stays client-safe. */
export const CSRF_FIELD_NAME = "_csrf";

/**
 * Every form that changes something renders this. The token comes from the nearest
 * loader that provides one (the root does for signed-in people; pre-sign-in pages
 * provide their own).
 */
export function AuthenticityField() {
  const matches = useMatches();
  let token: string | undefined;
  for (const match of [...matches].reverse()) {
    const data = match.data as { csrfToken?: unknown } | undefined;
    if (data && typeof data.csrfToken === "string") {
      token = data.csrfToken;
      break;
    }
  }
  return <input type="hidden" name={CSRF_FIELD_NAME} value={token ?? ""} />;
}
