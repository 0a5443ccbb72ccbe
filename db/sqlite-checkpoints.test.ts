import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3-multiple-ciphers";
import { scheduleCheckpoints } from "./sqlite-checkpoints";
import { keyPragmas } from "./sqlite-encryption";

// The automatic checkpoint is raised to a 10,000-page backstop, so pages written here reach
// the database file only if the scheduled checkpoint runs.
// The encrypted cases prove the worker's own connection gets the key: without it, its
// checkpoints fail quietly and the file never grows.
describe.each([
  { background: false, encrypted: false },
  { background: true, encrypted: false },
  { background: true, encrypted: true },
])("scheduled WAL checkpoints (background: $background, encrypted: $encrypted)", ({ background, encrypted }) => {
  const key = encrypted ? Buffer.alloc(32, 7) : undefined;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("copies committed pages into the database file without a commit waiting for it", async () => {
    const file = path.join(dir, "db.sqlite");
    const sqlite = new SQLite(file);
    for (const pragma of key ? keyPragmas(key) : []) sqlite.pragma(pragma);
    sqlite.pragma("journal_mode = WAL");
    const stop = scheduleCheckpoints(sqlite, file, { background, key });
    sqlite.exec("create table t (v text)");
    const insert = sqlite.prepare("insert into t (v) values (?)");
    sqlite.transaction(() => {
      for (let i = 0; i < 500; i += 1) insert.run("x".repeat(2000));
    })();
    const before = fs.statSync(file).size;
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);
    await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(before + 1_000_000), { timeout: 3_000, interval: 50 });
    await stop();
    sqlite.close();
  });
});
