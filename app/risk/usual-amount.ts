/**
 * The card's usual payment follows its approved payments: a running average that weighs the
 * last twenty or so, so a new card learns a baseline and a customer whose habits change is
 * not flagged forever. One large payment moves it by at most a twentieth of the difference.
 */
export const USUAL_AMOUNT_WINDOW = 20;

export function nextUsualAmountMinor(usualMinor: number | null, historyCount: number, approvedMinor: number): number {
  if (usualMinor === null || historyCount <= 0) return approvedMinor;
  const weight = BigInt(Math.min(historyCount, USUAL_AMOUNT_WINDOW - 1));
  // Integer minor units throughout; BigInt so a huge balance cannot lose precision, rounded half up.
  const total = BigInt(usualMinor) * weight + BigInt(approvedMinor);
  const divisor = weight + 1n;
  return Number((total * 2n + divisor) / (divisor * 2n));
}
