import { UPLOAD_RULES, type UploadPurpose, type UploadTicket, type UploadView } from "@chalkline/shared";
import { ApiError, uploadsApi } from "$lib/api";
import { currentLocale, translate } from "$lib/i18n";

export interface UploadScope {
  courseId?: string;
  roomId?: string;
}

/** Why a file cannot be uploaded for `purpose`, before asking the server; null when it can. */
export function checkFile(file: File, purpose: UploadPurpose): string | null {
  const rule = UPLOAD_RULES[purpose];
  if (!rule.contentTypes.includes(file.type))
    return translate("uploads.wrongType", { values: { type: file.type || translate("uploads.unknownType") } });
  if (file.size > rule.maxBytes)
    return translate("uploads.tooLarge", { values: { megabytes: Math.floor(rule.maxBytes / 1024 / 1024) } });
  return null;
}

/**
 * Uploads `file` straight to S3 through a presigned POST, calling `onProgress` with the fraction
 * sent, then has the server check and record it. Errors are `ApiError`s, for `describeError`.
 */
export async function uploadFile(
  file: File,
  purpose: UploadPurpose,
  onProgress: (fraction: number) => void,
  scope: UploadScope = {},
): Promise<UploadView> {
  const ticket = await uploadsApi.presign({
    purpose,
    contentType: file.type,
    size: file.size,
    fileName: file.name,
    ...scope,
  });
  await send(ticket, file, onProgress);
  return uploadsApi.confirm(ticket.upload.key);
}

/** XHR rather than fetch: only XHR reports upload progress. */
function send(ticket: UploadTicket, file: File, onProgress: (fraction: number) => void): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append("file", file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", ticket.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else
        reject(
          new ApiError(xhr.status, {
            code: "invalid_payload",
            message: `the file store refused the file (${s3Code(xhr.responseText)})`,
          }),
        );
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { code: "unavailable", message: "the file store could not be reached" }));
    xhr.send(form);
  });
}

/** The `<Code>` of an S3 error document. */
function s3Code(body: string): string {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? "error";
}

/**
 * Opens a stored file through a fresh presigned URL (they live minutes, so none is kept around).
 * Called from a click: the short request stays within the click's user activation, so no popup blocker.
 */
export async function openUpload(uploadId: string): Promise<void> {
  const { url } = await uploadsApi.downloadUrl(uploadId);
  window.open(url, "_blank", "noopener");
}

/** A file size as people read it, in the page's language: "820 kB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  const [amount, unit, digits]: [number, string, number] =
    bytes < 1024
      ? [bytes, "byte", 0]
      : bytes < 1024 * 1024
        ? [bytes / 1024, "kilobyte", 0]
        : [bytes / 1024 / 1024, "megabyte", 1];
  return new Intl.NumberFormat(currentLocale(), {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(amount);
}
