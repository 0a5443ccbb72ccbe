import { diffLines, diffStats, foldUnchanged } from "./line-diff";

describe("diffLines", () => {
  it("marks added, removed and unchanged lines with their line numbers", () => {
    expect(diffLines("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2 },
      { kind: "added", text: "B", newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
      { kind: "added", text: "d", newLine: 4 },
    ]);
  });

  it("treats CRLF and LF alike and finds no change between equal texts", () => {
    expect(diffStats(diffLines("a\r\nb\r\n", "a\nb\n"))).toEqual({ added: 0, removed: 0 });
  });

  it("aligns moved blocks by their longest common subsequence", () => {
    const lines = diffLines(["x", "1", "2", "3", "y"].join("\n"), ["1", "2", "3", "x", "y"].join("\n"));
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });

  it("stays exact and fast at the size limit of a guide (50,000 characters is about 1,500 lines)", () => {
    const big = Array.from({ length: 1500 }, (_, index) => `line ${index}`);
    const changed = big.map((line, index) => (index % 100 === 0 ? `${line} edited` : line));
    const started = performance.now();
    expect(diffStats(diffLines(big.join("\n"), changed.join("\n")))).toEqual({ added: 15, removed: 15 });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("shows the middle as replaced wholesale beyond its memory budget", () => {
    const big = Array.from({ length: 2500 }, (_, index) => `line ${index}`);
    const changed = big.map((line, index) => (index === 0 || index === 2499 ? `${line} edited` : line));
    expect(diffStats(diffLines(big.join("\n"), changed.join("\n")))).toEqual({ added: 2500, removed: 2500 });
  });
});

describe("foldUnchanged", () => {
  it("keeps context around changes and counts what it folds", () => {
    const before = Array.from({ length: 20 }, (_, index) => `l${index}`).join("\n");
    const after = before.replace("l10", "changed");
    const folded = foldUnchanged(diffLines(before, after), 2);
    expect(folded[0]).toEqual({ kind: "skipped", count: 8 });
    expect(folded.filter((line) => line.kind !== "skipped")).toHaveLength(6);
    expect(folded.at(-1)).toEqual({ kind: "skipped", count: 7 });
  });
});
