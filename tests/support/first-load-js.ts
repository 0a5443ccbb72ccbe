import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/**
 * Gzipped JavaScript a first visit to each route downloads in the production build: the entry,
 * then every route from root down to it, each with the chunks it imports. The 100 KB budget
 * (README, decision D55) is checked against this by the production browser tests and reported
 * by `npm run bench`.
 */

interface ManifestRoute {
  module: string;
  imports?: string[];
  parentId?: string;
}

interface Manifest {
  entry: { module: string; imports?: string[] };
  routes: Record<string, ManifestRoute>;
}

function readManifest(buildDir: string): Manifest {
  const manifestFile = fs.readdirSync(buildDir).find((file) => /^manifest-.*\.js$/.test(file));
  if (!manifestFile) throw new Error(`no manifest in ${buildDir}: run npm run build first`);
  const text = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

/** Bytes (gzip) per route id. */
export function firstLoadJsByRoute(publicDir = "public"): Map<string, number> {
  const manifest = readManifest(path.join(publicDir, "build"));
  const sizes = new Map<string, number>();
  const gzipped = new Map<string, number>();
  const sizeOf = (file: string) => {
    let size = gzipped.get(file);
    if (size === undefined) {
      size = zlib.gzipSync(fs.readFileSync(path.join(publicDir, file))).length;
      gzipped.set(file, size);
    }
    return size;
  };
  for (const routeId of Object.keys(manifest.routes)) {
    const files = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
    for (let route: ManifestRoute | undefined = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) {
      files.add(route.module);
      for (const imported of route.imports ?? []) files.add(imported);
    }
    let total = 0;
    for (const file of files) total += sizeOf(file);
    sizes.set(routeId, total);
  }
  return sizes;
}

export const FIRST_LOAD_BUDGET_BYTES = 100 * 1024;
