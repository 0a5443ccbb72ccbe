import { checkUrl, GUIDE_CATEGORIES, validateGuideSource } from "./validate-mdx.server";

const FRONTMATTER = [
  "---",
  "title: Spotting a fake bank text",
  "summary: How to recognise a text that only pretends to be from Strongroom.",
  "category: phishing",
  "tags: [sms, phishing]",
  "updated: 2025-03-14",
  "---",
  "",
  "",
].join("\n");

/** The frontmatter is 7 lines plus a blank line, so body line n is source line 8 + n. */
const BODY_OFFSET = 8;
const at = (bodyLine: number) => BODY_OFFSET + bodyLine;
const guide = (body: string) => FRONTMATTER + body;

function problemsOf(source: string) {
  const result = validateGuideSource(source);
  if (result.ok) {
    throw new Error("expected the guide to be refused, but it was accepted");
  }
  return result.problems;
}

function expectRefused(source: string, line: number, message: RegExp) {
  const problems = problemsOf(source);
  const match = problems.find((problem) => problem.line === line && message.test(problem.message));
  if (!match) {
    throw new Error(
      `expected a problem on line ${line} matching ${message}, got:\n${problems
        .map((problem) => `  ${problem.line}: ${problem.message}`)
        .join("\n")}`,
    );
  }
  return problems;
}

function expectAccepted(source: string) {
  const result = validateGuideSource(source);
  if (!result.ok) {
    throw new Error(
      `expected the guide to be accepted, got:\n${result.problems
        .map((problem) => `  ${problem.line}: ${problem.message}`)
        .join("\n")}`,
    );
  }
  return result.frontmatter;
}

describe("validateGuideSource — hostile input", () => {
  describe("ESM", () => {
    it("refuses import", () => {
      expectRefused(guide("Intro\n\nimport Evil from './evil.js'\n"), at(3), /starting with "import" is code/);
    });

    it("refuses export default", () => {
      expectRefused(guide("export default function Layout() { return null }\n"), at(1), /starting with "export" is code/);
    });

    it("refuses export const", () => {
      expectRefused(
        guide("# Title\n\nSome text.\n\nexport const leak = process.env\n"),
        at(5),
        /starting with "export" is code/,
      );
    });
  });

  describe("expressions", () => {
    it("refuses a flow {expression}", () => {
      expectRefused(guide("Hi\n\n{process.exit(1)}\n"), at(3), /Curly braces \{…\} are not allowed/);
    });

    it("refuses an inline {expression} in a paragraph", () => {
      expectRefused(guide("Para one.\n\nYour balance is {globalThis.secret} today.\n"), at(3), /Curly braces/);
    });

    it("refuses {/* comments */}", () => {
      expectRefused(guide("Text\n\n{/* hidden note */}\n"), at(3), /Comments are not allowed/);
    });

    it("refuses an expression nested inside a Callout", () => {
      const body = [
        '<Callout type="tip" title="Nested">',
        "",
        "Looks harmless.",
        "",
        "And then {require('child_process')} here.",
        "",
        "</Callout>",
      ].join("\n");
      expectRefused(guide(body), at(5), /Curly braces/);
    });

    it("refuses an expression attribute value type={x}", () => {
      expectRefused(
        guide('<Callout type={x} title="t">\n\nBody\n\n</Callout>\n'),
        at(1),
        /Attribute "type" on <Callout> uses curly braces/,
      );
    });

    it("refuses spread attributes {...props}", () => {
      expectRefused(
        guide('Intro\n\n<Callout type="tip" {...props}>\n\nBody\n\n</Callout>\n'),
        at(3),
        /Curly braces are not allowed inside <Callout>/,
      );
    });
  });

  describe("elements", () => {
    it("refuses <script> and names the tag", () => {
      expectRefused(guide("Text\n\n<script>alert(1)</script>\n"), at(3), /HTML tags are not allowed \(found <script>\)/);
    });

    it.each([
      ["<ScRiPt>alert(1)</ScRiPt>", /HTML tags are not allowed \(found <ScRiPt>\)/],
      ["<SCRIPT>alert(1)</SCRIPT>", /HTML tags are not allowed \(found <SCRIPT>\)/],
      ['<script type="module" src="https://evil.example/x.js" />', /found <script>/],
      ["<Script>alert(1)</Script>", /HTML tags are not allowed \(found <Script>\)/],
    ])("refuses script variation %s", (markup, message) => {
      expectRefused(guide(`Line one\n\nLine three\n\n${markup}\n`), at(5), message);
    });

    it("refuses <iframe>", () => {
      expectRefused(
        guide('<iframe src="https://evil.example" title="x"></iframe>\n'),
        at(1),
        /found <iframe>/,
      );
    });

    it("refuses <style>", () => {
      expectRefused(guide("Hello\n\n<style>\n\nbody \\{ display: none \\}\n\n</style>\n"), at(3), /found <style>/);
    });

    it("refuses <img onerror> naming both the tag and the handler", () => {
      const problems = expectRefused(
        guide('Hello\n\n<img src="x" onerror="alert(1)" />\n'),
        at(3),
        /found <img>/,
      );
      expect(problems).toContainEqual({
        line: at(3),
        message: expect.stringMatching(/"onerror" on <img> is not allowed: guides cannot run scripts/),
      });
    });

    it("refuses onClick on an allowed component", () => {
      expectRefused(
        guide('<Callout type="tip" onClick="steal()">\n\nBody\n\n</Callout>\n'),
        at(1),
        /"onClick" on <Callout> is not allowed: guides cannot run scripts/,
      );
    });

    it("refuses an event handler on a continuation line of the tag", () => {
      expectRefused(
        guide('<Callout\n  type="tip"\n  onMouseOver="x"\n>\n\nBody\n\n</Callout>\n'),
        at(3),
        /onMouseOver/,
      );
    });

    it("refuses an unknown component <Foo/>", () => {
      expectRefused(guide("Intro\n\n<Foo />\n"), at(3), /<Foo> is not one of the guide's components/);
    });

    it("refuses member-expression components and fragments", () => {
      expectRefused(guide("<Callout.Inner />\n"), at(1), /<Callout\.Inner> is not one of the guide's components/);
      expectRefused(guide("Intro\n\n<>\n\ntext\n\n</>\n"), at(3), /fragment/);
    });

    it("refuses a raw <div>", () => {
      expectRefused(guide('Intro\n\n<div class="x">\n\nhi\n\n</div>\n'), at(3), /HTML tags are not allowed \(found <div>\)/);
    });

    it("refuses a lowercase <a> even with a safe href", () => {
      expectRefused(guide('See <a href="https://example.com">this</a>.\n'), at(1), /HTML tags are not allowed \(found <a>\)/);
    });
  });

  describe("component props", () => {
    it("refuses a Callout with a bad type", () => {
      expectRefused(
        guide('Intro\n\n<Callout type="success">\n\nBody\n\n</Callout>\n'),
        at(3),
        /type="success" is not allowed; use one of: tip, warning, danger/,
      );
    });

    it("refuses a Callout without a type", () => {
      expectRefused(guide("<Callout>\n\nBody\n\n</Callout>\n"), at(1), /missing the required attribute "type"/);
    });

    it("refuses a Quiz missing its answer", () => {
      expectRefused(
        guide('Intro\n\n<Quiz question="Is this real?">\n\n- Yes\n- No\n\n</Quiz>\n'),
        at(3),
        /<Quiz> is missing the required attribute "answer"/,
      );
    });

    it("refuses a Quiz without an options list", () => {
      expectRefused(
        guide('<Quiz question="Is this real?" answer="No">\n\nJust text.\n\n</Quiz>\n'),
        at(1),
        /must contain a bullet list/,
      );
    });

    it("refuses props a component does not take", () => {
      expectRefused(guide('<Steps className="x">\n\n1. a\n\n</Steps>\n'), at(1), /<Steps> takes no attributes/);
      expectRefused(
        guide('<Callout type="tip" dangerouslySetInnerHTML="x">\n\nB\n\n</Callout>\n'),
        at(1),
        /does not accept the attribute "dangerouslySetInnerHTML"/,
      );
    });

    it("refuses boolean (valueless) attributes", () => {
      expectRefused(guide('<Callout type="tip" title>\n\nB\n\n</Callout>\n'), at(1), /needs a quoted text value/);
    });

    it("refuses an allowed component used inline in a paragraph", () => {
      expectRefused(guide('Intro\n\n<Callout type="tip">short</Callout>\n'), at(3), /must be a block/);
    });
  });

  describe("links and images", () => {
    it("refuses a javascript: link", () => {
      expectRefused(guide("Intro\n\n[Click me](javascript:alert(document.cookie))\n"), at(3), /forbidden scheme "javascript:"/);
    });

    it("refuses JaVa<TAB>ScRiPt: with mixed case and an embedded tab", () => {
      expectRefused(guide("Intro\n\n[Click](<JaVa\tScRiPt:alert(1)>)\n"), at(3), /forbidden scheme "javascript:"/);
    });

    it("refuses an entity-encoded javascript: link", () => {
      expectRefused(guide("[a](java&#115;cript:alert(1))\n"), at(1), /forbidden scheme "javascript:"/);
      expectRefused(guide("[a](&#x6A;avascript&#x3A;alert(1))\n"), at(1), /forbidden scheme "javascript:"/);
    });

    it("refuses a percent-encoded javascript: link", () => {
      expectRefused(guide("Intro\n\n[a](%6aavascript:alert(1))\n"), at(3), /forbidden scheme "javascript:"/);
      expectRefused(guide("[a](%256aavascript:alert(1))\n"), at(1), /forbidden scheme "javascript:"/);
    });

    it("refuses a javascript: link hidden behind leading encoded whitespace and entities", () => {
      expectRefused(guide("[a](%0a%09javascript&colon;alert(1))\n"), at(1), /forbidden scheme "javascript:"/);
    });

    it("refuses a data: link", () => {
      expectRefused(
        guide("Intro\n\n[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n"),
        at(3),
        /forbidden scheme "data:"/,
      );
    });

    it("refuses a data: image (and every image)", () => {
      expectRefused(guide("Intro\n\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n"), at(3), /Images are not allowed/);
      expectRefused(guide("![logo](https://strongroom.example/logo.png)\n"), at(1), /Images are not allowed/);
      expectRefused(guide("![logo][l]\n\n[l]: https://strongroom.example/logo.png\n"), at(1), /Images are not allowed/);
    });

    it("refuses a vbscript: link", () => {
      expectRefused(guide("[a](vbscript:msgbox(1))\n"), at(1), /forbidden scheme "vbscript:"/);
    });

    it("refuses a file: link", () => {
      expectRefused(guide("[a](file:///etc/passwd)\n"), at(1), /forbidden scheme "file:"/);
    });

    it("refuses javascript: in a link reference definition", () => {
      expectRefused(
        guide("Read [the guide][g] first.\n\n[g]: javascript:alert(1)\n"),
        at(3),
        /Link reference definition to "javascript:alert\(1\)" uses the forbidden scheme/,
      );
    });

    it("refuses JavaScript: with a tab in a reference definition", () => {
      expectRefused(guide("[g][g]\n\n[g]: <JaVa\tScRiPt:x>\n"), at(3), /forbidden scheme "javascript:"/);
    });

    it("refuses javascript: in a link title", () => {
      expectRefused(
        guide('Intro\n\n[a](https://example.com "javascript:alert(1)")\n'),
        at(3),
        /title .* contains a script or data scheme/,
      );
      expectRefused(guide('[a](/help "data:text/html,x")\n'), at(1), /contains a script or data scheme/);
    });

    it("refuses a javascript: link nested inside a Callout", () => {
      const body = [
        "Intro",
        "",
        '<Callout type="danger" title="Act now">',
        "",
        "- Call us on the number on your card.",
        "- Or [verify here](javascript:fetch('//evil'))",
        "",
        "</Callout>",
      ].join("\n");
      expectRefused(guide(body), at(6), /forbidden scheme "javascript:"/);
    });

    it("refuses protocol-relative and scheme-less links", () => {
      expectRefused(guide("[a](//evil.example/login)\n"), at(1), /protocol-relative/);
      expectRefused(guide("[a](other-guide)\n"), at(1), /start it with \/, #, or \.\//);
    });
  });

  describe("syntax, raw HTML and frontmatter", () => {
    it("reports the line of an MDX syntax error", () => {
      expectRefused(guide("Line one\n\nLine three\n\n<!-- hidden -->\n"), at(5), /HTML comments \(<!-- … -->\) are not allowed/);
      expectRefused(guide("Fine\n\nStill fine\n\nBroken { here\n"), at(5), /A \{ opens here but is never closed/);
    });

    it("reports the correct line deep in a long file", () => {
      const filler = Array.from({ length: 40 }, (_, index) => `Paragraph ${index + 1}.\n`).join("\n");
      // 40 paragraphs separated by blank lines occupy 80 lines; the link is body line 81.
      expectRefused(guide(`${filler}\n[x](javascript:void(0))\n`), at(81), /javascript/);
    });

    it("keeps line numbers right with CRLF line endings and a BOM", () => {
      const source = `\uFEFF${guide("Intro\n\n<script>x</script>\n")}`.replace(/\n/g, "\r\n");
      expectRefused(source, at(3), /<script>/);
    });

    it("refuses frontmatter missing the title", () => {
      const source = FRONTMATTER.replace("title: Spotting a fake bank text\n", "") + "Body text\n";
      expectRefused(source, 1, /title is required/);
    });

    it("refuses a bad category on the category line", () => {
      const source = guide("Body\n").replace("category: phishing", "category: crypto");
      expectRefused(source, 4, new RegExp(`category must be one of: ${GUIDE_CATEGORIES.join(", ")}`));
    });

    it("refuses bad tags, impossible dates and unknown keys on their own lines", () => {
      const source = guide("Body\n")
        .replace("tags: [sms, phishing]", "tags: [SMS]")
        .replace("updated: 2025-03-14", "updated: 2025-02-30\nauthor: mallory");
      const problems = expectRefused(source, 5, /tag "SMS" must be lowercase/);
      expect(problems).toContainEqual({ line: 6, message: expect.stringMatching(/real date/) });
      expect(problems).toContainEqual({ line: 7, message: expect.stringMatching(/unknown field "author"/) });
    });

    it("refuses a guide with no frontmatter", () => {
      expectRefused("# Just a heading\n\nText.\n", 1, /must start with YAML frontmatter/);
    });

    it("refuses non-YAML frontmatter that gray-matter would eval (---js)", () => {
      const source = "---js\n{ title: (globalThis.pwned = 'yes') }\n---\n\nBody\n";
      expectRefused(source, 1, /language markers such as ---js are not allowed/);
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    });

    it("refuses frontmatter that gray-matter and remark would split differently", () => {
      const source = FRONTMATTER.replace("updated: 2025-03-14", "updated: 2025-03-14\n---x: 1") + "Body\n";
      expectRefused(source, 7, /must not start with ---/);
    });

    it("refuses oversized guides and pathological nesting before parsing", () => {
      const started = performance.now();
      expectRefused(guide("word ".repeat(12_000)), 1, /the limit is 50,000\. Split it/);
      expectRefused(guide(`Intro\n\n${"> ".repeat(20_000)}x\n`), at(3), /nested more than 10 levels/);
      expectRefused(guide(`${"- > ".repeat(8)}x\n`), at(1), /nested more than 10 levels/);
      const deepList = Array.from({ length: 30 }, (_, depth) => `${"  ".repeat(depth)}- item`).join("\n");
      expectRefused(guide(`Intro\n\n${deepList}\n`), at(3 + 20), /indented more than 40 columns/);
      // Without the limits the blockquote case alone keeps micromark busy for minutes.
      expect(performance.now() - started).toBeLessThan(2_000);
    });

    it("refuses invalid YAML", () => {
      expectRefused(guide("Body\n").replace("tags: [sms, phishing]", "tags: [sms, phishing]\n  oops: 1"), 6, /details between the --- lines could not be read/);
    });
  });
});

describe("checkUrl", () => {
  it.each([
    "https://strongroom.example/help",
    "http://example.com",
    "mailto:help@strongroom.example",
    "/guides/passkeys",
    "#what-to-do",
    "./freezing-your-card",
    "../guides",
  ])("allows %s", (url) => {
    expect(checkUrl(url)).toEqual({ ok: true });
  });

  it.each([
    "javascript:alert(1)",
    " JAVASCRIPT:alert(1)",
    "java\u0000script:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "%25%36%61avascript:alert(1)",
    "java\u200bscript:alert(1)",
    "data:text/html,<script>",
    "vbscript:x",
    "file:///c:/",
    "blob:https://x/y",
    "/redirect?to=javascript:alert(1)",
    "",
  ])("refuses %j", (url) => {
    expect(checkUrl(url).ok).toBe(false);
  });
});

describe("validateGuideSource — legitimate guides", () => {
  it("accepts a guide using every component, tables, nested lists and safe links", () => {
    const body = `Phishing is a message that pretends to be from someone you trust.

## What to look for

<Callout type="warning" title="Never share a code">

Strongroom will never ask you to read out a code. See [what we never ask](/guides/what-we-never-ask).

</Callout>

<Checklist>

- **Urgency**: your account will be closed tonight.
- A link you must use *now*.
  - Especially a shortened one.
  - Or one hidden behind a button.

</Checklist>

## What to do

<Steps>

1. Stop. Do not click the link.
2. Open the Strongroom app yourself.
   - Use the app you installed, not a link.
3. Report it at [our help centre](https://strongroom.example/report "Report a message").

</Steps>

| Channel | Real Strongroom message? |
| ------- | ------------------------ |
| Text with a link | Never |
| In-app notification | Yes |

<Quiz question="A text says your card is blocked and links to a login page. What do you do?" answer="Ignore the link and open the app yourself.">

- Tap the link quickly
- Reply with your card number
- Open the Strongroom app yourself

</Quiz>

<KeyTakeaways>

- We never ask for codes.
- Go to the app, not the link.

</KeyTakeaways>
`;
    expect(expectAccepted(guide(body))).toEqual({
      title: "Spotting a fake bank text",
      summary: "How to recognise a text that only pretends to be from Strongroom.",
      category: "phishing",
      tags: ["sms", "phishing"],
      updated: "2025-03-14",
    });
  });

  it("accepts a passkeys guide with a danger callout, code, blockquote, mailto and footnote", () => {
    const source = `---
title: "Passkeys, explained"
summary: "What a passkey is, why it cannot be phished, and how to add one to a new phone."
category: passkeys
tags:
  - passkeys
  - sign in
  - new-phone
updated: 2025-01-02
---

# Passkeys

> A passkey is a key that only works on the real Strongroom site.[^1]

<Callout type="danger" title="Someone asked you to approve a sign-in">

If you did not start it, **do not approve it**. Email [security@strongroom.example](mailto:security@strongroom.example).

</Callout>

Your device shows a prompt like \`Use passkey for strongroom.example?\`.

\`\`\`text
Sign in with a passkey
\`\`\`

<Callout type="tip">

You can have passkeys on several devices. Read [the travel guide](./travelling-with-your-card#before-you-go).

</Callout>

[^1]: Based on the WebAuthn standard, see [the spec][webauthn].

[webauthn]: https://www.w3.org/TR/webauthn-3/
`;
    expect(expectAccepted(source).tags).toEqual(["passkeys", "sign in", "new-phone"]);
  });

  it("accepts a travel guide with quoted dates, headings-only structure and an anchor link", () => {
    const source = `---
title: Travelling with your card
summary: Tell us nothing, carry a backup, and know how to freeze your card abroad.
category: travel
tags: ["travel", "atm"]
updated: "2024-12-31"
---

## Before you go

Skip to [what to do if it is lost](#lost).

<Steps>

1. Check your card expiry date.
2. Save our number: +44 20 0000 0000.

</Steps>

## If it is lost

~~Call the branch~~ Freeze it in the app.

<KeyTakeaways>

1. Freeze first, ask questions later.
2. Carry a second card.

</KeyTakeaways>
`;
    expect(expectAccepted(source).category).toBe("travel");
  });

  it("accepts a CRLF guide with escaped braces and angle brackets in text", () => {
    const source = `\uFEFF---
title: Scam calls from "our fraud team"
summary: Criminals spoof our number. Here is how to tell, and what to do.
category: scams
tags: [calls, spoofing]
updated: 2023-07-09
---

Criminals may say "your code is \\{123456\\}" or type 3 &lt; 4 to confuse you.

<Quiz question="Can a caller ID be faked?" answer="Yes. Hang up and call the number on your card.">

- Yes
- No

</Quiz>
`.replace(/\n/g, "\r\n");
    expect(expectAccepted(source).title).toBe('Scam calls from "our fraud team"');
  });

  it("accepts a devices guide with a nested ordered list inside a checklist and a www autolink", () => {
    const body = `<Checklist>

- Keep your phone updated
  1. Open Settings
  2. Install updates
- Use a screen lock

</Checklist>

Learn more at www.ncsc.gov.uk.

<Callout type="tip" title="Tip">

Ask in branch.

</Callout>
`;
    expectAccepted(guide(body).replace("category: phishing", "category: devices"));
  });
});

describe("validateGuideSource — messages editors can act on", () => {
  const broken = [
    "Price {",
    "{a b}",
    '<Callout type="tip">\n\nNever closed.',
    "</Callout>",
    '<Callout type="tip">\n\nx\n\n</Steps>',
    '<Callout type="tip" title=x>\n\nx\n\n</Callout>',
    "<!-- a note -->",
    "I <3 passkeys",
    "Write to <help@example.com>",
    "<https://example.com>",
    "x <Callout",
    '<Callout type="tip" {...props}>\n\nx\n\n</Callout>',
    "<div>hi</div>",
    "import x from 'y'",
    "> <Callout>\nlazy",
  ];

  it.each(broken)("explains %j without the parser's jargon", (body) => {
    const result = validateGuideSource(guide(`${body}\n`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const problem of result.problems) {
      expect(problem.message).not.toMatch(/acorn|micromark|mdast|U\+[0-9A-F]{4}|expression|syntax error|mdxjs|Flow|Unexpected|esbuild/i);
    }
  });

  it("says which tag is never closed, on the line it opens", () => {
    expectRefused(guide('Intro\n\n<Callout type="tip">\n\nNever closed.\n'), at(3), /<Callout> is opened here but never closed: add <\/Callout>/);
  });
});

