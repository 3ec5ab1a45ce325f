import { describe, expect, inject, it } from "vitest";
import { readPage } from "../helpers/site.ts";

const siteDir = inject("siteDir");
const textOf = (url: string) => readPage(siteDir, url).querySelector("main")!.text.replace(/\s+/g, " ");

describe("a force's pages give the facts of where it is", () => {
  it("an English force gives the National Domestic Abuse Helpline and not Wales's Live Fear Free", () => {
    const start = textOf("/kent/report/report-domestic-abuse/");
    expect(start).toContain("National Domestic Abuse Helpline: 0808 2000 247");
    expect(start).not.toContain("Live Fear Free");
    expect(textOf("/kent/report/report-sexual-offence/outcome/sexual-violence-support/")).not.toContain("Live Fear Free");
  });

  it("a Welsh force gives Live Fear Free, in English and Welsh, and not the helpline for England", () => {
    const start = textOf("/gwent/report/report-domestic-abuse/");
    expect(start).toContain("Live Fear Free helpline: 0808 80 10 800");
    expect(start).not.toContain("0808 2000 247");
    expect(textOf("/gwent/cy/report/report-domestic-abuse/")).toContain("Byw Heb Ofn: 0808 80 10 800");
    expect(textOf("/gwent/report/report-stalking-harassment/")).toContain("Live Fear Free");
  });

  it("British Transport Police, which polices England and Wales, gives both, each with where it is for", () => {
    const start = textOf("/btp/report/report-domestic-abuse/");
    expect(start).toContain("0808 2000 247 (free, 24 hours), in England");
    expect(start).toContain("0808 80 10 800 (free, 24 hours), in Wales");
  });

  it("a force whose name takes 'the' in a sentence is named so: the Metropolitan Police Service", () => {
    expect(textOf("/metropolitan/")).toContain("contact the Metropolitan Police Service when it is not an emergency");
    expect(textOf("/metropolitan/accessibility/")).toContain("This website is run by the Metropolitan Police Service.");
  });

  it("phone numbers on pages are links a phone can call", () => {
    const page = readPage(siteDir, "/kent/report/report-domestic-abuse/");
    expect(page.querySelector('main a[href="tel:08082000247"]')?.text).toBe("0808 2000 247");
  });
});
