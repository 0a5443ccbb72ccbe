/** The one source of "now". Tests replace it; nothing else calls `new Date()` for business time. */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

export function nowIso(): string {
  return source().toISOString();
}

export function setClock(next: () => Date): void {
  source = next;
}

export function resetClock(): void {
  source = () => new Date();
}
