/** How staff and customers read a review item; client-safe, shared by the queue and the customer page. */
export const REVIEW_KIND_WORDS: Record<string, string> = {
  high_risk: "High-risk payment declined",
  flagged: "Payment approved but flagged",
  customer_denied: "Customer said a payment wasn't them",
};

/** The risk signals stored with a payment, each as the sentence the engine wrote for it. */
export function signalWords(json: string): string[] {
  try {
    const signals = JSON.parse(json) as { detail?: unknown }[];
    return Array.isArray(signals) ? signals.map((signal) => (typeof signal?.detail === "string" ? signal.detail : "")).filter(Boolean) : [];
  } catch {
    return [];
  }
}

export const ANSWER_WORDS: Record<string, string> = {
  confirmed: "The customer said this was them",
  denied: "The customer said this wasn't them",
};

/** "3 h 20 min", "2 days 4 h": how long a case has waited. */
export function ageWords(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}
