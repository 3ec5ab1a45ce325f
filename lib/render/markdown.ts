import MarkdownIt from "markdown-it";

/**
 * Markdown for editors' pages, written out with GOV.UK typography classes.
 * Raw HTML is off: editors write Markdown, the layouts own the markup.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: true });

const classes: Record<string, string> = {
  h2: "govuk-heading-m",
  h3: "govuk-heading-s",
  h4: "govuk-heading-s",
  p: "govuk-body",
  ul: "govuk-list govuk-list--bullet",
  ol: "govuk-list govuk-list--number",
  a: "govuk-link",
  table: "govuk-table",
  thead: "govuk-table__head",
  tbody: "govuk-table__body",
  tr: "govuk-table__row",
  th: "govuk-table__header",
  td: "govuk-table__cell",
  hr: "govuk-section-break govuk-section-break--m govuk-section-break--visible",
  blockquote: "govuk-inset-text",
};

md.core.ruler.push("govuk_classes", (state) => {
  // Paragraphs in tight lists are hidden by markdown-it and keep the list's own spacing.
  const visit = (tokens: typeof state.tokens) => {
    for (const token of tokens) {
      const className = classes[token.tag];
      if (className && token.nesting !== -1 && !(token.tag === "p" && token.hidden)) token.attrJoin("class", className);
      if (token.children) visit(token.children);
    }
  };
  visit(state.tokens);
});

/**
 * Phone numbers as links, so that a tap on a phone calls them: a UK number of 10 or 11 digits starting with 0
 * ("0800 40 50 40"), and a short number (999, 101, 61016, 116 000, "18001 101") after a word that says to call or
 * text it ("call 101", "ffoniwch 999", "text 61016"). After "text" (or the Welsh "neges destun i/at") the link
 * opens a text message (sms:). Numbers an editor already linked, and numbers in headings, are left as they are.
 */
const longNumber = String.raw`0\d{2,4}(?: ?\d{2,4}){1,3}`;
const shortNumber = String.raw`(?:18001 ?\d{3}|18000|999|1\d\d|61016|116 ?\d{3}|159)`;
const phoneVerb = String.raw`(?:[Cc]all|[Cc]alling|[Pp]hone|[Rr]ing|[Tt]ext|[Dd]ial|[Tt]extphone|[Ff]foniwch|[Ff]fonio|[Ff]fonia|destun i|destun at)`;
const phonePattern = new RegExp(String.raw`(?<![\d\w])(?:${longNumber}|(?<=${phoneVerb} )${shortNumber})(?![\d\w])`, "g");
const textVerb = /(?:\b[Tt]ext|destun (?:i|at)) $/;

function digitsOf(number: string): string {
  return number.replaceAll(" ", "");
}

md.core.ruler.before("govuk_classes", "phone_links", (state) => {
  state.tokens.forEach((block, i) => {
    if (block.type !== "inline" || !block.children || state.tokens[i - 1]?.type === "heading_open") return;
    const out: typeof block.children = [];
    let insideLink = 0;
    for (const token of block.children) {
      if (token.type === "link_open") insideLink++;
      if (token.type === "link_close") insideLink--;
      if (token.type !== "text" || insideLink > 0) {
        out.push(token);
        continue;
      }
      let last = 0;
      for (const match of token.content.matchAll(phonePattern)) {
        const digits = digitsOf(match[0]);
        if (match[0].startsWith("0") && (digits.length < 10 || digits.length > 11)) continue;
        const before = token.content.slice(0, match.index);
        if (match.index! > last) out.push(Object.assign(new state.Token("text", "", 0), { content: token.content.slice(last, match.index) }));
        const open = new state.Token("link_open", "a", 1);
        open.attrs = [["href", `${textVerb.test(before) ? "sms" : "tel"}:${digits}`]];
        out.push(open, Object.assign(new state.Token("text", "", 0), { content: match[0] }), new state.Token("link_close", "a", -1));
        last = match.index! + match[0].length;
      }
      if (last === 0) out.push(token);
      else if (last < token.content.length) out.push(Object.assign(new state.Token("text", "", 0), { content: token.content.slice(last) }));
    }
    block.children = out;
  });
});

export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Every link target in a Markdown text, as the renderer sees it (phone numbers it links included). */
export function linksIn(source: string): string[] {
  const hrefs: string[] = [];
  const visit = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.type === "link_open") hrefs.push(token.attrGet("href") ?? "");
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(source, {}));
  return hrefs;
}
