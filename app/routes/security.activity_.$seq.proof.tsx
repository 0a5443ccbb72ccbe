import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/access/guards.server";
import { inclusionProofFor } from "~/audit/inclusion-proof.server";

// A resource route: no page imports it, so zod here never reaches a browser bundle.
const proofAddress = z.object({ seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

// JSON the customer can check with the public key alone (README: "Check an entry yourself").
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const parsed = proofAddress.safeParse(args.params);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const proof = await inclusionProofFor(user.id, parsed.data.seq);
  return new Response(JSON.stringify(proof, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="strongroom-audit-${parsed.data.seq}.json"`, "Cache-Control": "no-store" },
  });
}
