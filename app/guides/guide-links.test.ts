import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GUIDE_SLUGS, guideForReason } from "~/authorization/decline-reasons";

const guidesDir = fileURLToPath(new URL("../../content/guides/", import.meta.url));
const shipped = new Set(
  readdirSync(guidesDir)
    .filter((name) => name.endsWith(".mdx"))
    .map((name) => name.slice(0, -".mdx".length)),
);

describe("links into the security guides", () => {
  it("every decline reason's guide ships in content/guides", () => {
    const mapped = Object.entries(guideForReason).flatMap(([reason, slug]) => (slug === null ? [] : [{ reason, slug }]));
    expect(mapped.length).toBeGreaterThan(0);
    for (const { reason, slug } of mapped) expect(shipped.has(slug), `${reason} → ${slug}`).toBe(true);
  });

  it("every slug the authorization engine may name ships in content/guides", () => {
    for (const slug of GUIDE_SLUGS) expect(existsSync(`${guidesDir}${slug}.mdx`), slug).toBe(true);
  });

  it("links between guides point at guides that exist", () => {
    for (const slug of shipped) {
      const source = readFileSync(`${guidesDir}${slug}.mdx`, "utf8");
      for (const match of source.matchAll(/\]\(\/security\/guides\/([a-z0-9-]+)\/?(?:#[^)]*)?\)/g)) {
        expect(shipped.has(match[1] as string), `${slug} links to ${match[1]}`).toBe(true);
      }
    }
  });
});
