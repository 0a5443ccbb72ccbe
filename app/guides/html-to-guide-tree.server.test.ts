import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { compileGuide } from "./compile-guide.server";
import { GuideContent } from "./guide-content";
import type { GuideNode } from "./guide-tree";
import { GuideMarkupError, htmlToGuideTree } from "./html-to-guide-tree.server";

function renderTree(tree: readonly unknown[]): string {
  // GuideContent wraps the guide in one styled <div>; strip it to compare the guide itself.
  return renderToStaticMarkup(createElement(GuideContent, { tree })).replace(/^<div class="[^"]*">/, "").replace(/<\/div>$/, "");
}

describe("htmlToGuideTree", () => {
  it("turns markup into [tag, attributes, ...children] and decodes entities", () => {
    expect(htmlToGuideTree('<p class="x">Tom &amp; Jerry&#x27;s <strong>&lt;best&gt;</strong></p>\n<hr/>')).toEqual([
      ["p", { class: "x" }, "Tom & Jerry's ", ["strong", null, "<best>"]],
      "\n",
      ["hr", null],
    ]);
  });

  it("keeps only allow-listed tags, attributes and link schemes", () => {
    const tree = htmlToGuideTree(
      '<div onclick="steal()" style="color:red" class="ok"><script>alert(1)</script><a href="javascript:alert(1)">x</a><a href="https://example.com/" rel="noopener noreferrer">y</a><a href=" /security/guides/a">z</a><img src="x"/><custom-el>kept text</custom-el><p id="main">clobber</p></div>',
    );
    expect(tree).toEqual([
      ["div", { class: "ok" }, ["a", null, "x"], ["a", { href: "https://example.com/", rel: "noopener noreferrer" }, "y"], ["a", { href: "/security/guides/a" }, "z"], "kept text", ["p", null, "clobber"]],
    ]);
  });

  it("reads attribute values of any length", () => {
    const href = `https://example.com/${"a".repeat(5_000)}`;
    expect(htmlToGuideTree(`<p><a href="${href}">x</a></p>`)).toEqual([["p", null, ["a", { href }, "x"]]]);
  });

  it("drops whitespace text where tables forbid it", () => {
    expect(htmlToGuideTree("<table>\n<tbody>\n<tr>\n<td> a </td>\n</tr>\n</tbody>\n</table>")).toEqual([["table", null, ["tbody", null, ["tr", null, ["td", null, " a "]]]]]);
  });

  it.each(["<p>unclosed", "<p>a</div>", '<p class=unquoted>a</p>', "<p>a > b</p>", "</p>", "<!-- open"])("refuses markup React would never write: %s", (html) => {
    expect(() => htmlToGuideTree(html)).toThrow(GuideMarkupError);
  });

  const guidesDir = fileURLToPath(new URL("../../content/guides/", import.meta.url));
  const files = readdirSync(guidesDir).filter((name) => name.endsWith(".mdx"));

  it.each(files)("%s renders from its tree exactly as the compiler wrote it", async (file) => {
    const { html } = await compileGuide(readFileSync(join(guidesDir, file), "utf8"));
    const tree = htmlToGuideTree(html);
    expect(renderTree(tree)).toBe(html);
  });
});

describe("GuideContent", () => {
  it("re-checks a stored tree, so a tampered row still renders inert", () => {
    const tampered = [
      ["script", null, "alert(1)"],
      ["a", { href: "javascript:alert(1)", onclick: "x()", style: "x" }, "link"],
      ["p", { id: "main", "aria-hidden": "true" }, "text"],
      ["constructor", null, "proto"],
      ["__proto__", null],
      42,
      { not: "a node" },
    ] as unknown as GuideNode[];
    const html = renderTree(tampered);
    expect(html).toBe('<span>alert(1)</span><a>link</a><p aria-hidden="true">text</p><span>proto</span>');
  });
});
