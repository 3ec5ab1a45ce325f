/**
 * Whether a Content-Type header is exactly JSON: `application/json`, optionally with `charset=utf-8` (JSON is
 * UTF-8, RFC 8259). Parsed by splitting, not by a pattern, so `application/json-seq` or `application/jsonx` are not JSON.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...parameters] = header.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json") return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split("=").map((part) => part.trim());
    return name === "charset" && (value === "utf-8" || value === '"utf-8"');
  });
}

/** Whether a Content-Type header is a form post (what a browser sends without JavaScript). */
export function isFormContentType(header: string | undefined): boolean {
  return (header ?? "").split(";")[0].trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** Whether a Content-Type header is a form post with files (multipart/form-data, with its boundary). */
export function isMultipartContentType(header: string | undefined): boolean {
  return (header ?? "").split(";")[0].trim().toLowerCase() === "multipart/form-data";
}
