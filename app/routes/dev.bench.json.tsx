// A bare JSON resource through the same server and policy wrapper: the API benchmark's yardstick.
export async function loader() {
  return Response.json({ ok: true });
}
