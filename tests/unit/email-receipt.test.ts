import { describe, expect, it } from "vitest";
import type { ReportForDelivery } from "../../lib/delivery/report.ts";
import type { Answers, ServiceDefinition } from "../../lib/services/types.ts";
import { receiptAddress } from "../../submit-service/email/receipt.ts";
import { serviceSite } from "../helpers/service.ts";

const definition = async (id: string): Promise<ServiceDefinition> => (await serviceSite()).services.get("kent")!.get(id)!;

const report = (answers: Answers, path: string[]): ReportForDelivery => ({
  reference: "KNT-TEST-0001",
  forceId: "kent",
  serviceId: "test",
  category: "crime",
  lang: "en",
  answers,
  path,
  priority: "standard",
  submittedAt: "2026-11-27T12:00:00.000Z",
});

/**
 * Who gets a receipt is read from each service's definition (the reporting person's `email`, and on a sensitive
 * service its `contactMethods` and `doNotContact`), never from a list of question ids.
 */
describe("who is sent a receipt", () => {
  it("on a service that is not sensitive, whoever gave an email address for themselves", async () => {
    const crime = await definition("report-crime");
    expect(crime.sensitive).toBe(false);
    const step = crime.steps.find((s) => s.questions.some((q) => q.id === "email"))!.id;
    expect(receiptAddress(crime, report({ "contact-methods": ["email"], email: " sam@example.com " }, [step]))).toBe("sam@example.com");
    expect(receiptAddress(crime, report({ "contact-methods": ["phone"], phone: "07700 900123" }, [step]))).toBeUndefined();
  });

  it("on domestic abuse (sensitive), only someone who chose to be contacted by email and gave an address nobody else reads", async () => {
    const abuse = await definition("report-domestic-abuse");
    expect(abuse.sensitive).toBe(true);
    const path = ["contact-you-safely"];
    expect(receiptAddress(abuse, report({ "contact-method": "email", "safe-email": "safe@example.com" }, path))).toBe("safe@example.com");
    // An address left in the answers from a choice since changed is not on the path, and not used.
    expect(receiptAddress(abuse, report({ "contact-method": "phone", "safe-email": "safe@example.com", "safe-phone": "07700 900123" }, path))).toBeUndefined();
    expect(receiptAddress(abuse, report({ "contact-method": "do-not-contact", "safe-email": "safe@example.com" }, path))).toBeUndefined();
  });

  it("on any service marked sensitive, no one who has not said email is safe, even with an address given", async () => {
    const crime = await definition("report-crime");
    const sensitive = { ...crime, sensitive: true };
    const step = crime.steps.find((s) => s.questions.some((q) => q.id === "email"))!.id;
    expect(receiptAddress(sensitive, report({ "contact-methods": ["email"], email: "sam@example.com" }, [step]))).toBe("sam@example.com");
    expect(receiptAddress(sensitive, report({ "contact-methods": ["phone", "email"], email: "sam@example.com" }, [step]))).toBe("sam@example.com");
    // A sensitive service whose definition never maps how it is safe to contact someone emails no one.
    const unasked = { ...sensitive, steps: crime.steps.map((s) => ({ ...s, questions: s.questions.map((q) => (q.id === "contact-methods" ? { ...q, deliver: undefined } : q)) })) };
    expect(receiptAddress(unasked, report({ "contact-methods": ["email"], email: "sam@example.com" }, [step]))).toBeUndefined();
  });
});
