/** What the preview adds to pages: a script that reloads the page after a save, and the error page. */

export const reloadScript = `const events = new EventSource("/__preview/events");
let seen;
events.addEventListener("version", (event) => {
  if (seen !== undefined && event.data !== seen) location.reload();
  seen = event.data;
});
`;

export function withReload(html: string): string {
  const tag = `<script type="module" src="/__preview/reload.js"></script>`;
  return html.includes("</body>") ? html.replace("</body>", `${tag}</body>`) : html + tag;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Each problem as `file: field — what is wrong` (or a template's own message with its file and line). */
export function errorPage(problems: string[]): string {
  return withReload(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Content problem — preview</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}li{white-space:pre-wrap;margin:.5rem 0;font-family:ui-monospace,monospace}h1{color:#d4351c}</style></head>
<body><h1>This content cannot be shown yet</h1><p>Fix ${problems.length === 1 ? "this problem" : `these ${problems.length} problems`} and save: the page reloads by itself.</p>
<ul>${problems.map((p) => `<li>${escape(p)}</li>`).join("")}</ul></body></html>`);
}
