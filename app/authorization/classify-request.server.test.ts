import { classifyRequest } from "./authorize-payment.server";

const prior = (replayOf: string | null, retryOf: string | null, seenWithoutAuthorization = false) => ({ replayOf, retryOf, seenWithoutAuthorization });

describe("classifying a payment request under the card lock", () => {
  it("a request never seen is new", () => {
    expect(classifyRequest(prior(null, null))).toEqual({ kind: "new" });
  });

  it("the same signature under the key that holds the answer is the same request resent", () => {
    expect(classifyRequest(prior("a1", "a1"))).toEqual({ kind: "resent", answerOf: "a1" });
    // Its first try was refused before a row existed (say, an unsupported currency).
    expect(classifyRequest(prior(null, "a1", true))).toEqual({ kind: "resent", answerOf: "a1" });
  });

  it("the same signature under another key, or seen before with no answer and no key, is a replay", () => {
    expect(classifyRequest(prior("a1", "a2"))).toEqual({ kind: "replay" });
    expect(classifyRequest(prior("a1", null))).toEqual({ kind: "replay" });
    expect(classifyRequest(prior(null, null, true))).toEqual({ kind: "replay" });
  });

  it("the same key signed afresh is a retry that gets the first answer", () => {
    expect(classifyRequest(prior(null, "a1"))).toEqual({ kind: "retry", answerOf: "a1" });
  });
});
