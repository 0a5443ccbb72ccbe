const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The request every action receives. `request.formData()` throws a TypeError for a body that is
 * not a form (text/plain, JSON, no Content-Type, a multipart body without its boundary): thrown
 * from an action, that is a 500 for what is only a bad request. Here it becomes the refusal it is —
 * 415 for a body that is not a form at all, 400 for a form that cannot be read — so no route has to
 * remember to guard its own read.
 */
export function withCheckedFormBody(request: Request): Request {
  const read = request.formData.bind(request);
  Object.defineProperty(request, "formData", {
    value: async (): Promise<FormData> => {
      const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!FORM_TYPES.includes(type)) throw new Response("Unsupported Media Type", { status: 415, statusText: "Unsupported Media Type" });
      try {
        return await read();
      } catch {
        throw new Response("Bad Request", { status: 400, statusText: "Bad Request" });
      }
    },
  });
  return request;
}
