/**
 * "Find your force" in the browser: turns the council select into alphagov's accessible autocomplete (loaded after
 * the page is ready, so the select works meanwhile and the first visit stays light), and offers the person's
 * location, tested against the force boundaries, which are fetched only when they ask for it. Every answer from a
 * location says it may be wrong and how to choose the council area instead.
 */
import { forceAt, type ForceBoundaries } from "../geography/point-in-polygon.ts";

interface Autocomplete {
  enhanceSelectElement(options: { selectElement: HTMLSelectElement; defaultValue: string; minLength?: number; autoselect?: boolean; tNoResults?: () => string; tAssistiveHint?: () => string }): void;
}

function enhanceSelect(root: HTMLElement) {
  const select = root.querySelector<HTMLSelectElement>("select[name=area]");
  const url = root.dataset.autocomplete;
  if (!select || !url) return;
  const enhance = async () => {
    const { default: autocomplete } = (await import(/* @vite-ignore */ url)) as { default: Autocomplete };
    // The placeholder option has no text, so the autocomplete does not offer it; the select keeps it as its value until one is chosen.
    const placeholder = select.querySelector<HTMLOptionElement>('option[value=""]');
    if (placeholder) placeholder.textContent = "";
    // The label moves to the autocomplete's text box; the select, hidden, keeps a name for checkers that look at it.
    const label = document.querySelector(`label[for="${select.id}"]`)?.textContent?.trim();
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      minLength: 2,
      // Without autoselect there is no "hint" text box behind the input, which has no label (axe: label).
      autoselect: false,
      tNoResults: () => root.dataset.noResults ?? "No results found",
      tAssistiveHint: () => root.dataset.assistiveHint ?? "When autocomplete results are available use up and down arrows to review and enter to select.",
    });
    if (label) select.setAttribute("aria-label", label);
  };
  if ("requestIdleCallback" in window) window.requestIdleCallback(() => void enhance(), { timeout: 1500 });
  else setTimeout(() => void enhance(), 100);
}

function offerLocation(root: HTMLElement) {
  const section = root.querySelector<HTMLElement>("[data-fc-location]");
  const button = root.querySelector<HTMLButtonElement>("[data-fc-locate]");
  const answer = root.querySelector<HTMLElement>("[data-fc-location-answer]");
  const boundariesUrl = root.dataset.boundaries;
  if (!section || !button || !answer || !boundariesUrl || !("geolocation" in navigator)) return;
  const forces = JSON.parse(root.dataset.forces ?? "{}") as Record<string, string>;
  const resultPattern = root.dataset.resultPattern ?? "/find-your-force/{force}/";
  let boundaries: Promise<ForceBoundaries> | undefined;
  section.hidden = false;

  const say = (text: string) => {
    answer.replaceChildren(text);
  };
  const chooseLink = (text: string) => {
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = "#council-area";
    link.textContent = text;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      root.querySelector<HTMLElement>("#council-area")?.focus();
    });
    return link;
  };
  const found = (force: string) => {
    const [before, after = ""] = (answer.dataset.answer ?? "This looks like {force}").split("{force}");
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = resultPattern.replace("{force}", force);
    link.textContent = forces[force] ?? force;
    const line = document.createElement("p");
    line.className = "govuk-body govuk-!-font-weight-bold";
    line.append(before, link, after);
    const correct = document.createElement("p");
    correct.className = "govuk-body";
    correct.append(chooseLink(answer.dataset.notRight ?? "Not right? Choose your council area"));
    answer.replaceChildren(line, correct);
  };
  const notFound = (text: string | undefined) => {
    const line = document.createElement("p");
    line.className = "govuk-body";
    line.append(chooseLink(text ?? "Choose your council area instead."));
    answer.replaceChildren(line);
  };

  button.addEventListener("click", () => {
    say(answer.dataset.looking ?? "Finding your location…");
    navigator.geolocation.getCurrentPosition(
      async (position) => {
        try {
          // Fetched only now, when the person has asked: the boundaries are the largest file "find your force" has.
          boundaries ??= fetch(boundariesUrl).then((response) => {
            if (!response.ok) throw new Error(String(response.status));
            return response.json() as Promise<ForceBoundaries>;
          });
          const force = forceAt(await boundaries, position.coords.longitude, position.coords.latitude);
          if (force) found(force);
          else notFound(answer.dataset.outside);
        } catch {
          boundaries = undefined;
          notFound(answer.dataset.failed);
        }
      },
      () => notFound(answer.dataset.failed),
      { timeout: 20000, maximumAge: 600000 },
    );
  });
}

for (const root of document.querySelectorAll<HTMLElement>("[data-fc-find-force]")) {
  enhanceSelect(root);
  offerLocation(root);
}
