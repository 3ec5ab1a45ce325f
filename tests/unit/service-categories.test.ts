import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaFileWithCategories } from "../../lib/cli/schemas.ts";
import { readCategories } from "../../lib/services/load.ts";

describe("service categories are data (content/services/categories.json)", () => {
  const { categories, problems } = readCategories(".");

  it("each has an English and a Welsh name, and the schemas list exactly their ids", () => {
    expect(problems).toEqual([]);
    for (const category of categories) expect(category.label.cy.length * category.label.en.length).toBeGreaterThan(0);
    const ids = categories.map((c) => c.id);
    const service = JSON.parse(readFileSync("content/services/service.schema.json", "utf8"));
    const payload = JSON.parse(readFileSync("lib/delivery/payload.schema.json", "utf8"));
    expect(service.properties.category.enum).toEqual(ids);
    expect(payload.$defs.category.enum).toEqual(ids);
  });

  it("each names one of the groups the hub shows (Report, Request, Apply, Pay, Feedback), and every group has a category", () => {
    const { groups } = readCategories(".");
    expect(groups.map((g) => g.label.en)).toEqual(["Report", "Request", "Apply", "Pay", "Feedback"]);
    for (const group of groups) expect(categories.some((c) => c.group === group.id), group.id).toBe(true);
    expect(categories.slice(0, 3).map((c) => c.id)).toEqual(["crime", "antisocial-behaviour", "road-traffic"]);
  });

  it("npm run schemas rewrites a schema whose category list differs from categories.json to list exactly its ids, and changes nothing else", () => {
    const before = readFileSync("content/services/service.schema.json", "utf8");
    const stale = before.replace('"feedback"]', '"feedback", "wildlife"]');
    expect(stale).not.toBe(before);
    expect(schemaFileWithCategories(stale)).toBe(before);
  });
});
