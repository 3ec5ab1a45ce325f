import type { Locales } from "../../lib/i18n/locales.ts";
import type { EmailSender } from "./message.ts";
import { notifySender } from "./notify.ts";
import type { EmailSettings } from "./settings.ts";
import { smtpSender } from "./smtp.ts";

/** The adapter the settings choose. */
export function emailSender(settings: EmailSettings, locales: Locales): EmailSender {
  return settings.provider === "notify" ? notifySender(settings.notify) : smtpSender(settings.smtp, locales);
}
