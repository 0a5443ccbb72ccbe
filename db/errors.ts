/** A unique or primary-key constraint refused the write, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

// PostgreSQL SQLSTATEs that mean "not now" rather than "wrong": the server is going away or
// starting, too busy, or one of our timeouts ended the statement (statement_timeout → 57014,
// lock_timeout → 55P03, idle_in_transaction_session_timeout → 25P03). Class 08 is the connection.
const PG_UNAVAILABLE = new Set(["57014", "55P03", "25P03", "57P01", "57P02", "57P03", "53300", "53400"]);
const NODE_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|FULL|IOERR|PROTOCOL)/;
// node-postgres and pg-pool say these in words only, without a code.
const DRIVER_UNAVAILABLE =
  /^(timeout expired|Query read timeout|timeout exceeded when trying to connect|Connection terminated|Client was closed and is not queryable|Client has encountered a connection error and is not queryable|Connection terminated due to connection timeout)/;

/**
 * The database could not be reached or answer in time, on either engine: the request can be
 * answered 503 ("try again"), and nothing it meant to write was committed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error ? String(error.code) : "";
  if (PG_UNAVAILABLE.has(code) || code.startsWith("08") || NODE_UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.test(code)) return true;
  if (error instanceof Error && DRIVER_UNAVAILABLE.test(error.message)) return true;
  // Kysely and pg-pool sometimes wrap the cause.
  return "cause" in error && error.cause !== error && isDatabaseUnavailable(error.cause);
}
