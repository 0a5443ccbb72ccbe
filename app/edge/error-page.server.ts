/** Used only when Remix itself cannot answer; says nothing about what went wrong inside. */
export function plainErrorPage(status: number, title: string, requestId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Strongroom</title></head>
<body><main><h1>${title}</h1><p>Please try again in a moment.</p><p>Reference: ${requestId}</p></main></body></html>`;
}
