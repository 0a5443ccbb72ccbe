import crypto from "node:crypto";
import { afterEach, beforeEach } from "vitest";
import { permissionsFor } from "../../app/access/permissions";
import { resetClock, setClock } from "../../app/clock.server";
import { isDomainError, type DomainErrorCode } from "../../app/errors/domain-error";
import type { StaffActor } from "../../app/staff/staff-actor.server";
import { createUser } from "../../app/users/users.server";
import type { Role } from "../../db/schema";

/** The code a piece of work is refused with; anything else (success, a crash) fails the test. */
export async function refusalOf(work: Promise<unknown>): Promise<DomainErrorCode> {
  try {
    await work;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** A new staff member with one role, acting as they would from a signed-in session. */
export async function staffActor(role: Role, displayName = `A ${role}`): Promise<StaffActor> {
  const id = await createUser({ displayName, email: `${crypto.randomUUID()}@example.com`, roles: [role] });
  return { id, displayName, role, sessionId: crypto.randomUUID(), permissions: permissionsFor([role]), ip: "198.51.100.9", userAgent: "Vitest" };
}

/** Every test in the enclosing describe runs at `at`, and the real clock comes back after. */
export function useClockAt(at: Date): void {
  beforeEach(() => setClock(() => at));
  afterEach(() => resetClock());
}
