/**
 * Starts the govuk-frontend components our pages use, and only those: the first visit downloads a few KB
 * instead of every component in the design system. Add a component here when a template starts using it.
 */
import { Button, CharacterCount, Checkboxes, createAll, ErrorSummary, ExitThisPage, Radios, ServiceNavigation, SkipLink } from "govuk-frontend";

/**
 * "Exit this page" as govuk-frontend makes it (the button, three presses of Shift, the overlay), but leaving with
 * `location.replace` rather than `location.href = …`: the page left is not kept in the tab's history for Back to
 * bring up again. Its link (the service's exit route) deletes the draft before sending the person on.
 */
class ExitThisPageReplacing extends ExitThisPage {
  exitPage() {
    document.body.classList.add("govuk-exit-this-page-hide-content");
    const overlay = document.createElement("div");
    overlay.className = "govuk-exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = this.i18n.t("activated");
    document.body.append(overlay);
    this.$overlay = overlay; // govuk-frontend takes it away again if the page is shown from the back/forward cache
    window.location.replace(this.$button.href);
  }
}

for (const Component of [Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPageReplacing, Radios, ServiceNavigation, SkipLink]) {
  createAll(Component);
}
