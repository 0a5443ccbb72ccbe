// node verify-audit-proof.mjs proof.json strongroom-audit-key.pem
// Checks a Strongroom audit proof with node:crypto and the public key alone.
import crypto from "node:crypto";
import fs from "node:fs";

const proof = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const key = crypto.createPublicKey(fs.readFileSync(process.argv[3], "utf8"));
const half = (n) => Math.floor(n / 2);
const sha = (...parts) => crypto.createHash("sha256").update(Buffer.concat(parts)).digest();
const e = proof.entry;
const canonical = JSON.stringify([e.seq, e.at, e.actor_id, e.actor_role, e.action, e.subject_type, e.subject_id, e.ip, e.user_agent, e.details]);
let r = sha(Buffer.from([0]), Buffer.from(canonical, "utf8"));
let fn = proof.leafIndex;
let sn = proof.checkpoint.treeSize - 1;
for (const hex of proof.path) {
  const p = Buffer.from(hex, "hex");
  if (sn === 0) throw new Error("path too long");
  if (fn % 2 === 1 || fn === sn) {
    r = sha(Buffer.from([1]), p, r);
    while (fn % 2 === 0 && fn !== 0) [fn, sn] = [half(fn), half(sn)];
  } else {
    r = sha(Buffer.from([1]), r, p);
  }
  [fn, sn] = [half(fn), half(sn)];
}
const c = proof.checkpoint;
const signed = Buffer.from(`strongroom-audit-checkpoint/v1\n${c.treeSize}\n${c.rootHash}\n${c.signedAt}\n`);
const ok = sn === 0 && r.toString("hex") === c.rootHash && crypto.verify(null, signed, key, Buffer.from(c.signature, "base64"));
console.log(ok ? `OK: entry ${e.seq} is leaf ${proof.leafIndex} of the log signed at ${c.signedAt}` : "NOT VERIFIED");
process.exit(ok ? 0 : 1);
