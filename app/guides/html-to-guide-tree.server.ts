import {
  allowedAttribute,
  DROPPED_TAGS,
  GUIDE_TAGS,
  TABLE_STRUCTURE_TAGS,
  VOID_TAGS,
  type GuideElement,
  type GuideNode,
} from "./guide-tree";

/*
 * No HTML parser ships with the app, and this one only ever reads react-dom's static markup
 * of an already validated guide: every attribute is name="value", every element is closed
 * (void ones as <br/>), and text escapes &, <, >, " and '. Anything outside that shape throws,
 * so a surprise fails the compile instead of reaching a customer.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const REACT_VOID_TAGS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

export class GuideMarkupError extends Error {
  override readonly name = "GuideMarkupError";
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? match;
  });
}

interface OpenElement {
  tag: string;
  attributes: Record<string, string>;
  children: GuideNode[];
}

// Sticky: each match must start exactly where the previous one ended.
const TAG_NAME = /[a-z][a-z0-9-]*/y;
const ATTRIBUTE = /\s+([a-zA-Z_:][a-zA-Z0-9_:.-]*)="([^"]*)"/y;
const TAG_END = /\/?>/y;

function parseOpenTag(html: string, start: number): { tag: string; attributes: Record<string, string>; selfClosing: boolean; end: number } {
  TAG_NAME.lastIndex = start + 1;
  const name = TAG_NAME.exec(html);
  if (!name) throw new GuideMarkupError(`unexpected "<" at ${start}`);
  const tag = name[0];
  let position = TAG_NAME.lastIndex;
  const attributes: Record<string, string> = {};
  for (;;) {
    TAG_END.lastIndex = position;
    const end = TAG_END.exec(html);
    if (end) return { tag, attributes, selfClosing: end[0] === "/>", end: TAG_END.lastIndex };
    ATTRIBUTE.lastIndex = position;
    const attribute = ATTRIBUTE.exec(html);
    if (!attribute) throw new GuideMarkupError(`malformed attribute in <${tag}> at ${position}`);
    attributes[(attribute[1] as string).toLowerCase()] = decodeEntities(attribute[2] as string);
    position = ATTRIBUTE.lastIndex;
  }
}

function toElement(open: OpenElement): GuideNode[] {
  if (DROPPED_TAGS.has(open.tag)) return [];
  const children = TABLE_STRUCTURE_TAGS.has(open.tag) ? open.children.filter((child) => typeof child !== "string" || child.trim() !== "") : open.children;
  // An unknown but harmless wrapper keeps its text; only allow-listed tags become elements.
  if (!GUIDE_TAGS.has(open.tag)) return children;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(open.attributes)) {
    const kept = allowedAttribute(open.tag, name, value);
    if (kept !== null) attributes[name] = kept;
  }
  const element: GuideElement = [open.tag, Object.keys(attributes).length > 0 ? attributes : null, ...(VOID_TAGS.has(open.tag) ? [] : children)];
  return [element];
}

function appendText(target: GuideNode[], text: string): void {
  if (text === "") return;
  const last = target.at(-1);
  if (typeof last === "string") target[target.length - 1] = last + text;
  else target.push(text);
}

/** react-dom static markup → allow-listed element tree. */
export function htmlToGuideTree(html: string): GuideNode[] {
  const root: OpenElement = { tag: "#root", attributes: {}, children: [] };
  const stack: OpenElement[] = [root];
  const current = () => stack[stack.length - 1] as OpenElement;
  let position = 0;
  while (position < html.length) {
    const next = html.indexOf("<", position);
    const textEnd = next === -1 ? html.length : next;
    if (textEnd > position) {
      const raw = html.slice(position, textEnd);
      if (raw.includes(">")) throw new GuideMarkupError(`unescaped ">" in text at ${position}`);
      appendText(current().children, decodeEntities(raw));
    }
    if (next === -1) break;
    if (html.startsWith("<!--", next)) {
      const end = html.indexOf("-->", next + 4);
      if (end === -1) throw new GuideMarkupError("unterminated comment");
      position = end + 3;
      continue;
    }
    if (html.startsWith("</", next)) {
      const end = html.indexOf(">", next);
      const tag = end === -1 ? "" : html.slice(next + 2, end);
      const open = stack.pop();
      if (!open || open === root || open.tag !== tag) throw new GuideMarkupError(`unexpected </${tag}> at ${next}`);
      for (const node of toElement(open)) current().children.push(node);
      position = end + 1;
      continue;
    }
    const tag = parseOpenTag(html, next);
    const element: OpenElement = { tag: tag.tag, attributes: tag.attributes, children: [] };
    if (tag.selfClosing || REACT_VOID_TAGS.has(tag.tag)) {
      for (const node of toElement(element)) current().children.push(node);
    } else {
      stack.push(element);
    }
    position = tag.end;
  }
  if (stack.length !== 1) throw new GuideMarkupError(`<${current().tag}> is never closed`);
  return root.children;
}
