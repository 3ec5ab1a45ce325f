/**
 * What the editor adds to Decap CMS in the browser: the colour picker that shows the contrast gate's verdict as
 * a colour is chosen (the project's own check, lib/themes/colours.ts, bundled by esbuild), and preview panes
 * that show the real page: an unsaved page or outcome rendered by the editor server with the project's
 * templates, its language twin beside it as saved; for other entries, the saved page from the preview.
 * Decap's bundle provides React's createElement as `h` and create-react-class as `createClass`.
 */
import { contrastProblems } from "../../lib/themes/colours.ts";

interface Immutable {
  get(key: string): unknown;
  getIn(path: string[]): unknown;
  toJS(): unknown;
}
interface WidgetProps {
  value?: string;
  onChange(value: string): void;
  forID: string;
  classNameWrapper: string;
  field: Immutable;
  entry: Immutable;
  setActiveStyle(): void;
  setInactiveStyle(): void;
}
interface PreviewProps {
  entry: Immutable;
}
type Element = unknown;
type Component<P> = { props: P; state: Record<string, unknown>; setState(state: Record<string, unknown>): void; [key: string]: unknown };
declare const h: (type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]) => Element;
declare const createClass: <P>(spec: ThisType<Component<P>> & Record<string, unknown>) => unknown;
declare const CMS: {
  init(options: { config: unknown }): void;
  registerWidget(name: string, control: unknown, preview?: unknown): void;
  registerPreviewTemplate(name: string, component: unknown): void;
  registerPreviewStyle(style: string, options?: { raw: boolean }): void;
};

const hex = /^#[0-9a-fA-F]{6}$/;
const colourFields = ["brandColour", "headerColour", "headerTextColour", "linkColour"] as const;

/** What the contrast gate says of the theme with this field set to `value`: the problems `npm run check` would print. */
function verdict(entry: Immutable, fieldName: string, value: string | undefined) {
  const theme: Record<string, string | undefined> = {};
  for (const name of colourFields) {
    const v = name === fieldName ? value : (entry.getIn(["data", name]) as string | undefined);
    if (v && hex.test(v)) theme[name] = v;
  }
  if (!theme.brandColour) return { ready: false, problems: [] as { field: string; message: string }[] };
  const file = String(entry.get("path") ?? "theme.json");
  return { ready: true, problems: contrastProblems(file, theme as { brandColour: string }) };
}

const ColourControl = createClass<WidgetProps>({
  isValid() {
    const { value, field, entry } = this.props;
    if (value && !hex.test(value)) return { error: { message: "Must be a six-digit hex colour like #1d70b8" } };
    const mine = verdict(entry, String(field.get("name")), value).problems.filter((p) => p.field === `/${String(field.get("name"))}`);
    return mine.length ? { error: { message: mine.map((p) => p.message).join("; ") } } : true;
  },
  render() {
    const { value, onChange, forID, classNameWrapper, field, entry, setActiveStyle, setInactiveStyle } = this.props;
    const name = String(field.get("name"));
    const { ready, problems } = verdict(entry, name, value);
    const mine = problems.filter((p) => p.field === `/${name}`);
    const others = problems.filter((p) => p.field !== `/${name}`);
    const status = !value
      ? "Not set: the default applies."
      : !hex.test(value)
        ? "Must be a six-digit hex colour like #1d70b8."
        : !ready
          ? "Set the brand colour first."
          : mine.length
            ? `Fails the contrast check: ${mine.map((p) => p.message).join("; ")}`
            : "Passes the contrast check (WCAG 2.2 AA).";
    return h(
      "div",
      { className: classNameWrapper, onFocus: setActiveStyle, onBlur: setInactiveStyle },
      h(
        "div",
        { style: { display: "flex", gap: "0.75rem", alignItems: "center" } },
        h("input", { type: "color", "aria-label": `${String(field.get("label"))}: colour picker`, value: value && hex.test(value) ? value : "#000000", onChange: (e: { target: { value: string } }) => onChange(e.target.value) }),
        h("input", { id: forID, type: "text", value: value ?? "", placeholder: "#1d70b8", spellCheck: false, style: { fontFamily: "monospace", width: "8rem" }, onChange: (e: { target: { value: string } }) => onChange(e.target.value.trim()) }),
      ),
      h("p", { role: "status", "data-contrast": mine.length ? "fails" : "passes", style: { margin: "0.5rem 0 0", color: mine.length ? "#d4351c" : "#00703c", fontWeight: 600 } }, status),
      others.length ? h("p", { style: { margin: "0.25rem 0 0", color: "#505a5f" } }, `Elsewhere in this theme: ${others.map((p) => p.message).join("; ")}`) : null,
    );
  },
});

interface ForceSummary {
  id: string;
  name: string;
  languages: string[];
  theme: string;
}
interface PageFile {
  file: string;
  lang: "en" | "cy";
  stale?: boolean;
  twin?: string;
}
let forces: ForceSummary[] = [];
let pages: PageFile[] = [];
const origin = window.location.origin;

const frame = (title: string, src: string | undefined) =>
  h("iframe", { title, src, style: { width: "100%", height: "100%", minHeight: "85vh", border: "1px solid #b1b4b6", background: "#fff" } });

/** The URL of a saved page, for entries the editor does not render unsaved. */
function savedPage(path: string, force: ForceSummary, lang: string): string {
  const base = lang === "cy" && force.languages.includes("cy") ? `/${force.id}/cy/` : `/${force.id}/`;
  const service = /^content\/services\/([a-z0-9-]+)\/service\.json$/.exec(path);
  return origin + (service ? `${base}report/${service[1]}/` : base);
}

/** Which force an entry is naturally previewed as: its own force, a force wearing the theme, or one that publishes its language. */
function defaultForce(path: string, lang: string): ForceSummary | undefined {
  const own = /^forces\/([a-z0-9-]+)(\.json|\/)/.exec(path)?.[1];
  const theme = /^themes\/([a-z0-9-]+)\//.exec(path)?.[1];
  return forces.find((f) => f.id === own) ?? forces.find((f) => f.theme === theme) ?? forces.find((f) => f.languages.includes(lang)) ?? forces[0];
}

/** Pages, outcomes and themes are rendered as they are in the editor; the rest as saved. */
const livePreview = (path: string) => path.endsWith(".md") || /^themes\/[a-z0-9-]+\/theme\.json$/.test(path);

const langOf = (path: string) => (path.endsWith(".cy.md") || path.endsWith("/cy.json") ? "cy" : "en");

const Preview = createClass<PreviewProps>({
  getInitialState() {
    return { force: "", src: undefined, problems: [], version: 0 };
  },
  componentDidMount() {
    (this.refresh as () => void)();
  },
  componentDidUpdate(previous: PreviewProps) {
    if (previous.entry !== this.props.entry) (this.refresh as () => void)();
  },
  componentWillUnmount() {
    clearTimeout(this.timer as number);
  },
  chosenForce(): ForceSummary | undefined {
    const path = String(this.props.entry.get("path"));
    return forces.find((f) => f.id === this.state.force) ?? defaultForce(path, langOf(path));
  },
  refresh() {
    clearTimeout(this.timer as number);
    // Typing changes the entry at every key: render once it pauses.
    this.timer = setTimeout(() => void (this.renderEntry as () => Promise<void>)(), 250);
  },
  async renderEntry() {
    const path = String(this.props.entry.get("path"));
    const force = (this.chosenForce as () => ForceSummary | undefined)();
    if (!force) return;
    if (!livePreview(path)) {
      this.setState({ src: savedPage(path, force, langOf(path)), problems: [] });
      return;
    }
    const version = (this.state.version as number) + 1;
    this.setState({ version });
    const response = await fetch("/__editor/render", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ file: path, data: this.props.entry.get("data") ? (this.props.entry.get("data") as Immutable).toJS() : {}, force: force.id, lang: langOf(path) }),
    });
    const answer = (await response.json()) as { ok: boolean; page?: string; problems?: string[] };
    if (this.state.version !== version) return;
    this.setState(answer.ok ? { src: origin + answer.page!, problems: [] } : { problems: answer.problems ?? [] });
  },
  render() {
    const path = String(this.props.entry.get("path"));
    const lang = langOf(path);
    const force = (this.chosenForce as () => ForceSummary | undefined)();
    const page = pages.find((p) => p.file === path);
    const twinOf = page?.twin ? pages.find((p) => p.file === page.twin) : undefined;
    const live = livePreview(path);
    const problems = this.state.problems as string[];
    const choices = forces.filter((f) => f.languages.includes(lang));
    const pageSlug = /^(?:content\/pages|forces\/[a-z0-9-]+\/pages)\/(.+?)(\.cy)?\.md$/.exec(path);
    const twinUrl = force && twinOf && pageSlug && path.startsWith("content/pages/") && force.languages.includes("cy")
      ? `${origin}/${force.id}/${twinOf.lang === "cy" ? "cy/" : ""}${pageSlug[1] === "index" ? "" : `${pageSlug[1].replace(/\/index$/, "")}/`}`
      : undefined;
    const warning = page?.stale
      ? "⚠ The English page changed after this Welsh page was last saved: check the Welsh still says the same."
      : twinOf?.stale
        ? "⚠ This English page changed after its Welsh twin: the Welsh may need translating again."
        : undefined;
    return h(
      "div",
      { style: { fontFamily: "system-ui, sans-serif", padding: "0.5rem" } },
      h(
        "p",
        { style: { margin: "0 0 0.5rem" } },
        h("label", { htmlFor: "preview-force" }, "Preview as "),
        h("select", { id: "preview-force", value: force?.id, onChange: (e: { target: { value: string } }) => { this.setState({ force: e.target.value }); (this.refresh as () => void)(); } }, ...choices.map((f) => h("option", { key: f.id, value: f.id }, f.name))),
        ` in ${lang === "cy" ? "Welsh" : "English"} — ${live ? "as you type (not yet saved)" : "as saved: save to see your change"}`,
      ),
      warning ? h("p", { role: "alert", style: { margin: "0 0 0.5rem", padding: "0.5rem", background: "#fff7bf", borderLeft: "5px solid #ffdd00" } }, warning) : null,
      problems.length ? h("ul", { role: "alert", style: { color: "#d4351c" } }, ...problems.map((p, i) => h("li", { key: i }, p))) : null,
      h(
        "div",
        { style: { display: "flex", gap: "0.5rem" } },
        h("div", { style: { flex: 1 } }, frame(`${lang === "cy" ? "Welsh" : "English"} page, ${live ? "unsaved" : "saved"}`, this.state.src as string | undefined)),
        twinUrl ? h("div", { style: { flex: 1 } }, h("p", { style: { margin: "0 0 0.25rem" } }, `Its ${twinOf!.lang === "cy" ? "Welsh" : "English"} twin, as saved`), frame(`${twinOf!.lang === "cy" ? "Welsh" : "English"} twin, saved`, twinUrl)) : null,
      ),
    );
  },
});

interface Config {
  collections: { files?: { name: string }[] }[];
}

async function start() {
  const [config, forceList, pageList] = await Promise.all([
    fetch("/admin/config.json").then((r) => r.json() as Promise<Config>),
    fetch("/__editor/forces").then((r) => r.json() as Promise<ForceSummary[]>),
    fetch("/__editor/pages").then((r) => r.json() as Promise<PageFile[]>),
  ]);
  forces = forceList;
  pages = pageList;
  CMS.registerWidget("contrast-colour", ColourControl);
  // A files collection's preview template is registered by file name.
  for (const collection of config.collections) for (const file of collection.files ?? []) CMS.registerPreviewTemplate(file.name, Preview);
  CMS.init({ config });
}

void start();
