import { auditPublicKey } from "~/audit/audit-keys.server";

// The key that signs audit checkpoints, public so anyone can check a checkpoint or a proof.
export async function loader() {
  const { pem, keyId } = auditPublicKey();
  return new Response(pem, { headers: { "Content-Type": "application/x-pem-file; charset=utf-8", "Cache-Control": "public, max-age=300", "X-Key-Id": keyId } });
}
