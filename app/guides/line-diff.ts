/*
 * A line diff for revision history. The `diff` package is only in node_modules as a
 * transitive dependency of the build tools (and without types), so this is a plain LCS.
 */

export type DiffLine =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "removed"; text: string; oldLine: number }
  | { kind: "added"; text: string; newLine: number };

/** Above this many table cells the middle is shown as replaced wholesale rather than aligned. */
const MAX_LCS_CELLS = 4_000_000;

export function splitSourceLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitSourceLines(before);
  const b = splitSourceLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const result: DiffLine[] = [];
  for (let i = 0; i < prefix; i++) result.push({ kind: "same", text: a[i] as string, oldLine: i + 1, newLine: i + 1 });

  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_LCS_CELLS) {
    midA.forEach((text, i) => result.push({ kind: "removed", text, oldLine: prefix + i + 1 }));
    midB.forEach((text, j) => result.push({ kind: "added", text, newLine: prefix + j + 1 }));
  } else {
    // lcs[i * (m + 1) + j] = length of the LCS of midA[i..] and midB[j..]
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          midA[i] === midB[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        result.push({ kind: "same", text: midA[i] as string, oldLine: prefix + i + 1, newLine: prefix + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || (lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number))) {
        // On a tie the removal goes first, so a changed line reads as "old, then new".
        result.push({ kind: "removed", text: midA[i] as string, oldLine: prefix + i + 1 });
        i++;
      } else {
        result.push({ kind: "added", text: midB[j] as string, newLine: prefix + j + 1 });
        j++;
      }
    }
  }

  for (let k = 0; k < suffix; k++) {
    const oldIndex = a.length - suffix + k;
    const newIndex = b.length - suffix + k;
    result.push({ kind: "same", text: a[oldIndex] as string, oldLine: oldIndex + 1, newLine: newIndex + 1 });
  }
  return result;
}

export type DiffHunkLine = DiffLine | { kind: "skipped"; count: number };

/** Keeps `context` unchanged lines around each change and folds the rest into one marker. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffHunkLine[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind === "same") return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true;
  });
  const folded: DiffHunkLine[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (skipped > 0) folded.push({ kind: "skipped", count: skipped });
      skipped = 0;
      folded.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped > 0) folded.push({ kind: "skipped", count: skipped });
  return folded;
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === "added") added++;
    else if (line.kind === "removed") removed++;
  }
  return { added, removed };
}
