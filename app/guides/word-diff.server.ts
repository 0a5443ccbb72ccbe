import { diffLines, diffWordsWithSpace } from "diff";
import type { DiffRow, RevisionDiffData, WordPart } from "./diff-rows";

/*
 * Editors change a word or a sentence far more often than whole lines, so a revision diff
 * pairs each changed line with its new version and marks the words that differ (jsdiff,
 * Myers' O(ND) algorithm). Unchanged lines far from a change are folded.
 */

/** A pathological pair of texts gives up here and shows the changed block as replaced. */
const DIFF_TIMEOUT_MS = 500;
const CONTEXT_LINES = 3;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

function linesOf(value: string): string[] {
  const lines = value.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function wordParts(before: string, after: string): WordPart[] {
  const changes = diffWordsWithSpace(before, after, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return [{ kind: "removed", text: before }, { kind: "added", text: after }];
  return changes.map((change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", text: change.value }));
}

function allRows(before: string, after: string): DiffRow[] {
  const normalise = (text: string) => text.replace(/\r\n?/g, "\n");
  const blocks = diffLines(normalise(before), normalise(after), { timeout: DIFF_TIMEOUT_MS }) ?? [
    { value: normalise(before), removed: true, added: false, count: 0 },
    { value: normalise(after), removed: false, added: true, count: 0 },
  ];
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const lines = linesOf(block.value);
    if (!block.added && !block.removed) {
      for (const text of lines) rows.push({ kind: "same", text, oldLine: oldLine++, newLine: newLine++ });
      continue;
    }
    if (block.removed && blocks[index + 1]?.added) {
      // A removal followed by an addition is an edit: line k of one is paired with line k of the other.
      const added = linesOf(blocks[index + 1]!.value);
      const paired = Math.min(lines.length, added.length);
      for (let k = 0; k < paired; k++) rows.push({ kind: "changed", parts: wordParts(lines[k]!, added[k]!), oldLine: oldLine++, newLine: newLine++ });
      for (const text of lines.slice(paired)) rows.push({ kind: "removed", text, oldLine: oldLine++ });
      for (const text of added.slice(paired)) rows.push({ kind: "added", text, newLine: newLine++ });
      index++;
      continue;
    }
    if (block.removed) for (const text of lines) rows.push({ kind: "removed", text, oldLine: oldLine++ });
    else for (const text of lines) rows.push({ kind: "added", text, newLine: newLine++ });
  }
  return rows;
}

function fold(rows: readonly DiffRow[]): DiffRow[] {
  const keep = rows.map(() => false);
  rows.forEach((row, index) => {
    if (row.kind === "same") return;
    for (let k = Math.max(0, index - CONTEXT_LINES); k <= Math.min(rows.length - 1, index + CONTEXT_LINES); k++) keep[k] = true;
  });
  const folded: DiffRow[] = [];
  let skipped = 0;
  rows.forEach((row, index) => {
    if (keep[index]) {
      if (skipped > 0) folded.push({ kind: "skipped", count: skipped });
      skipped = 0;
      folded.push(row);
    } else {
      skipped++;
    }
  });
  if (skipped > 0) folded.push({ kind: "skipped", count: skipped });
  return folded;
}

/** Word-level differences between two revisions' sources, folded around the changes. */
export function diffRevisions(before: string, after: string): RevisionDiffData {
  const rows = allRows(before, after);
  let wordsAdded = 0;
  let wordsRemoved = 0;
  for (const row of rows) {
    if (row.kind === "added") wordsAdded += countWords(row.text);
    else if (row.kind === "removed") wordsRemoved += countWords(row.text);
    else if (row.kind === "changed") {
      for (const part of row.parts) {
        if (part.kind === "added") wordsAdded += countWords(part.text);
        else if (part.kind === "removed") wordsRemoved += countWords(part.text);
      }
    }
  }
  return { rows: fold(rows), wordsAdded, wordsRemoved };
}
