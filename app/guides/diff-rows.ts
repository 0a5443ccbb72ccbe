/** A revision diff as the history and review pages show it; made on the server by word-diff.server.ts. */

export interface WordPart {
  kind: "same" | "added" | "removed";
  text: string;
}

export type DiffRow =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  /** a line that exists on both sides with words changed in it */
  | { kind: "changed"; parts: WordPart[]; oldLine: number; newLine: number }
  | { kind: "removed"; text: string; oldLine: number }
  | { kind: "added"; text: string; newLine: number }
  /** unchanged lines folded away between changes */
  | { kind: "skipped"; count: number };

export interface RevisionDiffData {
  rows: DiffRow[];
  wordsAdded: number;
  wordsRemoved: number;
}
