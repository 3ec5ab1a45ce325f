/**
 * A force's site search: runs the query in the page's address (?q=, from the plain GET form) against the force's
 * own Pagefind index for this language, which is fetched only now, on the search page, and only the parts of it
 * the query needs. Results are links to pages of this force's site alone (its index holds nothing else).
 */
interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

const maxResults = 20;

/** Pagefind's excerpt is the page's text with the words found in <mark>: keep exactly that, as text and marks. */
function excerptNodes(html: string): Node[] {
  const template = document.createElement("template");
  template.innerHTML = html;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? "");
  });
}

async function run(root: HTMLElement) {
  const query = new URLSearchParams(window.location.search).get("q")?.trim() ?? "";
  const input = document.querySelector<HTMLInputElement>("input[name=q]");
  const results = root.querySelector<HTMLElement>("[data-fc-search-results]")!;
  root.querySelector<HTMLElement>("[data-fc-search-without-script]")!.hidden = true;
  if (input) input.value = query;
  if (!query) return;
  const say = (text: string) => {
    const line = document.createElement("p");
    line.className = "govuk-body";
    line.textContent = text;
    results.replaceChildren(line);
  };
  say(root.dataset.searching ?? "Searching…");
  try {
    const bundle = root.dataset.bundle!;
    const pagefind = (await import(/* @vite-ignore */ `${bundle}pagefind.js`)) as Pagefind;
    await pagefind.options({ baseUrl: "/", excerptLength: 24 });
    const found = await pagefind.search(query);
    const shown = await Promise.all(found.results.slice(0, maxResults).map((result) => result.data()));
    const count = found.results.length;
    const fill = (text: string | undefined) => (text ?? "").replace("{query}", query).replace("{count}", String(count));
    if (!count) return say(fill(root.dataset.none));
    const heading = document.createElement("h2");
    heading.className = "govuk-heading-m";
    heading.textContent = fill(count === 1 ? root.dataset.resultsOne : root.dataset.resultsOther);
    const list = document.createElement("ul");
    list.className = "govuk-list fc-search-results";
    for (const page of shown) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.className = "govuk-link govuk-!-font-weight-bold";
      link.href = page.url;
      link.textContent = page.meta.title ?? page.url;
      const excerpt = document.createElement("p");
      excerpt.className = "govuk-body";
      excerpt.append(...excerptNodes(page.excerpt));
      item.append(link, excerpt);
      list.append(item);
    }
    results.replaceChildren(heading, list);
  } catch {
    say(root.dataset.failed ?? "Search is not working at the moment.");
  }
}

const root = document.querySelector<HTMLElement>("[data-fc-search]");
if (root) void run(root);
