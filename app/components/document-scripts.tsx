import { Scripts, ScrollRestoration } from "@remix-run/react";
import { useEffect, useState } from "react";
import { UNSAFE_useScrollRestoration as useScrollRestoration } from "react-router-dom";

// Remix's own key, so positions saved before a remount are found after it.
const SCROLL_STORAGE_KEY = "positions";

let hydrated = false;

/**
 * Remix's <Scripts> and <ScrollRestoration> render inline scripts through innerHTML. On the server
 * and at hydration that is markup, not an assignment; but when the root switches between its page
 * and its error boundary (any 403, 404 or 503 page, and the page after it) React remounts the whole
 * document, and assigning innerHTML under `require-trusted-types-for 'script'` throws and blanks the
 * page. Those scripts have done their work once the document has hydrated, so a remount renders none
 * and keeps only scroll restoration, which needs no markup.
 */
export function DocumentScripts({ nonce }: { nonce: string | undefined }) {
  const [afterHydration] = useState(() => hydrated);
  useEffect(() => {
    hydrated = true;
  }, []);
  if (afterHydration) return <KeepScrollPositions />;
  return (
    <>
      <ScrollRestoration nonce={nonce} />
      <Scripts nonce={nonce} />
    </>
  );
}

function KeepScrollPositions() {
  useScrollRestoration({ storageKey: SCROLL_STORAGE_KEY });
  return null;
}
