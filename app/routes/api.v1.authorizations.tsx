import crypto from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { authorizePayment, isPaymentRequestError } from "~/authorization/authorize-payment.server";
import { noteRefusedRequest } from "~/authorization/network-refusals.server";
import { verifyNetworkSignature } from "~/authorization/network-signature.server";
import { paymentRequestSchema } from "~/authorization/payment-request-schema";
import { now } from "~/clock.server";
import { HTTP_STATUS } from "~/access/http-errors.server";
import { DomainError } from "~/errors/domain-error";
import { isJsonContentType, parseJsonText, problem, readJsonText } from "~/validation/json-body.server";

/** The problem titles card networks have always been sent for these two refusals. */
const PROBLEM_TITLES = { replayed: "Replayed request", idempotency_conflict: "Idempotency-Key reused" } as const;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

function methodNotAllowed(): Response {
  const response = problem(405, "Method not allowed", "Only POST decides a payment.");
  response.headers.set("Allow", "POST");
  return response;
}

export async function loader() {
  return methodNotAllowed();
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A signature proves who sent the bytes, not what they meant: only POST may decide a
  // payment, and only a JSON body, whatever else is signed.
  if (request.method !== "POST") return methodNotAllowed();
  if (!isJsonContentType(request.headers.get("Content-Type"))) return problem(415, "Unsupported media type", "Send the request as application/json.");
  const body = await readJsonText(request, 16 * 1024);
  const verdict = verifyNetworkSignature(request.headers, body, now());
  if (!verdict.ok) {
    // Counted in memory and written once a minute: an unsigned request never reaches the database.
    const refusal = noteRefusedRequest({ clientId: verdict.clientId, ip: context.ip }, verdict.reason);
    if (refusal.limited) throw new DomainError("rate_limited", "Too many requests that no known client signed. Try again later.", { retryAfterSeconds: refusal.retryAfterSeconds });
    return problem(verdict.status, "Unauthorized", verdict.detail);
  }
  const idempotencyKey = request.headers.get("Idempotency-Key") ?? "";
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) return problem(400, "Invalid request", "Idempotency-Key header is required (8–128 letters, digits, - or _).");
  const payment = parseJsonText(body, paymentRequestSchema);
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
      { clientId: verdict.clientId, idempotencyKey, requestHash: crypto.createHash("sha256").update(body).digest("hex"), signature: verdict.signature, ip: context.ip, userAgent: context.userAgent },
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
    if (isPaymentRequestError(error)) return problem(HTTP_STATUS[error.code], PROBLEM_TITLES[error.reason], error.message);
    throw error;
  }
}
