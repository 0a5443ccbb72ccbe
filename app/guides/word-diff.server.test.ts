import { diffRevisions } from "./word-diff.server";

describe("diffRevisions", () => {
  it("marks the words that changed inside a line, not the whole line", () => {
    const diff = diffRevisions("Freeze your card at once.\nCall us.\n", "Freeze your debit card straight away.\nCall us.\n");
    expect(diff.rows).toEqual([
      {
        kind: "changed",
        oldLine: 1,
        newLine: 1,
        parts: [
          { kind: "same", text: "Freeze your " },
          { kind: "added", text: "debit " },
          { kind: "same", text: "card " },
          { kind: "removed", text: "at" },
          { kind: "added", text: "straight" },
          { kind: "same", text: " " },
          { kind: "removed", text: "once" },
          { kind: "added", text: "away" },
          { kind: "same", text: "." },
        ],
      },
      { kind: "same", text: "Call us.", oldLine: 2, newLine: 2 },
    ]);
    expect(diff).toMatchObject({ wordsAdded: 3, wordsRemoved: 2 });
  });

  it("keeps added and removed lines whole, with their line numbers", () => {
    const diff = diffRevisions("a\nb\nc\n", "a\nc\nd\n");
    expect(diff.rows).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 2 },
      { kind: "added", text: "d", newLine: 3 },
    ]);
    expect(diff).toMatchObject({ wordsAdded: 1, wordsRemoved: 1 });
  });

  it("folds unchanged lines more than three away from a change", () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join("\n");
    const after = before.replace("line 10", "line ten");
    const kinds = diffRevisions(before, after).rows.map((row) => (row.kind === "skipped" ? `skip ${row.count}` : row.kind));
    expect(kinds).toEqual(["skip 6", "same", "same", "same", "changed", "same", "same", "same", "skip 7"]);
  });

  it("treats Windows line endings as the same text", () => {
    expect(diffRevisions("one\r\ntwo\r\n", "one\ntwo\n").rows.every((row) => row.kind === "skipped" || row.kind === "same")).toBe(true);
  });

  it("diffs two 50,000-character guides quickly", () => {
    const words = (seed: number) => Array.from({ length: 8_000 }, (_, index) => `w${(index * seed) % 997}`).join(" ");
    const started = performance.now();
    diffRevisions(words(7).replace(/(.{70}) /g, "$1\n"), words(13).replace(/(.{70}) /g, "$1\n"));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
