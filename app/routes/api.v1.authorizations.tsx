import crypto from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/audit/audit-log.server";
import { authorizePayment, IdempotencyConflictError, ReplayedRequestError } from "~/authorization/authorize-payment.server";
import { verifyNetworkSignature } from "~/authorization/network-signature.server";
import { paymentRequestSchema } from "~/authorization/payment-request-schema";
import { now } from "~/clock.server";
import { problem, readJsonText } from "~/validation/json-body.server";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

export async function loader() {
  return problem(405, "Method not allowed", "POST a signed authorization request.");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const body = await readJsonText(request, 16 * 1024);
  const verdict = verifyNetworkSignature(request.headers, body, now());
  if (!verdict.ok) {
    await appendAudit({ actorId: null, actorRole: "card-network", action: "api.signature_rejected", ip: context.ip, userAgent: context.userAgent, details: { reason: verdict.detail } });
    return problem(verdict.status, "Unauthorized", verdict.detail);
  }
  const idempotencyKey = request.headers.get("Idempotency-Key") ?? "";
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return problem(400, "Invalid request", "Idempotency-Key header is required (8–128 letters, digits, - or _).");
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return problem(400, "Malformed JSON");
  }
  const parsed = paymentRequestSchema.safeParse(json);
  if (!parsed.success) {
    const flat = parsed.error.flatten();
    return problem(400, "Invalid request", "Some fields are missing or have the wrong form.", { ...flat.fieldErrors, ...(flat.formErrors.length ? { _: flat.formErrors } : {}) } as Record<string, string[]>);
  }
  const payment = parsed.data;
  try {
    const answer = await authorizePayment(
      {
        cardToken: payment.card_token,
        amountMinor: payment.amount_minor,
        currency: payment.currency,
        mcc: payment.mcc,
        country: payment.country,
        channel: payment.channel,
        merchantId: payment.merchant.id,
        merchantName: payment.merchant.name,
      },
      { clientId: verdict.clientId, idempotencyKey, requestHash: crypto.createHash("sha256").update(body).digest("hex"), signature: verdict.signature },
    );
    return Response.json(
      {
        authorization_id: answer.authorizationId,
        decision: answer.decision,
        reason_code: answer.reason,
        message: answer.message,
        risk_level: answer.riskLevel,
        amount_minor: answer.amountMinor,
        currency: answer.currency,
      },
      { headers: answer.replayed ? { "Idempotent-Replayed": "true" } : {} },
    );
  } catch (error) {
    if (error instanceof IdempotencyConflictError) return problem(422, "Idempotency-Key reused", error.message);
    if (error instanceof ReplayedRequestError) {
      await appendAudit({ actorId: null, actorRole: "card-network", action: "api.replay_rejected", ip: context.ip, userAgent: context.userAgent, details: { client: verdict.clientId } });
      return problem(409, "Replayed request", error.message);
    }
    throw error;
  }
}
