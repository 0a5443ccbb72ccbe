import matter from "gray-matter";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { z } from "zod";
import { GUIDE_SOURCE_MAX_CHARS } from "./guide-limits";

/*
 * Guides are written by editors and treated as untrusted: compile-guide runs the
 * MDX through a bundler and evaluates the result, so anything this validator lets
 * through can execute on the server. The rules are therefore an allow-list —
 * every mdast node type, component, attribute and URL scheme not named here is
 * refused.
 */

export const GUIDE_CATEGORIES = [
  "phishing",
  "scams",
  "passkeys",
  "travel",
  "cards",
  "devices",
  "identity",
] as const;

export type GuideCategory = (typeof GUIDE_CATEGORIES)[number];

export interface GuideProblem {
  line: number;
  message: string;
}

export type GuideValidationResult =
  | { ok: true; frontmatter: GuideFrontmatter }
  | { ok: false; problems: GuideProblem[] };

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealCalendarDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const frontmatterSchema = z
  .object({
    title: z
      .string({ required_error: "title is required", invalid_type_error: "title must be text" })
      .trim()
      .min(5, "title must be at least 5 characters")
      .max(120, "title must be at most 120 characters"),
    summary: z
      .string({ required_error: "summary is required", invalid_type_error: "summary must be text" })
      .trim()
      .min(10, "summary must be at least 10 characters")
      .max(300, "summary must be at most 300 characters"),
    category: z.enum(GUIDE_CATEGORIES, {
      errorMap: () => ({ message: `category must be one of: ${GUIDE_CATEGORIES.join(", ")}` }),
    }),
    tags: z
      .array(
        z
          .string({ invalid_type_error: "must be text" })
          .max(32, "must be at most 32 characters")
          .regex(
            /^[a-z0-9]+(?:[ -][a-z0-9]+)*$/,
            "must be lowercase letters and digits, words separated by single spaces or hyphens",
          ),
        { required_error: "tags is required", invalid_type_error: "tags must be a list" },
      )
      .min(1, "tags needs at least 1 entry")
      .max(8, "tags allows at most 8 entries")
      .refine((tags) => new Set(tags).size === tags.length, "tags must not repeat"),
    updated: z.preprocess(
      // YAML reads an unquoted 2024-05-01 as a timestamp; editors should not have to quote it.
      (value) =>
        value instanceof Date && !Number.isNaN(value.getTime())
          ? value.toISOString().slice(0, 10)
          : value,
      z
        .string({
          required_error: "updated is required",
          invalid_type_error: "updated must be a date written as YYYY-MM-DD",
        })
        .refine(isRealCalendarDate, "updated must be a real date written as YYYY-MM-DD"),
    ),
  })
  // Unknown keys are refused so a typo such as `catgory:` cannot pass silently.
  .strict();

export type GuideFrontmatter = z.output<typeof frontmatterSchema>;

/* ------------------------------------------------------------------------ */
/* Frontmatter                                                                */
/* ------------------------------------------------------------------------ */

/**
 * gray-matter picks a parser from the text after the opening fence, and its
 * `js`/`javascript` engine calls eval(). mdx-bundler runs gray-matter on the raw
 * source, so every non-YAML engine is replaced with one that refuses.
 */
function refuseEngine(): object {
  throw new Error("Only YAML frontmatter is supported");
}

export const SAFE_GRAY_MATTER_OPTIONS = {
  language: "yaml",
  engines: {
    js: refuseEngine,
    javascript: refuseEngine,
    coffee: refuseEngine,
    coffeescript: refuseEngine,
    cson: refuseEngine,
    json: refuseEngine,
    toml: refuseEngine,
  },
} as const;

interface ExtractedFrontmatter {
  /** YAML text between the fences. */
  yaml: string;
  /** 1-based line of the first YAML line (the line after the opening fence). */
  firstYamlLine: number;
  /** 1-based line of the closing fence. */
  closingLine: number;
}

const fenceLine = /^---[ \t]*$/;

function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

function stripBom(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

function extractFrontmatter(
  source: string,
  problems: GuideProblem[],
): ExtractedFrontmatter | undefined {
  const lines = splitLines(stripBom(source));
  const first = lines[0] ?? "";
  if (!first.startsWith("---")) {
    problems.push({
      line: 1,
      message:
        "The guide must start with YAML frontmatter: a line containing only ---, the fields, then another ---.",
    });
    return undefined;
  }
  if (!fenceLine.test(first)) {
    problems.push({
      line: 1,
      message:
        "The frontmatter must open with a line containing only --- (language markers such as ---js are not allowed).",
    });
    return undefined;
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fenceLine.test(line)) {
      return { yaml: lines.slice(1, i).join("\n"), firstYamlLine: 2, closingLine: i + 1 };
    }
    // gray-matter ends the block at any line starting with ---, remark only at an exact fence;
    // refusing the ambiguous case keeps both parsers agreeing on where the body starts.
    if (line.startsWith("---") || line.startsWith("...")) {
      problems.push({
        line: i + 1,
        message: "Lines inside the frontmatter must not start with --- or ...; close it with a line containing only ---.",
      });
      return undefined;
    }
  }
  problems.push({
    line: 1,
    message: "The frontmatter is never closed: add a line containing only --- after the fields.",
  });
  return undefined;
}

function keyLine(fm: ExtractedFrontmatter, key: string): number {
  const lines = fm.yaml.split("\n");
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^["']?${escaped}["']?\\s*:`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? 1 : fm.firstYamlLine + index;
}

function rawScalar(fm: ExtractedFrontmatter, key: string): string | undefined {
  const line = fm.yaml.split("\n").find((text) => text.startsWith(`${key}:`));
  if (line === undefined) return undefined;
  return line
    .slice(key.length + 1)
    .replace(/\s+#.*$/, "")
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2");
}

function yamlErrorLine(error: unknown, fm: ExtractedFrontmatter): number {
  if (typeof error === "object" && error !== null && "mark" in error) {
    const mark = (error as { mark?: { line?: unknown } }).mark;
    if (mark && typeof mark.line === "number") {
      // gray-matter hands js-yaml the text from just after the opening ---, newline included,
      // so js-yaml's 0-based line 1 is the first YAML line.
      return Math.min(Math.max(fm.firstYamlLine + mark.line - 1, 1), fm.closingLine);
    }
  }
  return 1;
}

function describeTagValue(data: unknown, index: number): string {
  const tags = typeof data === "object" && data !== null ? (data as { tags?: unknown }).tags : undefined;
  const tag = Array.isArray(tags) ? (tags[index] as unknown) : undefined;
  return typeof tag === "string" ? `"${tag}"` : `#${index + 1}`;
}

function validateFrontmatter(
  fm: ExtractedFrontmatter,
  problems: GuideProblem[],
): GuideFrontmatter | undefined {
  let data: unknown;
  try {
    data = matter(`---\n${fm.yaml}\n---\n`, SAFE_GRAY_MATTER_OPTIONS).data;
  } catch (error) {
    problems.push({
      line: yamlErrorLine(error, fm),
      message: "The details between the --- lines could not be read: write each one as name: value, indent nothing, and put text that contains a colon in quotes.",
    });
    return undefined;
  }

  const parsed = frontmatterSchema.safeParse(data);
  const issues = parsed.success ? [] : parsed.error.issues;
  const before = problems.length;

  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({
          line: keyLine(fm, key),
          message: `Frontmatter: unknown field "${key}". Allowed fields: title, summary, category, tags, updated.`,
        });
      }
      continue;
    }
    const [key, index] = issue.path;
    const message =
      key === "tags" && typeof index === "number"
        ? `tag ${describeTagValue(data, index)} ${issue.message}`
        : issue.message;
    problems.push({
      line: typeof key === "string" ? keyLine(fm, key) : 1,
      message: `Frontmatter: ${message}.`,
    });
  }

  const rawUpdated = rawScalar(fm, "updated");
  const updatedAlreadyReported = issues.some((issue) => issue.path[0] === "updated");
  // YAML timestamps silently roll 2024-02-30 over to March and accept full datetimes,
  // so the text the editor actually typed is what must be a real YYYY-MM-DD.
  if (rawUpdated !== undefined && !updatedAlreadyReported && !isRealCalendarDate(rawUpdated)) {
    problems.push({
      line: keyLine(fm, "updated"),
      message: "Frontmatter: updated must be a real date written as YYYY-MM-DD.",
    });
  }

  return parsed.success && problems.length === before ? parsed.data : undefined;
}

/* ------------------------------------------------------------------------ */
/* URLs                                                                       */
/* ------------------------------------------------------------------------ */

// Browsers drop ASCII whitespace and control characters inside a scheme (`java\tscript:` runs);
// invisible format characters are dropped too because they only ever serve to disguise a scheme.
function isIgnorableCodePoint(codePoint: number): boolean {
  return (
    codePoint <= 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0xad ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    codePoint === 0xfeff
  );
}

function stripIgnorable(value: string): string {
  let out = "";
  for (const char of value) {
    if (!isIgnorableCodePoint(char.codePointAt(0) ?? 0)) out += char;
  }
  return out;
}

const namedEntities: Record<string, string> = {
  colon: ":",
  sol: "/",
  tab: "\t",
  newline: "\n",
  amp: "&",
  lpar: "(",
  rpar: ")",
  num: "#",
  percnt: "%",
  period: ".",
};

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith("#x")) return safeFromCodePoint(Number.parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith("#")) return safeFromCodePoint(Number.parseInt(lower.slice(1), 10), whole);
    return namedEntities[lower] ?? whole;
  });
}

function safeFromCodePoint(codePoint: number, fallback: string): string {
  return Number.isInteger(codePoint) && codePoint >= 0 && codePoint <= 0x10ffff
    ? String.fromCodePoint(codePoint)
    : fallback;
}

function percentDecode(value: string): string {
  // Decode byte-by-byte so one malformed sequence cannot hide the rest from the check.
  return value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Collapses every encoding trick we know of into the string a browser (or a
 * second decoding layer somewhere downstream) could end up treating as the scheme.
 * Deliberately over-decodes: a false refusal is cheap, a missed javascript: is not.
 */
export function normaliseUrlForCheck(raw: string): string {
  let current = raw;
  for (let round = 0; round < 5; round++) {
    const next = stripIgnorable(percentDecode(decodeEntities(current))).toLowerCase();
    if (next === current) break;
    current = next;
  }
  return stripIgnorable(current).toLowerCase();
}

const allowedSchemes = new Set(["https", "http", "mailto"]);
const dangerousSchemeInText = /(?:javascript|data|vbscript|file)\s*:/;

type UrlVerdict = { ok: true } | { ok: false; reason: string };

export function checkUrl(raw: string): UrlVerdict {
  const url = normaliseUrlForCheck(raw);
  if (url === "") return { ok: false, reason: "is empty" };
  if (url.startsWith("//") || url.startsWith("/\\")) {
    return { ok: false, reason: "is protocol-relative; write the full https:// address" };
  }
  if (url.startsWith("#") || url.startsWith("/") || url.startsWith("./") || url.startsWith("../")) {
    // A relative path can still smuggle a scheme-looking segment through a later decoder.
    return dangerousSchemeInText.test(url)
      ? { ok: false, reason: "contains a forbidden scheme" }
      : { ok: true };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url)?.[1];
  if (scheme === undefined) {
    return {
      ok: false,
      reason: "is neither absolute (https:, http:, mailto:) nor clearly relative (start it with /, #, or ./)",
    };
  }
  if (!allowedSchemes.has(scheme)) {
    return { ok: false, reason: `uses the forbidden scheme "${scheme}:"; only https:, http: and mailto: are allowed` };
  }
  return { ok: true };
}

/* ------------------------------------------------------------------------ */
/* Body                                                                       */
/* ------------------------------------------------------------------------ */

interface Point {
  line: number;
}

interface MdNode {
  type: string;
  position?: { start: Point; end: Point };
  children?: MdNode[];
  [key: string]: unknown;
}

interface JsxAttribute {
  type: "mdxJsxAttribute" | "mdxJsxExpressionAttribute";
  name?: string;
  value?: unknown;
  position?: { start: Point };
}

type PropRule = { required: boolean; values?: readonly string[] };

const CALLOUT_TYPES = ["tip", "warning", "danger"] as const;

const COMPONENT_PROPS: Record<string, Record<string, PropRule>> = {
  Callout: { type: { required: true, values: CALLOUT_TYPES }, title: { required: false } },
  Steps: {},
  Checklist: {},
  KeyTakeaways: {},
  Quiz: { question: { required: true }, answer: { required: true } },
};

export const ALLOWED_COMPONENTS = Object.keys(COMPONENT_PROPS);
/** Capitalised HTML that JSX would take for a component name; named as HTML so the message helps. */
const HTML_LOOKALIKES = new Set(["script", "style", "iframe", "img", "object", "embed", "form", "input", "svg", "link", "meta", "base", "div", "span", "a", "b", "i", "p", "br"]);
const COMPONENT_LIST = `${ALLOWED_COMPONENTS.slice(0, -1).join(", ")} or ${ALLOWED_COMPONENTS.at(-1) ?? ""}`;

/** Plain Markdown (CommonMark + GFM) that renders to inert HTML. */
const SAFE_NODE_TYPES = new Set([
  "root",
  "paragraph",
  "heading",
  "thematicBreak",
  "blockquote",
  "list",
  "listItem",
  "table",
  "tableRow",
  "tableCell",
  "text",
  "emphasis",
  "strong",
  "delete",
  "inlineCode",
  "code",
  "break",
  "footnoteDefinition",
  "footnoteReference",
  "linkReference",
]);

const MAX_PROP_LENGTH = 500;

function lineOf(node: { position?: { start: Point } } | undefined, fallback: number): number {
  return node?.position?.start.line ?? fallback;
}

function describeTag(name: string | null | undefined): string {
  return name ? `<${name}>` : "<>…</> (fragment)";
}

function containsList(node: MdNode): boolean {
  if (node.type === "list") return true;
  return (node.children ?? []).some(containsList);
}

function checkElement(node: MdNode, line: number, problems: GuideProblem[]): void {
  const name = typeof node.name === "string" ? node.name : null;
  const tag = describeTag(name);

  if (name === null || !Object.hasOwn(COMPONENT_PROPS, name)) {
    const isHtml = name !== null && (/^[a-z]/.test(name) || /^[A-Z][A-Z0-9]*$/.test(name) || HTML_LOOKALIKES.has(name.toLowerCase()));
    problems.push({
      line,
      message: isHtml
        ? `HTML tags are not allowed (found ${tag}); use Markdown, or a Callout, Steps, Checklist, KeyTakeaways or Quiz.`
        : `${tag} is not one of the guide's components; use ${COMPONENT_LIST}.`,
    });
    // Attributes are still checked so editors see every problem, e.g. an onerror handler.
  }

  if (node.type === "mdxJsxTextElement" && name !== null && Object.hasOwn(COMPONENT_PROPS, name)) {
    problems.push({
      line,
      message: `${tag} must be a block: put the opening and closing tags on their own lines with blank lines around the content.`,
    });
  }

  const rules = name !== null && Object.hasOwn(COMPONENT_PROPS, name) ? COMPONENT_PROPS[name] : undefined;
  const attributes = Array.isArray(node.attributes) ? (node.attributes as JsxAttribute[]) : [];
  const seen = new Set<string>();

  for (const attribute of attributes) {
    const attrLine = lineOf(attribute, line);
    if (attribute.type === "mdxJsxExpressionAttribute") {
      problems.push({
        line: attrLine,
        message: `Curly braces are not allowed inside ${tag}; write each attribute as name="text".`,
      });
      continue;
    }
    const attrName = attribute.name ?? "";
    if (/^on/i.test(attrName)) {
      problems.push({
        line: attrLine,
        message: `"${attrName}" on ${tag} is not allowed: guides cannot run scripts.`,
      });
      continue;
    }
    if (attribute.value !== null && typeof attribute.value === "object") {
      problems.push({
        line: attrLine,
        message: `Attribute "${attrName}" on ${tag} uses curly braces; write plain text in quotes, like ${attrName}="…".`,
      });
      continue;
    }
    if (rules === undefined) {
      continue;
    }
    const rule = Object.hasOwn(rules, attrName) ? rules[attrName] : undefined;
    if (rule === undefined) {
      const allowed = Object.keys(rules);
      problems.push({
        line: attrLine,
        message:
          allowed.length === 0
            ? `${tag} takes no attributes; remove "${attrName}".`
            : `${tag} does not accept the attribute "${attrName}". Allowed: ${allowed.join(", ")}.`,
      });
      continue;
    }
    if (seen.has(attrName)) {
      problems.push({ line: attrLine, message: `Attribute "${attrName}" appears more than once on ${tag}.` });
      continue;
    }
    seen.add(attrName);
    if (typeof attribute.value !== "string") {
      problems.push({
        line: attrLine,
        message: `Attribute "${attrName}" on ${tag} needs a quoted text value, like ${attrName}="…".`,
      });
      continue;
    }
    const value = attribute.value;
    if (rule.values && !rule.values.includes(value)) {
      problems.push({
        line: attrLine,
        message: `${tag} ${attrName}="${value}" is not allowed; use one of: ${rule.values.join(", ")}.`,
      });
      continue;
    }
    if (value.trim() === "") {
      problems.push({ line: attrLine, message: `Attribute "${attrName}" on ${tag} must not be empty.` });
    } else if (value.length > MAX_PROP_LENGTH) {
      problems.push({
        line: attrLine,
        message: `Attribute "${attrName}" on ${tag} is longer than ${MAX_PROP_LENGTH} characters.`,
      });
    }
  }

  if (rules !== undefined) {
    for (const [propName, rule] of Object.entries(rules)) {
      if (rule.required && !seen.has(propName)) {
        const hint = rule.values ? ` (one of: ${rule.values.join(", ")})` : "";
        problems.push({ line, message: `${tag} is missing the required attribute "${propName}"${hint}.` });
      }
    }
  }

  if (name === "Quiz" && !containsList(node)) {
    problems.push({ line, message: "<Quiz> must contain a bullet list of answer options." });
  }
}

function checkLinkLike(node: MdNode, line: number, problems: GuideProblem[]): void {
  const kind = node.type === "definition" ? "Link reference definition" : "Link";
  const url = typeof node.url === "string" ? node.url : "";
  const verdict = checkUrl(url);
  if (!verdict.ok) {
    problems.push({ line, message: `${kind} to "${url}" ${verdict.reason}.` });
  }
  if (typeof node.title === "string" && dangerousSchemeInText.test(normaliseUrlForCheck(node.title))) {
    problems.push({
      line,
      message: `${kind} title "${node.title}" contains a script or data scheme (javascript:, data:, vbscript:, file:); rephrase the title.`,
    });
  }
}

function walk(node: MdNode, parentLine: number, problems: GuideProblem[], isRootChild: boolean): void {
  const line = lineOf(node, parentLine);

  switch (node.type) {
    case "yaml":
      if (!isRootChild) {
        problems.push({ line, message: "Frontmatter is only allowed at the very top of the guide." });
      }
      return;
    case "mdxjsEsm": {
      const value = typeof node.value === "string" ? node.value.trimStart() : "";
      const keyword = value.startsWith("import") ? "import" : "export";
      problems.push({
        line,
        message: `A line starting with "${keyword}" is code, which guides cannot contain; use ${COMPONENT_LIST} instead.`,
      });
      return;
    }
    case "mdxFlowExpression":
    case "mdxTextExpression": {
      const value = typeof node.value === "string" ? node.value.trim() : "";
      const isComment = /^\/\*[\s\S]*\*\/$/.test(value) || value.startsWith("//");
      problems.push({
        line,
        message: isComment
          ? "Comments are not allowed in guides; delete the comment."
          : "Curly braces {…} are not allowed in guides; to show a brace, write \\{.",
      });
      return;
    }
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      checkElement(node, line, problems);
      break;
    case "link":
    case "definition":
      checkLinkLike(node, line, problems);
      break;
    case "image":
    case "imageReference":
      problems.push({ line, message: "Images are not allowed in guides." });
      return;
    case "html":
      problems.push({ line, message: "HTML tags are not allowed; use Markdown, or a Callout." });
      return;
    default:
      if (!SAFE_NODE_TYPES.has(node.type)) {
        problems.push({ line, message: "This kind of content is not allowed in guides; use headings, paragraphs, lists, links, tables and the guide's components." });
        return;
      }
  }

  for (const child of node.children ?? []) {
    walk(child, line, problems, false);
  }
}

const parser = unified()
  .use(remarkParse)
  .use(remarkMdx)
  .use(remarkFrontmatter, ["yaml"])
  .use(remarkGfm);

/**
 * The MDX parser's own messages name its internals ("Could not parse expression with acorn",
 * "U+0021 before name"); editors get what went wrong and how to fix it instead. The parser's
 * rule id and wording are read only to choose the sentence.
 */
export function plainSyntaxMessage(error: unknown): string {
  const info = (typeof error === "object" && error !== null ? error : {}) as { source?: unknown; ruleId?: unknown; reason?: unknown; message?: unknown };
  const source = typeof info.source === "string" ? info.source : "";
  const rule = typeof info.ruleId === "string" ? info.ruleId : "";
  const reason = typeof info.reason === "string" ? info.reason : typeof info.message === "string" ? info.message : "";
  const tags = [...reason.matchAll(/`(<\/?[^`]*>)`/g)].map((match) => match[1] as string);

  if (source.includes("mdx-expression")) {
    return rule === "unexpected-eof"
      ? "A { opens here but is never closed. Curly braces are not allowed in guides; to show a brace, write \\{."
      : "Curly braces {…} are not allowed in guides; to show a brace, write \\{.";
  }
  if (rule === "end-tag-mismatch" && reason.startsWith("Expected a closing tag") && tags[0]) {
    return `${tags[0]} is opened here but never closed: add ${tags[0].replace("<", "</").replace(/\s.*>$/, ">")} on its own line, with a blank line before it.`;
  }
  if (rule === "end-tag-mismatch" && tags[0] && tags[1]) {
    return `${tags[0]} does not match the tag that is open here, ${tags[1]}: close tags in the reverse order you opened them.`;
  }
  if (rule === "unexpected-closing-slash") return "This closing tag has no opening tag before it; delete it, or add the opening tag.";
  if (rule === "unexpected-lazy") return "A line inside a quote or list is missing its > or - marker; start it with the same marker as the lines above.";
  if (reason.includes("to create a comment")) return "HTML comments (<!-- … -->) are not allowed in guides; delete the comment.";
  if (reason.includes("to create a link")) return "Web addresses in angle brackets are not allowed; write a link as [the words to click](https://…).";
  if (reason.includes("before attribute value")) return 'Attribute values need quotes, like title="…".';
  if (source.includes("mdx-jsx")) {
    return "A < here starts a tag. HTML tags are not allowed; use a Callout, or write \\< to show the character itself.";
  }
  return "This line could not be read; look for a stray <, { or } and for a component that is not closed.";
}

function syntaxErrorLine(error: unknown): number {
  if (typeof error !== "object" || error === null) return 1;
  if ("line" in error && typeof error.line === "number" && error.line > 0) return error.line;
  // An unclosed tag is reported with no line of its own, only "(5:1-5:21)" in the text: the tag's place.
  const reason = "reason" in error && typeof error.reason === "string" ? error.reason : "";
  const place = /\((\d+):\d+-\d+:\d+\)/.exec(reason);
  return place ? Number(place[1]) : 1;
}

function syntaxErrorProblem(error: unknown): GuideProblem {
  return { line: syntaxErrorLine(error), message: plainSyntaxMessage(error) };
}

/*
 * micromark is super-linear on deep container nesting (20k `>` takes minutes). Validation runs
 * in the guide compiler's workers under a deadline, but these cheap checks stop the common
 * shapes of hostile input before the parser spends that time. Real guides are ~6 KB and a few
 * levels deep.
 */
const MAX_CONTAINER_DEPTH = 10;
const MAX_INDENT_COLUMNS = 40;

/** One block-quote or list marker at the start of what remains of a line. */
const containerMarker = /^([ \t]*)(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;

function columnsOf(whitespace: string, startColumn: number): number {
  let column = startColumn;
  for (const char of whitespace) column += char === "\t" ? 4 - (column % 4) : 1;
  return column;
}

function checkResourceLimits(source: string): GuideProblem[] {
  if (source.length > GUIDE_SOURCE_MAX_CHARS) {
    return [
      {
        line: 1,
        message: `The guide is ${source.length.toLocaleString("en-GB")} characters long; the limit is ${GUIDE_SOURCE_MAX_CHARS.toLocaleString("en-GB")}. Split it into several guides.`,
      },
    ];
  }
  const nulIndex = source.indexOf("\u0000");
  if (nulIndex !== -1) {
    return [{ line: splitLines(source.slice(0, nulIndex)).length, message: "The guide contains a NUL character." }];
  }
  const lines = splitLines(source);
  for (let i = 0; i < lines.length; i++) {
    let rest = lines[i] ?? "";
    let markers = 0;
    let whitespaceColumns = 0;
    for (let match = containerMarker.exec(rest); match; match = containerMarker.exec(rest)) {
      markers++;
      whitespaceColumns = columnsOf(match[1] ?? "", whitespaceColumns);
      rest = rest.slice(match[0].length);
      if (markers > MAX_CONTAINER_DEPTH) {
        return [
          {
            line: i + 1,
            message: `Lists and quotes are nested more than ${MAX_CONTAINER_DEPTH} levels deep on this line.`,
          },
        ];
      }
    }
    whitespaceColumns = columnsOf(/^[ \t]*/.exec(rest)?.[0] ?? "", whitespaceColumns);
    if (whitespaceColumns > MAX_INDENT_COLUMNS) {
      return [
        {
          line: i + 1,
          message: `This line is indented more than ${MAX_INDENT_COLUMNS} columns; lists are nested too deeply.`,
        },
      ];
    }
  }
  return [];
}

export function validateGuideSource(source: string): GuideValidationResult {
  const limitProblems = checkResourceLimits(source);
  if (limitProblems.length > 0) {
    return { ok: false, problems: limitProblems };
  }

  const problems: GuideProblem[] = [];

  const extracted = extractFrontmatter(source, problems);
  const frontmatter = extracted ? validateFrontmatter(extracted, problems) : undefined;

  let tree: MdNode | undefined;
  try {
    tree = parser.parse(source) as unknown as MdNode;
  } catch (error) {
    problems.push(syntaxErrorProblem(error));
  }

  if (tree) {
    const children = tree.children ?? [];
    if (extracted) {
      const first = children[0];
      const parsedYaml = first?.type === "yaml" && typeof first.value === "string" ? first.value : undefined;
      if (parsedYaml === undefined || parsedYaml.replace(/\r\n?/g, "\n") !== extracted.yaml) {
        problems.push({ line: 1, message: "The frontmatter block could not be read unambiguously." });
      }
    }
    children.forEach((child, index) => walk(child, 1, problems, index === 0));
  }

  if (problems.length > 0 || frontmatter === undefined) {
    if (problems.length === 0) {
      problems.push({ line: 1, message: "The frontmatter is missing or invalid." });
    }
    problems.sort((a, b) => a.line - b.line);
    return { ok: false, problems };
  }
  return { ok: true, frontmatter };
}
