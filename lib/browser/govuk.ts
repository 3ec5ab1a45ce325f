/**
 * Starts the govuk-frontend components our pages use, and only those: the first visit downloads a few KB
 * instead of every component in the design system. Add a component here when a template starts using it.
 */
import { Button, CharacterCount, Checkboxes, createAll, ErrorSummary, ExitThisPage, Radios, ServiceNavigation, SkipLink } from "govuk-frontend";

for (const Component of [Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, Radios, ServiceNavigation, SkipLink]) {
  createAll(Component);
}
