/**
 * Evidence sent with JavaScript: fetched by the step page's script (step-form.ts) only on a page that takes files,
 * and only once a file is chosen, so no other page, and no first load, carries it. The chosen file goes to the
 * question's resumable endpoint (`<step>/uploads/<question>/`, the tus protocol) in pieces, with a labelled
 * progress bar and a live region saying how far it has got; a dropped connection is picked up where it stopped
 * (tus-js-client asks the server how much it holds, and sends the rest). Once the server has checked, scanned and
 * kept it, the page is posted as "Upload file" would post it, without the file, so the server shows it in the list
 * of files added with whatever else was typed on the page. Without JavaScript, the page's own form does all of it.
 */
import { Upload } from "tus-js-client";

export interface UploadStrings {
  /** "Uploading {name}: {percent}%" */
  progress: string;
  /** "{name} has been uploaded and checked" */
  done: string;
  /** "Connection lost. The upload will carry on when you are back online." */
  offline: string;
  /** "The file could not be uploaded. Try again." */
  failed: string;
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);

/** Waits between attempts after a dropped connection: quickly at first, then every 10 s for about 10 minutes. */
const retryDelays = [0, 1000, 3000, 5000, ...Array<number>(60).fill(10000)];

/**
 * Takes over one file question's input: a file chosen is uploaded at once. Returns whether an upload is under way,
 * so the page's own buttons wait for it.
 */
export function startUpload(form: HTMLFormElement, input: HTMLInputElement, strings: UploadStrings): { busy: () => boolean } {
  const question = input.name;
  const endpoint = new URL(`uploads/${question}/`, new URL(form.action, window.location.href)).href;
  const group = input.closest(".govuk-form-group") ?? input.parentElement!;
  const uploadButton = form.querySelector<HTMLButtonElement>(`button[name="action"][value="upload:${CSS.escape(question)}"]`);
  // The progress bar and what it says, after the file input: the live region is on the page before anything is said in it.
  const panel = document.createElement("div");
  panel.className = "fc-upload";
  panel.hidden = true;
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = `${input.id}-progress`;
  const bar = document.createElement("progress");
  bar.id = `${input.id}-progress`;
  bar.max = 100;
  bar.value = 0;
  bar.className = "fc-upload__bar";
  const status = document.createElement("p");
  status.className = "govuk-body";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  panel.append(label, bar);
  group.after(panel);
  panel.after(status);
  let current: Upload | undefined;
  let lastSaid = -1;
  const say = (words: string, error = false) => {
    status.textContent = words;
    status.className = error ? "govuk-error-message" : "govuk-body";
  };

  function send(file: File) {
    let waitingForOnline = false;
    panel.hidden = false;
    bar.value = 0;
    lastSaid = -1;
    label.textContent = fill(strings.progress, { name: file.name, percent: "0" });
    say(label.textContent);
    const upload = new Upload(file, {
      endpoint,
      retryDelays,
      // Pieces small enough that each request is short on a slow phone; the server keeps what each one brought.
      chunkSize: 8 * 1024 * 1024,
      metadata: { filename: file.name },
      // The draft cookie authorises every request; nothing of the upload is kept in the browser's storage.
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        // The server refused the file (its size, its kind, a virus, too many): trying again would not change that.
        // Offline, it waits for the connection instead (onError), rather than spending its tries.
        return navigator.onLine && (status === 0 || status === 409 || status === 423 || (status >= 500 && status !== 503));
      },
      onProgress: (sent, total) => {
        const percent = Math.floor((sent / total) * 100);
        bar.value = percent;
        label.textContent = fill(strings.progress, { name: file.name, percent: String(percent) });
        // Said every tenth, not every byte, so a screen reader is not flooded.
        if (percent >= lastSaid + 10 || percent === 100) {
          lastSaid = percent - (percent % 10);
          say(label.textContent);
        }
      },
      onError: (error) => {
        if (!navigator.onLine) return waitForConnection();
        const response = (error as { originalResponse?: { getBody(): string } | null }).originalResponse;
        current = undefined;
        panel.hidden = true;
        input.value = "";
        // The server's own words (the limit broken, the virus found, the scanner unavailable), or else a plain "try again".
        say(response?.getBody()?.trim() || strings.failed, true);
        input.focus();
      },
      onSuccess: () => {
        bar.value = 100;
        say(fill(strings.done, { name: file.name }));
        input.value = "";
        current = undefined;
        // The page again from the server, with the file in its list and the rest of the form as typed.
        if (uploadButton) {
          uploadButton.value = `uploaded:${question}`;
          setTimeout(() => form.requestSubmit(uploadButton));
        } else window.location.assign(window.location.href);
      },
    });
    /** Offline: stop, say so, and carry on from where it stopped as soon as the connection is back. */
    function waitForConnection() {
      if (waitingForOnline) return;
      waitingForOnline = true;
      void upload.abort();
      say(strings.offline);
      const back = window.setInterval(() => {
        if (!navigator.onLine) return;
        window.clearInterval(back);
        waitingForOnline = false;
        upload.start(); // asks the server how much it holds (HEAD), and sends the rest
      }, 1000);
    }
    window.addEventListener("offline", () => current === upload && waitForConnection());
    current = upload;
    upload.start();
  }

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file && !current) send(file);
  });
  const chosen = input.files?.[0];
  if (chosen) send(chosen);
  return { busy: () => current !== undefined };
}
