import type { Change, ConfirmChange, ConfirmedChange } from "../../app/auth/change-confirmation.server";
import { DomainError } from "../../app/errors/domain-error";

/**
 * Stand-ins for tests of what a change does rather than how it is confirmed (that is
 * tests/integration/change-confirmation.test.ts, with real passkey assertions).
 */

/** Accepts whatever change is asked, records nothing; `asked` lists the changes. */
export function confirmEverything(): ConfirmChange & { asked: Change[] } {
  const asked: Change[] = [];
  const confirm = async (change: Change): Promise<ConfirmedChange> => {
    asked.push(change);
    return { change, covers: () => true, record: async () => undefined };
  };
  return Object.assign(confirm, { asked });
}

/** For tightenings: being asked at all is a failure. */
export const mustNotAsk: ConfirmChange = async () => {
  throw new Error("a tightening must not ask for a passkey");
};

/** Like a request that carried no confirmation. */
export const refuseEverything: ConfirmChange = async (change) => {
  throw new DomainError("confirmation_required", change.words, {});
};
