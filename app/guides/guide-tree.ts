/*
 * The form in which a compiled guide reaches the browser: a JSON element tree, not HTML.
 * The CSP requires Trusted Types with no policy, so HTML strings can never be assigned to
 * innerHTML; React builds these elements one by one instead. The allow-list below is
 * applied twice: when the tree is made from the compiler's HTML, and again when it is
 * rendered, so a tampered guide_renders row still cannot add a script or a handler.
 */

export type GuideAttributes = Readonly<Record<string, string>>;
/** `[tag, attributes, ...children]`; a string is a text node. */
export type GuideElement = readonly [tag: string, attributes: GuideAttributes | null, ...children: GuideNode[]];
export type GuideNode = string | GuideElement;
/**
 * A tree as loaders hand it to the page. Deliberately loose: Remix's serialisation types recurse
 * forever on GuideNode, and the renderer checks every node anyway.
 */
export type GuideTree = readonly unknown[];

const GLOBAL_ATTRIBUTES = new Set(["class", "id", "role", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-label", "title", "lang", "dir"]);

/**
 * Tags the compiler may produce from Markdown and our components, with their extra attributes.
 * A Map, not an object: a stored tree naming "constructor" or "__proto__" must not find anything.
 */
export const GUIDE_TAGS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    p: [],
    h1: [],
    h2: [],
    h3: [],
    h4: [],
    h5: [],
    h6: [],
    ul: [],
    ol: ["start", "reversed"],
    li: ["value"],
    strong: [],
    em: [],
    del: [],
    s: [],
    code: [],
    pre: [],
    blockquote: [],
    hr: [],
    br: [],
    a: ["href", "rel"],
    table: [],
    thead: [],
    tbody: [],
    tfoot: [],
    tr: [],
    th: ["colspan", "rowspan", "scope"],
    td: ["colspan", "rowspan"],
    aside: [],
    section: [],
    div: [],
    span: [],
    details: [],
    summary: [],
    sup: [],
    sub: [],
  }).map(([tag, extra]) => [tag, new Set(extra)] as const),
);

export const VOID_TAGS: ReadonlySet<string> = new Set(["br", "hr"]);

/** Dropped with everything inside them: their content is code or chrome, never guide text. */
export const DROPPED_TAGS: ReadonlySet<string> = new Set([
  "script",
  "style",
  "template",
  "iframe",
  "object",
  "embed",
  "noscript",
  "svg",
  "math",
  "input",
  "textarea",
  "select",
  "button",
  "form",
  "img",
  "video",
  "audio",
  "source",
  "link",
  "meta",
  "base",
]);

/** Table parts whose whitespace text children the DOM (and React's nesting check) forbids. */
export const TABLE_STRUCTURE_TAGS: ReadonlySet<string> = new Set(["table", "thead", "tbody", "tfoot", "tr"]);

const ROLE_VALUES = new Set(["note", "region", "list", "listitem", "doc-footnote", "doc-noteref", "doc-endnotes"]);
const RELATIVE_URL = /^(?:\/(?!\/|\\)|#|\.\.?\/)/;
const ABSOLUTE_URL = /^(?:https?:\/\/|mailto:)/i;

function hasControlOrSpace(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Only http(s), mailto and relative links; anything else (javascript:, data:, //host) is dropped. */
export function isSafeHref(value: string): boolean {
  const trimmed = value.trim();
  // Browsers skip tabs and newlines inside a scheme ("java\tscript:"), so any such character refuses the link.
  if (trimmed === "" || hasControlOrSpace(trimmed) || trimmed.includes("\\")) return false;
  return RELATIVE_URL.test(trimmed) || ABSOLUTE_URL.test(trimmed);
}

/*
 * Ids come only from the compiler (useId with a per-guide prefix, and GFM footnotes). Anything
 * else could shadow an id the host page relies on (#main, a form field an error summary links to).
 */
const GUIDE_ID = /^(?::guide-[A-Za-z0-9:_-]+|user-content-[A-Za-z0-9_-]+|footnote-label)$/;

function isGuideIdList(value: string): boolean {
  const ids = value.split(" ").filter(Boolean);
  return ids.length > 0 && ids.every((id) => GUIDE_ID.test(id));
}

/** The attribute value to keep, or null to drop the attribute. */
export function allowedAttribute(tag: string, name: string, value: string): string | null {
  const extra = GUIDE_TAGS.get(tag);
  if (!extra) return null;
  if (!GLOBAL_ATTRIBUTES.has(name) && !extra.has(name)) return null;
  if (value.length > 8_192) return null;
  switch (name) {
    case "href":
      return isSafeHref(value) ? value.trim() : null;
    case "id":
    case "aria-labelledby":
    case "aria-describedby":
      return isGuideIdList(value) ? value : null;
    case "role":
      return ROLE_VALUES.has(value) ? value : null;
    case "aria-hidden":
      return value === "true" ? value : null;
    case "rel":
      return value
        .split(/\s+/)
        .filter((token) => token === "noopener" || token === "noreferrer" || token === "nofollow")
        .join(" ") || null;
    case "start":
    case "value":
    case "colspan":
    case "rowspan":
      return /^\d{1,4}$/.test(value) ? value : null;
    case "reversed":
      return "";
    case "scope":
      return ["row", "col", "rowgroup", "colgroup"].includes(value) ? value : null;
    case "dir":
      return ["ltr", "rtl", "auto"].includes(value) ? value : null;
    default:
      return value;
  }
}

export function isGuideElement(node: unknown): node is GuideElement {
  return Array.isArray(node) && typeof node[0] === "string" && (node[1] === null || (typeof node[1] === "object" && !Array.isArray(node[1])));
}

/** The readable text of a tree, for search and word counts. */
export function guideText(nodes: readonly GuideNode[]): string {
  const parts: string[] = [];
  const visit = (node: GuideNode) => {
    if (typeof node === "string") {
      parts.push(node);
      return;
    }
    const [tag, , ...children] = node;
    if (tag === "br") parts.push(" ");
    for (const child of children) visit(child);
    // Block boundaries become spaces so "end.</p><p>Start" does not read as one word.
    parts.push(" ");
  };
  for (const node of nodes) visit(node);
  return parts.join("").replace(/\s+/g, " ").trim();
}
