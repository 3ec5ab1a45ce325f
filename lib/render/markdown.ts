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

export function renderMarkdown(source: string): string {
  return md.render(source);
}
