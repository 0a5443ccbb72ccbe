import crypto from "node:crypto";
import { signNetworkRequest } from "./network-signature.server";
import type { PaymentRequestBody } from "./payment-request-schema";

export interface NetworkClient {
  id: string;
  secret: string;
}

export interface NetworkAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Sends one signed authorization request, the way the card network does. */
export async function sendAuthorization(
  baseUrl: string,
  client: NetworkClient,
  payment: PaymentRequestBody,
  options: { idempotencyKey?: string; timestamp?: number } = {},
): Promise<NetworkAnswer> {
  const body = JSON.stringify(payment);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(new URL("/api/v1/authorizations", baseUrl), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Client-Id": client.id,
      "X-Timestamp": timestamp,
      "X-Signature": signNetworkRequest(client.secret, timestamp, body),
      "Idempotency-Key": options.idempotencyKey ?? crypto.randomUUID(),
    },
    body,
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}
