import { useEffect, useState } from "react";

/**
 * The one moment a clear value is on screen. The script removes it when its time is up; a
 * CSS animation hides it at 60 s as well, for a page without JavaScript.
 */
export function RevealedValue({ label, value, visibleForMs, customerName }: { label: string; value: string; visibleForMs: number; customerName: string }) {
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setHidden(true), visibleForMs);
    return () => window.clearTimeout(timer);
  }, [visibleForMs, value]);
  const seconds = Math.round(visibleForMs / 1000);
  if (hidden) {
    return (
      <div role="status" className="mb-6 rounded border-2 border-slate-400 bg-slate-100 p-4">
        <p className="font-semibold">The {label} is hidden again.</p>
        <p>To see it again, reveal it with a new reason and your passkey.</p>
      </div>
    );
  }
  return (
    <div role="status" className="mb-6 rounded border-2 border-amber-600 bg-amber-50 p-4">
      <p className="font-semibold">
        {customerName}'s {label} (shown for {seconds} seconds, and on the customer's timeline):
      </p>
      <p className="reveal-expires mt-2 font-mono text-2xl" data-testid="revealed-value">
        {value}
      </p>
    </div>
  );
}
