import nodemailer from "nodemailer";
import type { Logger } from "../../platform/logger";
import type { MailMessage } from "./mail.layout";

/** Hands one message to whatever delivers mail; throws when it was not accepted. */
export interface MailTransport {
  deliver(message: MailMessage): Promise<void>;
  close(): void;
}

// Short enough that a stuck relay turns into a retry instead of holding the queue (and shutdown) for minutes.
const SMTP_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** An SMTP relay (`smtp://user:pass@host:587`, `smtps://…`), with connections pooled between messages. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 2, ...SMTP_TIMEOUTS_MS });
  return {
    deliver: async (message) => {
      await transporter.sendMail({ from, ...message });
    },
    close: () => transporter.close(),
  };
}

/** Without a relay (a node started by hand in development) messages go to the log, links included. */
export function logTransport(logger: Logger): MailTransport {
  return {
    deliver: async (message) => {
      logger.info({ to: message.to, subject: message.subject, text: message.text }, "mail (SMTP_URL unset: not sent)");
    },
    close: () => {},
  };
}
