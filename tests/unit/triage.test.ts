import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Answers, ServiceDefinition } from "../../lib/services/types.ts";
import { answersOnPath, emergencyRoute, triage } from "../../lib/triage/triage.ts";
import { forSites, reachableSteps } from "../../lib/services/sites.ts";

const service = (id: string): ServiceDefinition => JSON.parse(readFileSync(`content/services/${id}/service.json`, "utf8"));

/** A firearms application answered as far as its convictions. */
const firearms = (type: string, certificate?: string): Answers => ({
  "application-type": type, ...(certificate ? { certificate } : {}), "in-force-area": "yes", "sentenced-three-years": "no",
  ...(type === "grant" ? {} : { "certificate-number": "12/34567", "expiry-date": "2027-03-01" }),
  "full-name": "Sam Lee", "date-of-birth": "1980-01-01", "home-address": "1 High Street", postcode: "ME14 1XX", email: "sam@example.com", phone: "07700900123",
  "gp-name": null, "gp-practice": "High Street Surgery", "has-convictions": "no",
});
const referee: Answers = { "referee-name": "Pat Jones", "referee-address": "2 High Street", "referee-phone": "07700900456", "referee-known": "A neighbour for 5 years" };
/** An event notice answered as far as when and where it is. */
const event = (kind: string): Answers => ({
  "event-kind": kind, "in-force-area": "yes", "event-name": "Summer fair", "event-description": "A fair", "event-date": "2027-06-01", "start-time": "10:00", "how-long": "Until 4pm", "event-place": "The park", "event-postcode": null,
});

/** [service, journey, answers, where it leads]. Each route of each service's triage, as a member of the public meets it. */
const table: [string, string, Answers, object][] = [
  ["report-crime", "someone in immediate danger → call-999", { "in-danger": "yes", "crime-type": "theft" }, { outcome: "call-999" }],
  ["report-crime", "fraud → report-fraud", { "in-danger": "no", "crime-type": "fraud" }, { outcome: "report-fraud" }],
  ["report-crime", "on the railway → british-transport-police", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "yes" }, { outcome: "british-transport-police" }],
  ["report-crime", "in another force's area → another-force", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "no", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-crime", "a theft here → asks when it happened", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "no", "in-force-area": "yes" }, { step: "when-it-happened" }],
  ["report-fraud", "fraud happening now → call-999", { "fraud-triage": ["happening-now"] }, { outcome: "call-999" }],
  ["report-fraud", "fraud, nothing else → report-fraud", { "fraud-triage": ["none"] }, { outcome: "report-fraud" }],
  ["report-fraud", "fraud, suspect known → continues here", { "fraud-triage": ["suspect-known-or-local"] }, { step: "who-are-you-reporting-for" }],
  ["report-fraud", "fraud, victim vulnerable → continues here", { "fraud-triage": ["vulnerable"] }, { step: "who-are-you-reporting-for" }],
  ["report-lost-property", "lost passport → passport-office", { "in-danger": "no", "what-lost": "passport" }, { outcome: "passport-office" }],
  ["report-lost-property", "lost driving licence → dvla", { "in-danger": "no", "what-lost": "driving-licence" }, { outcome: "dvla" }],
  ["report-lost-property", "lost bank card → bank", { "in-danger": "no", "what-lost": "bank-card" }, { outcome: "bank" }],
  ["report-lost-property", "lost umbrella → not-a-police-matter", { "in-danger": "no", "what-lost": "something-else" }, { outcome: "not-a-police-matter" }],
  ["report-lost-property", "lost phone → described here", { "in-danger": "no", "what-lost": "phone-or-device" }, { step: "describe-it" }],
  ["report-found-property", "found a firearm → call-999", { "in-danger": "no", "what-found": "firearm" }, { outcome: "call-999" }],
  ["report-found-property", "found a wallet → asks where", { "in-danger": "no", "what-found": "bag-or-wallet" }, { step: "where-found" }],
  ["report-road-traffic-incident", "injury or road blocked → call-999", { "injured-or-blocked": "yes" }, { outcome: "call-999" }],
  ["report-road-traffic-incident", "collision, details exchanged, no injury, no offence → no report needed", { "injured-or-blocked": "no", "details-exchanged": "yes", "offence-suspected": "no" }, { outcome: "not-a-police-matter" }],
  ["report-road-traffic-incident", "collision, details not exchanged → reported here", { "injured-or-blocked": "no", "details-exchanged": "no", "offence-suspected": "no" }, { step: "when-it-happened" }],
  ["report-road-traffic-incident", "collision, offence suspected → reported here", { "injured-or-blocked": "no", "details-exchanged": "yes", "offence-suspected": "yes" }, { step: "when-it-happened" }],
  ["report-antisocial-behaviour", "threatened now → call-999", { "in-danger": "yes", "problem-type": "other-behaviour" }, { outcome: "call-999" }],
  ["report-antisocial-behaviour", "noise without threats → local-council", { "in-danger": "no", "problem-type": "noise-only" }, { outcome: "local-council" }],
  ["report-antisocial-behaviour", "fly-tipping → local-council", { "in-danger": "no", "problem-type": "fly-tipping" }, { outcome: "local-council" }],
  ["report-antisocial-behaviour", "other behaviour → asks what kind", { "in-danger": "no", "problem-type": "other-behaviour" }, { step: "type-of-behaviour" }],
  ["report-hate-crime", "in danger → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-hate-crime", "hate material online → true-vision", { "in-danger": "no", "online-material-only": "yes" }, { outcome: "true-vision" }],
  ["report-hate-crime", "wants to stay anonymous → crimestoppers", { "in-danger": "no", "online-material-only": "no", "stay-anonymous": "yes" }, { outcome: "crimestoppers" }],
  ["report-domestic-abuse", "in danger → call-999", { "is-anyone-in-danger": "yes" }, { outcome: "call-999" }],
  ["report-domestic-abuse", "reporting for myself → skips the person-affected page", { "is-anyone-in-danger": "no", "reporting-for": "myself" }, { step: "who-is-causing-harm" }],
  ["report-domestic-abuse", "reporting for someone else → asks about them", { "is-anyone-in-danger": "no", "reporting-for": "someone-else" }, { step: "person-affected" }],
  ["report-terrorism", "immediate threat → call-999", { "threat-now": "immediate-threat" }, { outcome: "call-999" }],
  ["report-terrorism", "suspicious activity → counter-terrorism", { "threat-now": "suspicious-activity" }, { outcome: "counter-terrorism" }],
  ["report-terrorism", "anonymous → crimestoppers", { "threat-now": "told-to-report-locally", "about-something-online": "no", "want-to-stay-anonymous": "yes" }, { outcome: "crimestoppers" }],
  ["report-restrictions-breach", "in danger → call-999", { "anyone-in-danger": "yes" }, { outcome: "call-999" }],
  ["report-restrictions-breach", "a business open → local-council", { "anyone-in-danger": "no", "breach-type": "business-open" }, { outcome: "local-council" }],
  ["report-restrictions-breach", "a gathering → asks when", { "anyone-in-danger": "no", "breach-type": "gathering" }, { step: "when-did-it-happen" }],
  ["give-feedback", "an emergency → call-999", { "feedback-type": "emergency" }, { outcome: "call-999" }],
  ["give-feedback", "a suggestion → straight to the feedback", { "feedback-type": "suggestion" }, { step: "your-feedback" }],
  ["give-feedback", "something else → straight to the feedback", { "feedback-type": "something-else" }, { step: "your-feedback" }],
  ["make-complaint", "someone in danger → call-999", { urgent: "yes", "about-this-force": "yes" }, { outcome: "call-999" }],
  ["make-complaint", "about another force → feedback-to-another-force", { urgent: "no", "about-this-force": "no" }, { outcome: "feedback-to-another-force" }],
  ["make-complaint", "for myself → skips the person acted for", { urgent: "no", "about-this-force": "yes", complainant: "myself" }, { step: "what-is-it-about" }],
  ["make-complaint", "as a witness → skips the person acted for", { urgent: "no", "about-this-force": "yes", complainant: "witness" }, { step: "what-is-it-about" }],
  ["make-complaint", "acting for someone → asks about them and their permission", { urgent: "no", "about-this-force": "yes", complainant: "on-behalf" }, { step: "person-you-act-for" }],
  ["give-compliment", "someone in danger → call-999", { urgent: "yes", "about-this-force": "yes" }, { outcome: "call-999" }],
  ["give-compliment", "about another force → feedback-to-another-force", { urgent: "no", "about-this-force": "no" }, { outcome: "feedback-to-another-force" }],
  ["give-compliment", "about this force → asks who", { urgent: "no", "about-this-force": "yes" }, { step: "who-is-it-about" }],
  ["report-driving-offence", "happening now or someone injured → call-999", { "happening-now-or-injured": "yes" }, { outcome: "call-999" }],
  ["report-driving-offence", "within 7 days → skips 'why late'", { "happening-now-or-injured": "no", "offence-date": "2026-11-20", "offence-time": null, "more-than-7-days-ago": "no" }, { step: "offence-type" }],
  ["report-driving-offence", "more than 7 days ago → asks why", { "happening-now-or-injured": "no", "offence-date": "2026-10-01", "offence-time": null, "more-than-7-days-ago": "yes" }, { step: "why-reporting-late" }],
  ["submit-driving-footage", "happening now or someone injured → call-999", { "happening-now-or-injured": "yes" }, { outcome: "call-999" }],
  ["submit-driving-footage", "within 7 days → skips 'why late'", { "happening-now-or-injured": "no", "offence-date": "2026-11-20", "offence-time": null, "more-than-7-days-ago": "no" }, { step: "offence-type" }],
  ["submit-driving-footage", "more than 7 days ago → asks why", { "happening-now-or-injured": "no", "offence-date": "2026-10-01", "offence-time": null, "more-than-7-days-ago": "yes" }, { step: "why-reporting-late" }],
  ["report-stalking-harassment", "in danger → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-stalking-harassment", "for myself → skips the person affected", { "in-danger": "no", "reporting-for": "myself" }, { step: "force-area" }],
  ["report-stalking-harassment", "for someone else → asks about them", { "in-danger": "no", "reporting-for": "someone-else" }, { step: "person-affected" }],
  ["report-stalking-harassment", "in another force's area → another-force", { "in-danger": "no", "reporting-for": "myself", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-sexual-offence", "in danger → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-sexual-offence", "support first → sexual-violence-support", { "in-danger": "no", wants: "support-first" }, { outcome: "sexual-violence-support" }],
  ["report-sexual-offence", "in another force's area → another-force", { "in-danger": "no", wants: "report", "reporting-for": "myself", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-sexual-offence", "for someone else → asks about them", { "in-danger": "no", wants: "report", "reporting-for": "someone-else" }, { step: "person-affected" }],
  ["report-sexual-offence", "anonymous → no name asked, straight to check answers", {
    "in-danger": "no", wants: "report", "reporting-for": "myself", "in-force-area": "yes", "last-seven-days": "no", "occurred-on": null, "under-18": "no",
    place: null, "what-happened": "What happened", "suspect-known": "no", "contact-method": "do-not-contact",
  }, { checkAnswers: true }],
  ["report-sexual-offence", "named → asks for their details", {
    "in-danger": "no", wants: "report", "reporting-for": "myself", "in-force-area": "yes", "last-seven-days": "no", "occurred-on": null, "under-18": "no",
    place: null, "what-happened": "What happened", "suspect-known": "no", "contact-method": "email", "safe-email": "sam@example.com",
  }, { step: "your-details" }],
  ["report-crime-on-behalf", "in danger → call-999", { "in-danger": "yes", "crime-type": "theft" }, { outcome: "call-999" }],
  ["report-crime-on-behalf", "fraud → report-fraud", { "in-danger": "no", "crime-type": "fraud" }, { outcome: "report-fraud" }],
  ["report-crime-on-behalf", "a theft → asks about the person it happened to", { "in-danger": "no", "crime-type": "theft" }, { step: "person-affected" }],
  ["report-crime-on-behalf", "in another force's area → another-force", {
    "in-danger": "no", "crime-type": "theft", "victim-name": "Pat Lee", connection: "family", "victim-knows": "yes", "victim-contact": null, "in-force-area": "no",
  }, { outcome: "another-force" }],
  ["report-vehicle-crime", "being stolen now → call-999", { "in-danger": "yes", "vehicle-crime": "vehicle-stolen" }, { outcome: "call-999" }],
  ["report-vehicle-crime", "abandoned vehicle → local-council", { "in-danger": "no", "vehicle-crime": "abandoned" }, { outcome: "local-council" }],
  ["report-vehicle-crime", "untaxed vehicle → dvla", { "in-danger": "no", "vehicle-crime": "untaxed" }, { outcome: "dvla" }],
  ["report-vehicle-crime", "in another force's area → another-force", { "in-danger": "no", "vehicle-crime": "vehicle-stolen", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-vehicle-crime", "vehicle stolen → asks about the stolen vehicle", { "in-danger": "no", "vehicle-crime": "vehicle-stolen", "in-force-area": "yes" }, { step: "stolen-vehicle" }],
  ["report-vehicle-crime", "stolen from a vehicle → asks about the vehicle", { "in-danger": "no", "vehicle-crime": "stolen-from", "in-force-area": "yes" }, { step: "the-vehicle" }],
  ["report-burglary", "burglars still there → call-999", { "in-danger": "yes", premises: "home" }, { outcome: "call-999" }],
  ["report-burglary", "in another force's area → another-force", { "in-danger": "no", premises: "home", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-burglary", "a home here → asks when", { "in-danger": "no", premises: "home", "in-force-area": "yes" }, { step: "when-it-happened" }],
  ["report-drugs", "in danger → call-999", { "in-danger": "yes", "drug-activity": "dealing" }, { outcome: "call-999" }],
  ["report-drugs", "in another force's area → another-force", { "in-danger": "no", "drug-activity": "dealing", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-drugs", "wants to stay anonymous → crimestoppers", { "in-danger": "no", "drug-activity": "dealing", "in-force-area": "yes", "stay-anonymous": "yes" }, { outcome: "crimestoppers" }],
  ["report-drugs", "named → asks where", { "in-danger": "no", "drug-activity": "growing-or-making", "in-force-area": "yes", "stay-anonymous": "no" }, { step: "where-it-happened" }],
  ["report-rural-wildlife-crime", "hare coursing now → call-999", { "happening-now": "yes", "rural-crime": "coursing-or-poaching" }, { outcome: "call-999" }],
  ["report-rural-wildlife-crime", "fly-tipping → local-council", { "happening-now": "no", "rural-crime": "fly-tipping" }, { outcome: "local-council" }],
  ["report-rural-wildlife-crime", "animal neglected → rspca", { "happening-now": "no", "rural-crime": "animal-welfare" }, { outcome: "rspca" }],
  ["report-rural-wildlife-crime", "in another force's area → another-force", { "happening-now": "no", "rural-crime": "wildlife", "in-force-area": "no" }, { outcome: "another-force" }],
  ["report-rural-wildlife-crime", "a theft → asks what was stolen", { "happening-now": "no", "rural-crime": "theft", "in-force-area": "yes" }, { step: "what-was-stolen" }],
  ["report-rural-wildlife-crime", "wildlife crime → skips what was stolen", { "happening-now": "no", "rural-crime": "wildlife", "in-force-area": "yes" }, { step: "when-it-happened" }],
  ["add-information", "in danger → call-999", { "in-danger": "yes", "reference-from": "online" }, { outcome: "call-999" }],
  ["add-information", "a reference given by phone → add-information-call-101", { "in-danger": "no", "reference-from": "phone-or-station" }, { outcome: "add-information-call-101" }],
  ["add-information", "a Report Fraud reference → report-fraud", { "in-danger": "no", "reference-from": "report-fraud" }, { outcome: "report-fraud" }],
  ["add-information", "reported on this website → asks for the reference", { "in-danger": "no", "reference-from": "online" }, { step: "your-reference" }],
  ["report-missing-person", "in danger → missing-person-999", { "in-danger": "yes" }, { outcome: "missing-person-999" }],
  ["report-missing-person", "a child or vulnerable → missing-person-999", { "in-danger": "no", "child-or-vulnerable": "yes" }, { outcome: "missing-person-999" }],
  ["report-missing-person", "an adult not at risk → missing-person-101", { "in-danger": "no", "child-or-vulnerable": "no" }, { outcome: "missing-person-101" }],
  ["pay-fixed-penalty", "a police fixed penalty → paid as the notice says", { "what-to-pay": "police-penalty" }, { outcome: "pay-police-penalty" }],
  ["pay-fixed-penalty", "a parking ticket → the council", { "what-to-pay": "parking-ticket" }, { outcome: "pay-parking-fine" }],
  ["pay-fixed-penalty", "a court fine → the court", { "what-to-pay": "court-fine" }, { outcome: "pay-court-fine" }],
  ["pay-fixed-penalty", "a DVLA fine → DVLA", { "what-to-pay": "dvla-fine" }, { outcome: "pay-dvla-fine" }],
  ["report-online-child-abuse", "a child in danger now → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-online-child-abuse", "grooming or abuse online → ceop", { "in-danger": "no" }, { outcome: "ceop" }],
  ["report-modern-slavery", "someone in danger → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-modern-slavery", "someone exploited → modern-slavery-helpline", { "in-danger": "no" }, { outcome: "modern-slavery-helpline" }],
  ["report-noise", "threatened or unsafe now → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-noise", "noise with threats or abuse → antisocial-behaviour", { "in-danger": "no", threats: "yes" }, { outcome: "antisocial-behaviour" }],
  ["report-noise", "noise alone → local-council", { "in-danger": "no", threats: "no" }, { outcome: "local-council" }],
  ["report-fly-tipping", "threatened, or waste on fire or blocking a road → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-fly-tipping", "dumped waste → local-council", { "in-danger": "no" }, { outcome: "local-council" }],
  ["report-abandoned-vehicle", "on fire, a danger or blocking a road → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-abandoned-vehicle", "left for weeks → local-council", { "in-danger": "no", "the-vehicle": "abandoned" }, { outcome: "local-council" }],
  ["report-abandoned-vehicle", "may be stolen → vehicle-may-be-stolen", { "in-danger": "no", "the-vehicle": "may-be-stolen" }, { outcome: "vehicle-may-be-stolen" }],
  ["report-abandoned-vehicle", "untaxed → dvla", { "in-danger": "no", "the-vehicle": "untaxed" }, { outcome: "dvla" }],
  ["report-cyber-crime", "someone at the door or threatening now → call-999", { "happening-now": "yes" }, { outcome: "call-999" }],
  ["report-cyber-crime", "a scam or hacked account → report-fraud", { "happening-now": "no" }, { outcome: "report-fraud" }],
  ["report-consumer-problem", "a trader threatening or at the door now → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-consumer-problem", "money taken by lies or pressure → doorstep-crime", { "in-danger": "no", "money-taken": "yes" }, { outcome: "doorstep-crime" }],
  ["report-consumer-problem", "faulty goods or poor work → citizens-advice-consumer", { "in-danger": "no", "money-taken": "no" }, { outcome: "citizens-advice-consumer" }],
  ["report-crime-scotland-northern-ireland", "an emergency → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["report-crime-scotland-northern-ireland", "in Scotland → police-scotland", { "in-danger": "no", where: "scotland" }, { outcome: "police-scotland" }],
  ["report-crime-scotland-northern-ireland", "in Northern Ireland → psni", { "in-danger": "no", where: "northern-ireland" }, { outcome: "psni" }],
  ["request-freedom-of-information", "an emergency → call-999", { "request-type": "emergency" }, { outcome: "call-999" }],
  ["request-freedom-of-information", "information about me → your-own-information", { "request-type": "about-me" }, { outcome: "your-own-information" }],
  ["request-freedom-of-information", "information the police hold → asks what", { "request-type": "foi" }, { step: "your-request" }],
  ["request-collision-report", "a collision now → call-999", { "request-for": "emergency" }, { outcome: "call-999" }],
  ["request-collision-report", "a collision in another force's area → another-force", { "request-for": "past-collision", "in-force-area": "no" }, { outcome: "another-force" }],
  ["request-collision-report", "a collision here → asks who is asking", { "request-for": "past-collision", "in-force-area": "yes" }, { step: "your-role" }],
  ["apply-firearms-certificate", "a new certificate → asks which certificate", { "application-type": "grant" }, { step: "which-certificate" }],
  ["apply-firearms-certificate", "a variation → firearm certificate only, straight to where you live", { "application-type": "variation" }, { step: "where-you-live" }],
  ["apply-firearms-certificate", "living in another force's area → apply-where-you-live", { "application-type": "renewal", certificate: "shotgun", "in-force-area": "no" }, { outcome: "apply-where-you-live" }],
  ["apply-firearms-certificate", "sentenced to 3 years or more → firearms-prohibited", { "application-type": "grant", certificate: "firearm", "in-force-area": "yes", "sentenced-three-years": "yes" }, { outcome: "firearms-prohibited" }],
  ["apply-firearms-certificate", "a new certificate → no current certificate asked", { "application-type": "grant", certificate: "firearm", "in-force-area": "yes", "sentenced-three-years": "no" }, { step: "your-details" }],
  ["apply-firearms-certificate", "a renewal → asks for the current certificate", { "application-type": "renewal", certificate: "firearm", "in-force-area": "yes", "sentenced-three-years": "no" }, { step: "current-certificate" }],
  ["apply-firearms-certificate", "a shotgun certificate → no good reason asked", { ...firearms("renewal", "shotgun") }, { step: "storage" }],
  ["apply-firearms-certificate", "a firearm certificate → asks the good reason", { ...firearms("renewal", "firearm") }, { step: "good-reason" }],
  ["apply-firearms-certificate", "a variation → asks what to change", { ...firearms("variation") }, { step: "what-to-change" }],
  ["apply-firearms-certificate", "a renewal → no referees, straight to check answers", { ...firearms("renewal", "shotgun"), storage: "Gun cabinet" }, { checkAnswers: true }],
  ["apply-firearms-certificate", "a new shotgun certificate → one referee", { ...firearms("grant", "shotgun"), storage: "Gun cabinet", ...referee }, { checkAnswers: true }],
  ["apply-firearms-certificate", "a new firearm certificate → a second referee", { ...firearms("grant", "firearm"), "firearms-wanted": "A .22 rifle", storage: "Gun cabinet", ...referee }, { step: "second-referee" }],
  ["apply-pedlars-certificate", "selling from a stall → street-trading-licence", { "how-selling": "fixed-place" }, { outcome: "street-trading-licence" }],
  ["apply-pedlars-certificate", "under 17 → pedlar-who-can-apply", { "how-selling": "on-foot", "aged-17-or-over": "no", "lived-here-a-month": "yes" }, { outcome: "pedlar-who-can-apply" }],
  ["apply-pedlars-certificate", "here less than a month → pedlar-who-can-apply", { "how-selling": "on-foot", "aged-17-or-over": "yes", "lived-here-a-month": "no" }, { outcome: "pedlar-who-can-apply" }],
  ["apply-pedlars-certificate", "17 or over, here a month → asks what they will sell", { "how-selling": "on-foot", "aged-17-or-over": "yes", "lived-here-a-month": "yes" }, { step: "your-trade" }],
  ["notify-event", "in another force's area → event-another-force", { "event-kind": "public-event", "in-force-area": "no" }, { outcome: "event-another-force" }],
  ["notify-event", "a public event → no route asked", { ...event("public-event") }, { step: "people" }],
  ["notify-event", "a protest in one place → no route asked", { ...event("assembly") }, { step: "people" }],
  ["notify-event", "a procession → asks its route", { ...event("procession") }, { step: "procession-route" }],
  ["notify-abnormal-load", "notifying a movement → abnormal-load-esdal", { need: "notify" }, { outcome: "abnormal-load-esdal" }],
  ["notify-abnormal-load", "a load causing danger now → call-999", { need: "danger-now" }, { outcome: "call-999" }],
  ["request-clares-law", "in danger → call-999", { "in-danger": "yes" }, { outcome: "call-999" }],
  ["request-clares-law", "about my own partner → skips the person at risk", { "in-danger": "no", "asking-for": "myself" }, { step: "force-area" }],
  ["request-clares-law", "about a friend's partner → asks about the person at risk", { "in-danger": "no", "asking-for": "someone-else" }, { step: "person-at-risk" }],
  ["request-clares-law", "the person at risk lives in another force's area → another-force", { "in-danger": "no", "asking-for": "myself", "in-force-area": "no" }, { outcome: "another-force" }],
  ["request-clares-law", "the person at risk lives here → asks about the partner", {
    "in-danger": "no", "asking-for": "someone-else", "at-risk-name": "Pat Lee", "at-risk-connection": "friend", "at-risk-knows": "no", "at-risk-postcode": null, "in-force-area": "yes",
  }, { step: "person-you-are-asking-about" }],
  ["request-sarahs-law", "a child in danger → call-999", { "child-in-danger": "yes" }, { outcome: "call-999" }],
  ["request-sarahs-law", "a parent → skips whether the parent knows", { "child-in-danger": "no", connection: "parent-or-carer" }, { step: "the-child" }],
  ["request-sarahs-law", "a neighbour → asks whether the parent knows", { "child-in-danger": "no", connection: "someone-else" }, { step: "parent-knows" }],
  ["request-sarahs-law", "the child lives in another force's area → another-force", {
    "child-in-danger": "no", connection: "parent-or-carer", "child-name": "Sam", "child-age": 7, "child-postcode": null, "in-force-area": "no",
  }, { outcome: "another-force" }],
  ["request-sarahs-law", "the child lives here → asks about the person", {
    "child-in-danger": "no", connection: "family", "parent-knows": "yes", "child-name": "Sam", "child-age": 7, "child-postcode": null, "in-force-area": "yes",
  }, { step: "person-you-are-asking-about" }],
  ["request-your-information", "an emergency → call-999", { "request-type": "emergency" }, { outcome: "call-999" }],
  ["request-your-information", "my criminal record → criminal-record-copy", { "request-type": "criminal-record" }, { outcome: "criminal-record-copy" }],
  ["request-your-information", "another force dealt with me → another-force", { "request-type": "records", "in-force-area": "no" }, { outcome: "another-force" }],
  ["request-your-information", "this force dealt with me → asks what I want", { "request-type": "records", "in-force-area": "yes" }, { step: "your-request" }],
  ["request-cctv-footage", "an emergency → call-999", { "footage-source": "emergency" }, { outcome: "call-999" }],
  ["request-cctv-footage", "a shop's camera → footage-camera-owner", { "footage-source": "someone-else" }, { outcome: "footage-camera-owner" }],
  ["request-cctv-footage", "recorded in another force's area → another-force", { "footage-source": "body-worn", "in-force-area": "no" }, { outcome: "another-force" }],
  ["request-cctv-footage", "body-worn video here → asks when and where", { "footage-source": "body-worn", "in-force-area": "yes" }, { step: "when-and-where" }],
  ["request-cctv-footage", "not sure who recorded it → still asks when and where", { "footage-source": "not-sure", "in-force-area": "yes" }, { step: "when-and-where" }],
];

/** [service, kind of site, journey, answers, where it leads]: routes marked "sites", as each kind of force's site has them. */
const bySite: [string, "area" | "railway", string, Answers, object][] = [
  ["report-crime", "area", "on the railway → british-transport-police", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "yes" }, { outcome: "british-transport-police" }],
  ["report-crime", "area", "not on the railway → asks if it was in the force's area", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "no" }, { step: "force-area" }],
  ["report-crime", "railway", "on the railway → reported here, asks when", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "yes" }, { step: "when-it-happened" }],
  ["report-crime", "railway", "not on the railway → another-force", { "in-danger": "no", "crime-type": "theft", "on-the-railway": "no" }, { outcome: "another-force" }],
  ["report-crime", "railway", "in danger → call-999 still", { "in-danger": "yes", "crime-type": "theft" }, { outcome: "call-999" }],
  ["report-crime", "railway", "fraud → report-fraud still", { "in-danger": "no", "crime-type": "fraud" }, { outcome: "report-fraud" }],
];

describe("triage on each kind of site", () => {
  it.each(bySite)("%s on a site covering %s: %s", (id, covers, _journey, answers, expected) => {
    expect(triage(forSites(service(id), covers), answers).destination).toEqual(expected);
  });

  it("a definition as written is read as a site covering an area reads it", () => {
    for (const [id, covers, , answers, expected] of bySite) if (covers === "area") expect(triage(service(id), answers).destination).toEqual(expected);
  });

  it("on a site covering the railway, the force-area question is not published (no route leads to it); on an area's, it is", () => {
    expect(reachableSteps(forSites(service("report-crime"), "railway")).map((s) => s.id)).not.toContain("force-area");
    expect(reachableSteps(forSites(service("report-crime"), "area")).map((s) => s.id)).toContain("force-area");
  });

  it("a definition with no routes for one kind of site is the same object on every site", () => {
    const burglary = service("report-burglary");
    expect(forSites(burglary, "railway")).toBe(burglary);
  });
});

describe("triage", () => {
  it.each(table)("%s: %s", (id, _journey, answers, expected) => {
    expect(triage(service(id), answers).destination).toEqual(expected);
  });

  it("has rows for every national service whose answers route anywhere (a new service's triage is tested here)", () => {
    const routed = readdirSync("content/services", { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => service(entry.name))
      .filter((definition) => definition.steps.some((step) => (step.routes ?? []).length > 0))
      .map((definition) => definition.id);
    expect(routed.length).toBeGreaterThanOrEqual(40);
    expect(routed.filter((id) => !table.some(([row]) => row === id))).toEqual([]);
  });

  it("starts every service at its first step with no answers", () => {
    for (const [id] of table) expect(triage(service(id), {}).destination).toEqual({ step: service(id).steps[0].id });
  });

  it("follows a changed answer: a theft's stolen items are dropped when it becomes criminal damage", () => {
    const crime = service("report-crime");
    const theft: Answers = {
      "in-danger": "no", "crime-type": "theft", "on-the-railway": "no", "in-force-area": "yes",
      "date-of-crime": "2026-11-01", "time-of-crime": null, "crime-location": "High Street", "crime-postcode": null,
      "stolen-items": [{ description: "Red bike" }],
    };
    const before = triage(crime, theft);
    expect(before.path).toContain("what-was-stolen");
    expect(before.destination).toEqual({ step: "what-happened" });

    const changed = { ...theft, "crime-type": "criminal-damage" };
    const after = triage(crime, changed);
    expect(after.destination).toEqual({ step: "what-was-damaged" });
    expect(after.path).not.toContain("what-was-stolen");
    expect(answersOnPath(crime, changed, after.path)).not.toHaveProperty("stolen-items");
  });

  describe("danger before completeness", () => {
    const isEmergency = (outcome: string) => outcome === "call-999";
    const first = (id: string) => service(id).steps[0];

    it("finds the emergency route from a page with only the danger answered, the rest blank", () => {
      expect(emergencyRoute(first("report-crime"), { "in-danger": "yes", "crime-type": null }, isEmergency)).toEqual({ outcome: "call-999" });
      expect(emergencyRoute(first("report-fraud"), { "fraud-triage": ["happening-now"] }, isEmergency)).toEqual({ outcome: "call-999" });
      expect(emergencyRoute(first("report-found-property"), { "in-danger": "no", "what-found": "firearm" }, isEmergency)).toEqual({ outcome: "call-999" });
    });

    it("finds none when the answers mean no danger, or when the outcome is not marked an emergency", () => {
      expect(emergencyRoute(first("report-crime"), { "in-danger": "no", "crime-type": null }, isEmergency)).toBeUndefined();
      expect(emergencyRoute(first("report-crime"), { "in-danger": "yes" }, () => false)).toBeUndefined();
      // Report Fraud is an outcome, but not an emergency: a blank danger answer still has to be given.
      expect(emergencyRoute(first("report-crime"), { "in-danger": null, "crime-type": "fraud" }, isEmergency)).toBeUndefined();
    });
  });
});
