// govuk-frontend ships no types; this is the little of its JavaScript API lib/browser/govuk.ts uses.
declare module "govuk-frontend" {
  type Component = new (...args: never[]) => unknown;
  export const Button: Component;
  export const CharacterCount: Component;
  export const Checkboxes: Component;
  export const ErrorSummary: Component;
  export const ExitThisPage: Component;
  export const Radios: Component;
  export const ServiceNavigation: Component;
  export const SkipLink: Component;
  export function createAll(component: Component): unknown[];
}
