import { single, type AnswerTypeChecks } from "./answer-type.ts";
import { inputView, oneField } from "./input.ts";


/** What the browser needs of the email answer type: reading a post and wording its errors. */
export const emailChecks: AnswerTypeChecks = {
  type: "email",
  read: (_question, form, name) => single(form[name]) || null,
  messages: { format: { en: "Enter {name} in the correct format, like name@example.com", cy: "Rhowch {name} yn y fformat cywir, fel enw@enghraifft.com" }, maxLength: { en: "Enter {name} in the correct format, like name@example.com", cy: "Rhowch {name} yn y fformat cywir, fel enw@enghraifft.com" } },
};

