import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";

import { compileGuide, GuideValidationError, guideTreeDepth, renderGuideSource } from "./compile-guide.server";
import type { GuideNode } from "./guide-tree";
import { SAFE_GRAY_MATTER_OPTIONS } from "./validate-mdx.server";

const RICH_GUIDE = `---
title: Spotting a fake bank text
summary: How to recognise a text that only pretends to be from Strongroom.
category: phishing
tags: [sms, phishing]
updated: 2025-03-14
---

Phishing is a message that pretends to be from someone you trust.

## What to look for

<Callout type="warning" title="Never share a code">

Strongroom will never ask you to read out a code. See [what we never ask](/guides/what-we-never-ask).

</Callout>

<Checklist>

- **Urgency**: your account will be closed tonight.
- A link you must use *now*.

</Checklist>

<Steps>

1. Stop. Do not click the link.
2. Report it at [our help centre](https://strongroom.example/report).

</Steps>

| Channel | Real Strongroom message? |
| ------- | ------------------------ |
| Text with a link | Never |

<Quiz question="Can a text appear in our real message thread?" answer="Yes, criminals can spoof the sender name.">

- Yes
- No

</Quiz>

<KeyTakeaways>

- We never ask for codes.

</KeyTakeaways>
`;

describe("compileGuide", () => {
  it("renders every component to accessible static HTML", async () => {
    const compiled = await compileGuide(RICH_GUIDE);
    const { html } = compiled;

    expect(html).toMatch(/<aside role="note" aria-labelledby="([^"]+)"[^>]*>.*?<p id="\1"[^>]*>.*Warning: Never share a code<\/p>/s);
    expect(html).toMatch(/<details[^>]*><summary[^>]*>Show the answer<\/summary><p[^>]*>Yes, criminals can spoof the sender name\.<\/p><\/details>/);
    expect(html).toMatch(/<h2[^>]*>.*Can a text appear in our real message thread\?<\/h2>/);
    expect(html).toMatch(/<section aria-labelledby="([^"]+)"[^>]*><h2 id="\1"[^>]*>Key takeaways<\/h2>/);
    expect(html).toMatch(/<ol class="[^"]*guide-steps-list/);
    expect(html).toMatch(/<ul class="[^"]*guide-checklist-list/);
    expect(html).toContain("<table>");
    expect(html).toContain('<a href="/guides/what-we-never-ask">');
    expect(html).toContain('<a href="https://strongroom.example/report" rel="noopener noreferrer">');
    expect(html).not.toMatch(/<input|<script|<img/);

    expect(compiled.frontmatter).toMatchObject({ title: "Spotting a fake bank text", category: "phishing" });
    expect(compiled.readingMinutes).toBe(1);
    expect(compiled.contentHash).toBe(createHash("sha256").update(RICH_GUIDE).digest("hex"));
  });

  it("prefixes generated ids so they cannot collide with the host page's useId values", async () => {
    const { html, contentHash } = await compileGuide(RICH_GUIDE);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toContain(`guide-${contentHash.slice(0, 8)}-`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("rounds reading time up at 200 words per minute", async () => {
    const words = Array.from({ length: 450 }, (_, index) => `word${index}`).join(" ");
    const compiled = await compileGuide(RICH_GUIDE.replace("Phishing is a message", `${words}\n\nPhishing is a message`));
    expect(compiled.readingMinutes).toBe(3);
  });

  it("rejects hostile input with a GuideValidationError carrying the problems", async () => {
    const hostile = RICH_GUIDE.replace(
      "Phishing is a message that pretends to be from someone you trust.",
      "import fs from 'node:fs'\n\n{fs.rmSync('/', { recursive: true })}",
    );
    const error = await compileGuide(hostile).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GuideValidationError);
    const problems = (error as GuideValidationError).problems;
    expect(problems).toEqual([
      { line: 9, message: expect.stringMatching(/starting with "import" is code/) },
      { line: 11, message: expect.stringMatching(/Curly braces/) },
    ]);
  });

  it("rejects a javascript: link before anything is bundled", async () => {
    await expect(compileGuide(RICH_GUIDE.replace("/guides/what-we-never-ask", "javascript:alert(1)"))).rejects.toBeInstanceOf(
      GuideValidationError,
    );
  });

  it("never evaluates ---js frontmatter", async () => {
    const source = "---js\n{ title: (globalThis.compilePwned = 'yes') }\n---\n\nBody\n";
    await expect(compileGuide(source)).rejects.toBeInstanceOf(GuideValidationError);
    // Defence in depth: the options handed to mdx-bundler's gray-matter refuse the eval engine too.
    expect(() => matter(source, SAFE_GRAY_MATTER_OPTIONS)).toThrow(/Only YAML frontmatter/);
    expect((globalThis as { compilePwned?: unknown }).compilePwned).toBeUndefined();
  });
});

describe("shipped guides", () => {
  const guidesDir = fileURLToPath(new URL("../../content/guides/", import.meta.url));
  const files = existsSync(guidesDir)
    ? readdirSync(guidesDir)
        .filter((name) => name.endsWith(".mdx"))
        .sort()
    : [];

  it("has at least 12 guides in content/guides", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    it(`${file} validates and compiles`, async () => {
      const source = readFileSync(join(guidesDir, file), "utf8");
      const compiled = await compileGuide(source).catch((error: unknown) => {
        if (error instanceof GuideValidationError) {
          throw new Error(
            `${file} is invalid:\n${error.problems.map((problem) => `  line ${problem.line}: ${problem.message}`).join("\n")}`,
          );
        }
        throw error;
      });
      expect(compiled.html.length).toBeGreaterThan(0);
      expect(compiled.readingMinutes).toBeGreaterThanOrEqual(1);
    });
  }
});

describe("nesting depth", () => {
  const nested = (levels: number) =>
    RICH_GUIDE.replace("Phishing is a message", `${'<Callout type="tip">\n\n'.repeat(levels)}Deep.\n\n${"</Callout>\n\n".repeat(levels)}Phishing is a message`);

  it("measures depth without recursion, however deep the tree", () => {
    let deep: GuideNode = "leaf";
    for (let level = 0; level < 100_000; level++) deep = ["div", null, deep];
    expect(guideTreeDepth([deep])).toBe(100_000);
    expect(guideTreeDepth(["text", ["p", null, "a", ["strong", null, "b"]]])).toBe(2);
  });

  it("refuses a guide nested deeper than a page can render, with words an editor understands", async () => {
    const outcome = await renderGuideSource(nested(200));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0]?.message).toMatch(/nested more than 32 levels deep/);
    expect((await renderGuideSource(nested(3))).ok).toBe(true);
  }, 60_000);
});
