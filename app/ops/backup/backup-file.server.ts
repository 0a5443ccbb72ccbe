import crypto from "node:crypto";
import fs from "node:fs";
import type { Manifest } from "./backup-manifest.server";

/**
 * The backup file: a plain header that says which key and engine (so an operator can tell
 * what a file needs without decrypting it), then the payload in AES-256-GCM chunks, then one
 * final chunk holding the manifest (row counts, checksums, the payload's SHA-256).
 *
 *   "SRBACKUP" | u32 header length | header JSON
 *   chunk*     : u8 kind | u32 ciphertext length | ciphertext | 16-byte tag
 *
 * Each chunk's nonce is the file's random 8-byte prefix and the chunk's index, and its
 * associated data binds the header's hash, the index and the kind: a flipped byte anywhere,
 * a reordered, dropped or appended chunk, or a cut-off file fails authentication. A key check
 * value in the header tells "wrong key" apart from "altered file".
 */
const MAGIC = Buffer.from("SRBACKUP", "latin1");
const CHUNK_BYTES = 1024 * 1024;
const TAG_BYTES = 16;
const KIND = { payload: 1, manifest: 2 } as const;

export interface BackupKey {
  id: string;
  key: Buffer;
}

export interface BackupHeader {
  version: 1;
  cipher: "AES-256-GCM";
  keyId: string;
  /** HMAC of a fixed label under the key: proves the key before any chunk is tried */
  keyCheck: string;
  engine: "sqlite" | "postgres";
  createdAt: string;
  noncePrefix: string;
}

export class BackupRefusedError extends Error {
  override name = "BackupRefusedError";
}

const keyCheck = (key: Buffer, noncePrefix: string) => crypto.createHmac("sha256", key).update(`strongroom-backup-key-check:${noncePrefix}`).digest("hex").slice(0, 32);

function nonce(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, 8);
  return iv;
}

function associatedData(headerHash: Buffer, index: number, kind: number): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index, 0);
  tail.writeUInt8(kind, 4);
  return Buffer.concat([headerHash, tail]);
}

export interface BackupWriter {
  /** payload bytes, any size: they are cut into chunks */
  write(data: Buffer): Promise<void>;
  /** the payload's byte count so far (progress lines) */
  readonly payloadBytes: number;
  /** seals the file with its manifest; the payload's size and SHA-256 are added here */
  finish(manifest: Omit<Manifest, "payloadBytes" | "payloadSha256">): Promise<Manifest>;
  abort(): Promise<void>;
}

/** Writes to `file.partial` and renames on finish, so a backup that failed is never mistaken for one. */
export async function createBackupWriter(file: string, key: BackupKey, header: Pick<BackupHeader, "engine" | "createdAt">): Promise<BackupWriter> {
  const prefix = crypto.randomBytes(8);
  const full: BackupHeader = { version: 1, cipher: "AES-256-GCM", keyId: key.id, keyCheck: keyCheck(key.key, prefix.toString("hex")), engine: header.engine, createdAt: header.createdAt, noncePrefix: prefix.toString("hex") };
  const headerJson = Buffer.from(JSON.stringify(full), "utf8");
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32BE(headerJson.length);
  const headerBytes = Buffer.concat([MAGIC, headerLength, headerJson]);
  const headerHash = crypto.createHash("sha256").update(headerBytes).digest();
  const partial = `${file}.partial`;
  const handle = await fs.promises.open(partial, "wx", 0o600);
  await handle.write(headerBytes);
  const sha = crypto.createHash("sha256");
  let index = 0;
  let payloadBytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  async function seal(kind: number, plain: Buffer) {
    if (index === 0xffffffff) throw new Error("backup too large for one file");
    const cipher = crypto.createCipheriv("aes-256-gcm", key.key, nonce(prefix, index));
    cipher.setAAD(associatedData(headerHash, index, kind));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const frame = Buffer.alloc(5);
    frame.writeUInt8(kind, 0);
    frame.writeUInt32BE(body.length, 1);
    await handle.write(Buffer.concat([frame, body, cipher.getAuthTag()]));
    index += 1;
  }

  async function flush(all: boolean) {
    while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending);
      const take = Math.min(CHUNK_BYTES, joined.length);
      await seal(KIND.payload, joined.subarray(0, take));
      pending = take < joined.length ? [joined.subarray(take)] : [];
      pendingBytes = joined.length - take;
    }
  }

  return {
    get payloadBytes() {
      return payloadBytes;
    },
    async write(data) {
      sha.update(data);
      payloadBytes += data.length;
      pending.push(data);
      pendingBytes += data.length;
      if (pendingBytes >= CHUNK_BYTES) await flush(false);
    },
    async finish(partialManifest) {
      await flush(true);
      const manifest: Manifest = { ...partialManifest, payloadBytes, payloadSha256: sha.digest("hex") };
      await seal(KIND.manifest, Buffer.from(JSON.stringify(manifest), "utf8"));
      await handle.sync();
      await handle.close();
      await fs.promises.rename(partial, file);
      return manifest;
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await fs.promises.rm(partial, { force: true });
    },
  };
}

/** Reads just the plain header: which key and engine a file needs, and when it was made. */
export function readBackupHeader(file: string): BackupHeader {
  return readHeaderBytes(file).header;
}

function readHeaderBytes(file: string): { header: BackupHeader; raw: Buffer } {
  const fd = fs.openSync(file, "r");
  try {
    const start = Buffer.alloc(12);
    if (fs.readSync(fd, start, 0, 12, 0) !== 12 || !start.subarray(0, 8).equals(MAGIC)) throw new BackupRefusedError(`${file} is not a Strongroom backup (no SRBACKUP header).`);
    const length = start.readUInt32BE(8);
    if (length > 64 * 1024) throw new BackupRefusedError(`${file}: the header is damaged.`);
    const json = Buffer.alloc(length);
    fs.readSync(fd, json, 0, length, 12);
    try {
      return { header: JSON.parse(json.toString("utf8")) as BackupHeader, raw: Buffer.concat([start, json]) };
    } catch {
      throw new BackupRefusedError(`${file}: the header is damaged.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Decrypts a backup, yielding payload chunks as they authenticate, and returns the manifest.
 * Any failure throws BackupRefusedError with what is wrong; callers that must not act on a
 * partial payload (every restore) read the file once through `verifyBackup` first.
 */
export async function* readBackup(file: string, keys: BackupKey[]): AsyncGenerator<Buffer, Manifest> {
  const { header, raw: rawHeader } = readHeaderBytes(file);
  const key = keys.find((candidate) => candidate.id === header.keyId);
  if (!key) {
    throw new BackupRefusedError(`${file} was encrypted with backup key "${header.keyId}", which is not in BACKUP_KEY (it holds ${keys.map((k) => `"${k.id}"`).join(", ") || "no keys"}).`);
  }
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  if (!crypto.timingSafeEqual(digest(keyCheck(key.key, String(header.noncePrefix))), digest(String(header.keyCheck)))) {
    throw new BackupRefusedError(`${file}: BACKUP_KEY "${header.keyId}" is not the key this backup was encrypted with (wrong key material for that id).`);
  }
  const handle = await fs.promises.open(file, "r");
  try {
    const headerLength = rawHeader.length;
    const headerHash = crypto.createHash("sha256").update(rawHeader).digest();
    const prefix = Buffer.from(header.noncePrefix, "hex");
    const sha = crypto.createHash("sha256");
    let position = headerLength;
    let index = 0;
    let payloadBytes = 0;
    const { size } = await handle.stat();
    for (;;) {
      const altered = (what: string) => new BackupRefusedError(`${file} is damaged or was altered (${what} at byte ${position}); refusing it.`);
      if (position + 5 > size) throw altered("the file ends before its manifest");
      const frame = Buffer.alloc(5);
      await handle.read(frame, 0, 5, position);
      const kind = frame.readUInt8(0);
      const length = frame.readUInt32BE(1);
      if ((kind !== KIND.payload && kind !== KIND.manifest) || length > CHUNK_BYTES + 1024 * 1024 || position + 5 + length + TAG_BYTES > size) throw altered("a chunk frame does not add up");
      const body = Buffer.alloc(length + TAG_BYTES);
      await handle.read(body, 0, body.length, position + 5);
      const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, nonce(prefix, index));
      decipher.setAAD(associatedData(headerHash, index, kind));
      decipher.setAuthTag(body.subarray(length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw altered(`chunk ${index} fails authentication`);
      }
      position += 5 + length + TAG_BYTES;
      index += 1;
      if (kind === KIND.manifest) {
        if (position !== size) throw altered("bytes follow the manifest");
        const manifest = JSON.parse(plain.toString("utf8")) as Manifest;
        if (manifest.payloadBytes !== payloadBytes || manifest.payloadSha256 !== sha.digest("hex")) throw altered("the payload does not match its checksum");
        return manifest;
      }
      sha.update(plain);
      payloadBytes += plain.length;
      yield plain;
    }
  } finally {
    await handle.close();
  }
}

/** Reads the whole file once without keeping the payload: the manifest if every byte is intact. */
export async function verifyBackup(file: string, keys: BackupKey[]): Promise<{ header: BackupHeader; manifest: Manifest }> {
  const reader = readBackup(file, keys);
  for (;;) {
    const next = await reader.next();
    if (next.done) return { header: readBackupHeader(file), manifest: next.value };
  }
}
