import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { linksIn, renderMarkdown } from "../../lib/render/markdown.ts";
import { destinations } from "../../lib/site/destinations.ts";
import { readSite } from "../../lib/site/load.ts";

const external = (href: string) => /^(https?:|tel:|sms:|mailto:)/.test(href);
const unique = (list: string[]) => [...new Set(list)].sort();

describe("every external destination is listed and dated (docs/destinations.md)", () => {
  it("the document lists exactly the web addresses and numbers npm run check prints, and says when they were checked", async () => {
    const { site, problems } = readSite(".");
    expect(problems).toEqual([]);
    const published = unique((await destinations(site)).map((d) => d.href));
    const doc = readFileSync("docs/destinations.md", "utf8");
    expect(unique(linksIn(doc).filter(external))).toEqual(published);
    expect(doc).toMatch(/last checked on \*\*\d{4}-\d{2}-\d{2}\*\*/);

    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "lib/cli/check.ts"]);
    const printed = stdout.split("\n").filter((line) => line.startsWith("  ")).map((line) => line.trim().split("  ")[0]);
    expect(unique(printed)).toEqual(published);
  });
});

describe("phone numbers are links a phone can call", () => {
  it("a UK number, and a short number after 'call' or 'ffoniwch', become tel: links; a number after 'text' an sms: link", () => {
    const html = renderMarkdown("Call 101 or text 61016. Ffoniwch 999. The helpline is 0808 2000 247 (free).");
    expect(html).toContain('Call <a href="tel:101" class="govuk-link">101</a>');
    expect(html).toContain('text <a href="sms:61016" class="govuk-link">61016</a>');
    expect(html).toContain('Ffoniwch <a href="tel:999" class="govuk-link">999</a>');
    expect(html).toContain('<a href="tel:08082000247" class="govuk-link">0808 2000 247</a> (free)');
  });

  it("leaves years, counts and numbers already linked or in headings as they are", () => {
    const html = renderMarkdown("## Calling 101\n\nIn 2025, within 20 working days, call [0808 802 0300](tel:08088020300).");
    expect(html).toContain("<h2 class=\"govuk-heading-m\">Calling 101</h2>");
    expect(html).toContain("In 2025, within 20 working days");
    expect(html.match(/<a /g)).toHaveLength(1);
  });
});
