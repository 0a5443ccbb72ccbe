import { Migrator, NO_MIGRATIONS } from "kysely";
import { migrations } from "./migrations/index";
import { testEngines, useFreshDatabase } from "../tests/support/test-database";

// Every migration must undo cleanly, so a bad deploy can be rolled back on either engine.
describe.each(testEngines())("migrations on %s", (engine) => {
  const database = useFreshDatabase(engine);

  it("go all the way down and back up again", async () => {
    const { db } = database.current().handle;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => "Success"));
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name).filter((name) => !name.startsWith("kysely_"))).toEqual([]);
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
  });
});
