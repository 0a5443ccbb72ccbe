import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { scheduleCheckpoints } from "./sqlite-checkpoints";

// The automatic checkpoint is raised to a 10,000-page backstop, so pages written here reach
// the database file only if the scheduled checkpoint runs.
describe.each([false, true])("scheduled WAL checkpoints (background: %s)", (background) => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkpoints-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("copies committed pages into the database file without a commit waiting for it", async () => {
    const file = path.join(dir, "db.sqlite");
    const sqlite = new SQLite(file);
    sqlite.pragma("journal_mode = WAL");
    const stop = scheduleCheckpoints(sqlite, file, { background });
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
