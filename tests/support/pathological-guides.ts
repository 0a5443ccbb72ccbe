/*
 * Guide sources made to be slow for the MDX pipeline (micromark, mdx-bundler, React), each
 * just under the size limit. They have valid frontmatter, so only the body is to blame.
 */

const FRONTMATTER = [
  "---",
  'title: "A guide that is hard to read"',
  'summary: "A body built to make the Markdown parser work as hard as it can."',
  "category: scams",
  'tags: ["scams"]',
  'updated: "2026-11-30"',
  "---",
  "",
  "",
].join("\n");

const withBody = (body: string) => `${FRONTMATTER}${body}\n`;

export const PATHOLOGICAL_GUIDES = {
  /** 40 KB of `*a`: every asterisk opens a delimiter run that never closes. */
  starA: withBody("*a".repeat(20_000)),
  /** Emphasis nested as deep as the text allows: `_a _a … b … a_ a_`. */
  nestedUnderscore: withBody(`${"_a ".repeat(8_000)}b${" a_".repeat(8_000)}`),
  /** Unclosed link labels and brackets, the shape that made three previews stall the server. */
  brackets: withBody(`${"[a](".repeat(6_000)}${"[".repeat(12_000)}`),
  /** One thousand Callouts inside each other. */
  nestedCallouts: withBody(`${'<Callout type="tip">\n\n'.repeat(1_000)}Deep.\n\n${"</Callout>\n\n".repeat(1_000)}`),
} as const;

export type PathologicalGuide = keyof typeof PATHOLOGICAL_GUIDES;
