/** What editors may write; the server refuses anything else with the line that offends. */
export function SourceHint() {
  return (
    <>
      <p>
        Frontmatter between the <code>---</code> lines (title, summary, category, tags, updated), then Markdown. Components:{" "}
        <code>{'<Callout type="tip|warning|danger" title="…">'}</code>, <code>{"<Steps>"}</code>, <code>{"<Checklist>"}</code>,{" "}
        <code>{"<KeyTakeaways>"}</code> and <code>{'<Quiz question="…" answer="…">'}</code>, each on its own lines with blank lines around the content.
      </p>
      <p>No HTML, images, code or curly braces {"{…}"} (write <code>{"\\{"}</code> to show a brace). Links start with https://, http://, mailto: or /.</p>
    </>
  );
}
