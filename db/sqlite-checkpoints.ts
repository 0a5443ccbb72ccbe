import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3-multiple-ciphers";
import { keyPragmas } from "./sqlite-encryption";

const CHECKPOINT_EVERY_MS = 250;
const CHECKPOINT_BACKSTOP_PAGES = 10_000;

// The worker's whole program. It is evaluated from a string because the server is one
// bundle: there is no separate worker file to point at.
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
for (const pragma of workerData.keyPragmas) db.pragma(pragma);
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* busy: next tick */ }
}, workerData.everyMs);
parentPort.once("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

function checkpointOnTimer(sqlite: SQLite.Database): () => void {
  const timer = setInterval(() => {
    try {
      sqlite.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // Busy or closing: the next tick, or the backstop, checkpoints instead.
    }
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 WAL pages: with
 * a payment dirtying ~15 pages, about one payment in sixty paid for copying pages back and
 * two fsyncs. Here a passive checkpoint runs every 250 ms instead, copying each hot page
 * (audit tail, account and card rows) once per batch; the raised automatic threshold stays
 * as a backstop. `background` runs it on a worker thread with its own connection, so the
 * event loop never waits for the copy or the fsyncs (the server uses it); a worker that
 * fails falls back to the timer on this thread.
 */
export function scheduleCheckpoints(sqlite: SQLite.Database, file: string, options: { background: boolean; key?: Buffer | undefined }): () => Promise<void> {
  if (sqlite.memory) return () => Promise.resolve();
  sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_BACKSTOP_PAGES}`);
  const onThisThread = () => {
    const stop = checkpointOnTimer(sqlite);
    return () => Promise.resolve(stop());
  };
  if (!options.background) return onThisThread();

  let worker: Worker;
  try {
    // Resolved from the project root, where the server and every command start.
    const driver = createRequire(path.resolve("package.json")).resolve("better-sqlite3-multiple-ciphers");
    // An encrypted file needs the key on every connection, this one included.
    const pragmas = options.key ? keyPragmas(options.key) : [];
    worker = new Worker(CHECKPOINTER, { eval: true, workerData: { driver, file: path.resolve(file), everyMs: CHECKPOINT_EVERY_MS, keyPragmas: pragmas } });
  } catch (error) {
    process.emitWarning(`SQLite checkpoint worker could not start (${error instanceof Error ? error.message : String(error)}); checkpointing on the main thread`);
    return onThisThread();
  }
  worker.unref();
  let stopFallback: (() => void) | null = null;
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const fallBack = (reason: unknown) => {
    if (stopping || stopFallback) return;
    process.emitWarning(`SQLite checkpoint worker stopped (${reason instanceof Error ? reason.message : `exit ${String(reason)}`}); checkpointing on the main thread`);
    stopFallback = checkpointOnTimer(sqlite);
  };
  worker.on("error", fallBack);
  worker.on("exit", fallBack);
  return async () => {
    stopping = true;
    stopFallback?.();
    // Wait for the worker's connection to close, so nothing outlives the handle (a test that
    // deletes and recreates the file must not have its new WAL removed by a late close).
    worker.postMessage("stop");
    const timeout = setTimeout(() => void worker.terminate(), 2_000);
    await exited;
    clearTimeout(timeout);
  };
}
