// govuk-frontend ships no types; this is the little of its JavaScript API lib/browser/govuk.ts uses.
declare module "govuk-frontend" {
  type Component = new (...args: never[]) => unknown;
  export const Button: Component;
  export const CharacterCount: Component;
  export const Checkboxes: Component;
  export const ErrorSummary: Component;
  /** Subclassed in lib/browser/govuk.ts to leave with location.replace. */
  export class ExitThisPage {
    constructor($root: Element);
    static moduleName: string;
    $button: HTMLAnchorElement;
    $overlay: HTMLElement | null;
    i18n: { t(key: string): string };
    exitPage(): void;
  }
  export const Radios: Component;
  export const ServiceNavigation: Component;
  export const SkipLink: Component;
  export function createAll(component: Component | typeof ExitThisPage): unknown[];
}
