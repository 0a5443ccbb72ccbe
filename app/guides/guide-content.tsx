import { createElement, type ReactNode } from "react";
import { allowedAttribute, GUIDE_TAGS, isGuideElement, VOID_TAGS, type GuideTree } from "./guide-tree";

/** HTML attribute names → React prop names, for the few allow-listed ones that differ. */
const PROP_NAMES: Readonly<Record<string, string>> = {
  class: "className",
  colspan: "colSpan",
  rowspan: "rowSpan",
};

const MAX_DEPTH = 64;

function renderNode(node: unknown, key: number, depth: number): ReactNode {
  if (typeof node === "string") return node;
  if (!isGuideElement(node) || depth > MAX_DEPTH) return null;
  const [tag, attributes, ...children] = node;
  const renderedChildren = VOID_TAGS.has(tag) ? [] : children.map((child, index) => renderNode(child, index, depth + 1));
  // Checked again here, not only when the tree was made: the stored tree is data, not trusted code.
  if (!GUIDE_TAGS.has(tag)) return renderedChildren.length > 0 ? <span key={key}>{renderedChildren}</span> : null;
  const props: Record<string, unknown> = { key };
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (typeof value !== "string") continue;
    const kept = allowedAttribute(tag, name, value);
    if (kept === null) continue;
    props[PROP_NAMES[name] ?? name] = name === "reversed" ? true : kept;
  }
  return createElement(tag, props, ...(VOID_TAGS.has(tag) ? [] : renderedChildren));
}

/**
 * Renders a compiled guide with React elements only, so it works under
 * `require-trusted-types-for 'script'` on the server render and on client navigation alike.
 */
// Parsed trees by their JSON text. The server hands the same cached string to every render,
// and V8 keeps a string's hash, so a repeat look-up costs next to nothing.
const parsedTrees = new Map<string, GuideTree>();

function parsedTree(json: string): GuideTree {
  let tree = parsedTrees.get(json);
  if (!tree) {
    const value: unknown = JSON.parse(json);
    tree = Array.isArray(value) ? value : [];
    if (parsedTrees.size >= 32) parsedTrees.delete(parsedTrees.keys().next().value as string);
    parsedTrees.set(json, tree);
  }
  return tree;
}

/**
 * `tree` may arrive as its JSON text: a published guide page sends it that way, because
 * serialising a long text into the page's data is far cheaper than walking thousands of nodes.
 */
export function GuideContent({ tree, className }: { tree: GuideTree | string; className?: string }) {
  const nodes = typeof tree === "string" ? parsedTree(tree) : tree;
  return <div className={`guide-body ${GUIDE_BODY_STYLES} ${className ?? ""}`}>{nodes.map((node, index) => renderNode(node, index, 0))}</div>;
}

// Preflight strips heading sizes and list markers; guides need them back.
const GUIDE_BODY_STYLES = [
  "max-w-3xl leading-relaxed",
  "[&_p]:my-4",
  "[&_h1]:mt-8 [&_h1]:mb-4 [&_h1]:text-2xl [&_h1]:font-bold",
  "[&_h2]:mt-8 [&_h2]:mb-3 [&_h2]:text-2xl [&_h2]:font-bold",
  "[&_h3]:mt-6 [&_h3]:mb-2 [&_h3]:text-xl [&_h3]:font-semibold",
  "[&_h4]:mt-4 [&_h4]:font-semibold",
  "[&_ul:not([class])]:my-4 [&_ul:not([class])]:list-disc [&_ul:not([class])]:pl-6",
  "[&_ol:not([class])]:my-4 [&_ol:not([class])]:list-decimal [&_ol:not([class])]:pl-6",
  "[&_li]:my-1",
  "[&_blockquote]:my-4 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-4",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1",
  "[&_pre]:my-4 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3",
  "[&_table]:my-4 [&_table]:w-full [&_table]:border-collapse",
  "[&_th]:border [&_th]:border-slate-300 [&_th]:bg-slate-100 [&_th]:p-2 [&_th]:text-left",
  "[&_td]:border [&_td]:border-slate-300 [&_td]:p-2 [&_td]:align-top",
  "[&_hr]:my-8 [&_hr]:border-slate-300",
].join(" ");
