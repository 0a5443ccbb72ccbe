import { lockCardForUpdate } from "../../app/cards/card-lock.server";
import { setCardFrozen } from "../../app/controls/change-controls.server";
import { inWriteTransaction } from "../../app/db.server";
import { customerWithCard } from "../support/banking-fixtures";
import { useFreshDatabase } from "../support/test-database";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const actorOf = (customerId: string) => ({ customerId, role: "customer", ip: null, userAgent: null });

describe("lockCardForUpdate", () => {
  useFreshDatabase("sqlite");

  it("finds a card by id, by id and owner, or by token; a stranger's card is not found", async () => {
    const card = await customerWithCard();
    const other = await customerWithCard();
    await inWriteTransaction(async (trx) => {
      expect(await lockCardForUpdate(trx, { id: card.cardId }).select("id").executeTakeFirst()).toEqual({ id: card.cardId });
      expect(await lockCardForUpdate(trx, { id: card.cardId, customerId: card.userId }).select("id").executeTakeFirst()).toEqual({ id: card.cardId });
      expect(await lockCardForUpdate(trx, { token: card.token }).select("id").executeTakeFirst()).toEqual({ id: card.cardId });
      expect(await lockCardForUpdate(trx, { id: card.cardId, customerId: other.userId }).select("id").executeTakeFirst()).toBeUndefined();
    });
  });
});

// Row locks are PostgreSQL's: SQLite has one writer at a time by design.
describe.skipIf(!process.env.TEST_DATABASE_URL)("lockCardForUpdate on postgres", () => {
  useFreshDatabase("postgres");

  it("holds back a change to the same card only, never one to another card", async () => {
    const a = await customerWithCard();
    const b = await customerWithCard();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = inWriteTransaction(async (trx) => {
      await lockCardForUpdate(trx, { id: a.cardId }).select("id").execute();
      locked();
      await gate;
    });
    await isLocked;
    try {
      const onB = setCardFrozen(actorOf(b.userId), b.cardId, true);
      expect(await Promise.race([onB, sleep(5_000).then(() => "still waiting")])).toBe("changed");
      const onA = setCardFrozen(actorOf(a.userId), a.cardId, true);
      expect(await Promise.race([onA.then(() => "answered"), sleep(300).then(() => "waiting")])).toBe("waiting");
      release();
      await held;
      expect(await onA).toBe("changed");
    } finally {
      release();
      await held.catch(() => undefined);
    }
  });
});
