/**
 * The one family of refusals a domain module may throw. Each code has exactly one HTTP
 * status and page, chosen in app/access/http-errors.server.ts; domain modules never build
 * HTTP responses themselves, so the same refusal looks the same from every route. README.md#d56
 */
export const DOMAIN_ERROR_CODES = [
  /** the thing does not exist, or belongs to someone else (never tell which) */
  "not_found",
  /** the person is known but may not do this */
  "forbidden",
  /** the input has the right shape but says something impossible */
  "invalid_input",
  /** the request is well formed but the state changed underneath it (stale, already decided) */
  "conflict",
  /** a fresh passkey confirmation bound to this exact change is needed first */
  "confirmation_required",
  /** too many attempts; try later */
  "rate_limited",
  /** the work would take longer than we allow on a request (e.g. a pathological guide) */
  "too_complex",
  /** the database or another dependency is unreachable; nothing was changed */
  "unavailable",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** words fit to show the person who asked; never internals */
    message: string,
    /** data the page needs to explain itself (field names, a change summary); never secrets */
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/**
 * A module's own refusals, each reason mapped once to its code and words. The class it
 * returns is a DomainError whose `reason` (also in `detail`) says which refusal it was.
 */
export function refusalFamily<R extends string>(name: string, refusals: Readonly<Record<R, { code: DomainErrorCode; message: string }>>) {
  return class extends DomainError {
    constructor(readonly reason: R) {
      super(refusals[reason].code, refusals[reason].message, { reason });
      this.name = name;
    }
  };
}
