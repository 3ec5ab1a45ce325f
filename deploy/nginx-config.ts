/**
 * The production nginx configuration, as text: nginx serves every force's static site straight from the built
 * folder (precompressed, cached like the service would), and hands the few requests that need the service
 * (a report in progress, posts, check-answers, confirmation, the API, health) to a pool of service instances.
 * A pure function, so the same code writes the committed example, an operator's file and the test's file.
 */

export interface NginxOptions {
  /** What nginx listens on, as nginx's `listen` takes it: "80", "127.0.0.1:8080". */
  listen: string;
  /** The public host name(s), as nginx's `server_name` takes them. */
  serverName: string;
  /** The built sites (npm run build's _site), an absolute path. */
  siteDir: string;
  /** The service instances, "host:port" each. */
  upstreams: string[];
  /** The service's security headers, name → value (securityHeaderValues), sent on everything nginx answers itself. */
  headers: Record<string, string>;
  /** Debian's libnginx-mod-http-brotli-static module file, loaded to send the .br files; null for gzip only. */
  brotliModule?: string | null;
  /**
   * A folder for the pid file, logs and temporary files: a self-contained nginx that touches nothing under
   * /etc, /run or /var (tests). Without it, Debian's usual places.
   */
  prefix?: string;
  /** The user nginx's workers run as; nginx's default (nobody) when not given. */
  user?: string;
  workerProcesses?: number | "auto";
  /** The edge limit on posts per client address per second (10); a load test from one address raises it. */
  postsPerSecond?: number;
  /** Pages that take files (deploy/upload-steps.ts): their own body limit, streamed to the service, longer timeouts. */
  uploadSteps?: { path: string; maxBytes: number }[];
}

export const debianBrotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/** Room over the service's 64 KB BODY_LIMIT_BYTES, so the service, not nginx, gives the precise 413. */
const clientMaxBody = "128k";

/** The content types the service sends (Hono's), for the file types the build writes and a few it might. */
const types: [string, string[]][] = [
  ["text/html", ["html"]],
  ["text/css", ["css"]],
  ["text/javascript", ["js", "mjs"]],
  ["image/svg+xml", ["svg"]],
  ["application/json", ["json"]],
  ["application/manifest+json", ["webmanifest"]],
  ["text/plain", ["txt"]],
  ["application/xml", ["xml"]],
  ["image/png", ["png"]],
  ["image/jpeg", ["jpg", "jpeg"]],
  ["image/webp", ["webp"]],
  ["image/x-icon", ["ico"]],
  ["font/woff2", ["woff2"]],
];
/** Hono adds "; charset=utf-8" to these. */
const charsetTypes = ["text/html", "text/css", "text/javascript", "image/svg+xml", "text/plain", "application/xml"];
const gzipTypes = ["text/css", "text/javascript", "image/svg+xml", "application/json", "application/problem+json", "application/manifest+json", "text/plain", "application/xml"];

/** nginx's own answers (not found, too large, too many, unavailable), under a prefix no page uses. */
const answers = "/_front_counter/";

/** nginx's own refusals of API requests, as RFC 9457 problems like the service's (submit-service/http/problem.ts). */
const apiAnswers: { name: string; status: number; title: string; detail: string }[] = [
  { name: "too-large", status: 413, title: "The report is too large", detail: "The body is larger than this service takes." },
  { name: "too-many", status: 429, title: "Too many requests: wait and try again", detail: "Too many requests came from your address." },
  { name: "unavailable", status: 503, title: "The service is unavailable", detail: "No instance answered. If you were given a reference, the report was stored. Try again shortly." },
];

/** A problem document as an nginx single-quoted string (JSON's double quotes need no escaping there). */
/** nginx's own refusals as error pages: a page that does not exist goes to the service (the force's own 404). */
function refusalPages(): string[] {
  return ["error_page 404 = @service;", `error_page 413 ${answers}too-large;`, `error_page 429 ${answers}too-many;`, `error_page 502 503 504 =503 ${answers}unavailable;`];
}

function problemText(answer: (typeof apiAnswers)[number]): string {
  const json = JSON.stringify({ type: "about:blank", title: answer.title, status: answer.status, detail: answer.detail });
  if (/['\\$]/.test(json)) throw new Error(`An nginx problem answer cannot hold a quote, backslash or $: ${json}`);
  return `'${json}'`;
}

/** A double-quoted nginx string. `$` would start a variable and nginx cannot escape it, so it is refused. */
function quoted(value: string, what: string): string {
  if (/["\\$\n\r]/.test(value)) throw new Error(`${what} cannot hold a quote, backslash, $ or line break for nginx: ${value}`);
  return `"${value}"`;
}

function checkOptions(options: NginxOptions) {
  if (!options.upstreams.length) throw new Error("Give at least one service instance (host:port)");
  for (const upstream of options.upstreams) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/.test(upstream)) throw new Error(`A service instance must be host:port, not "${upstream}"`);
  }
  if (!/^[\w.:[\] -]+$/.test(options.listen)) throw new Error(`listen must be like 80 or 127.0.0.1:8080, not "${options.listen}"`);
  if (!/^[\w.* -]+$/.test(options.serverName)) throw new Error(`server name must be host names, not "${options.serverName}"`);
  if (!options.siteDir.startsWith("/")) throw new Error(`The site folder must be an absolute path, not "${options.siteDir}"`);
  for (const name of Object.keys(options.headers)) if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`Not a header name: "${name}"`);
}

export function nginxConfig(options: NginxOptions): string {
  checkOptions(options);
  const { prefix, headers } = options;
  const brotliModule = options.brotliModule === undefined ? debianBrotliModule : options.brotliModule;
  const indent = (lines: string[]) => lines.map((line) => (line ? `    ${line}` : line));
  const securityHeaders = Object.entries(headers).map(([name, value]) => `add_header ${name} ${quoted(value, name)} always;`);
  const under = (name: string) => quoted(`${prefix}/${name}`, "prefix");

  const main = [
    ...(brotliModule ? [`load_module ${quoted(brotliModule, "brotli module")};`] : []),
    ...(options.user ? [`user ${options.user};`] : []),
    `worker_processes ${options.workerProcesses ?? "auto"};`,
    prefix ? `pid ${under("nginx.pid")};` : "pid /run/nginx.pid;",
    prefix ? `error_log ${under("error.log")} warn;` : "error_log /var/log/nginx/error.log warn;",
  ];
  const temporary = prefix
    ? [
        "# Every temporary folder nginx was built with, under the prefix, so nothing is made in /var/lib/nginx.",
        ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `${kind}_temp_path ${under(`tmp/${kind}`)};`),
        "",
      ]
    : [];

  const http = [
    "types {",
    ...types.map(([type, extensions]) => `    ${type} ${extensions.join(" ")};`),
    "}",
    "default_type application/octet-stream;",
    "charset utf-8;",
    `charset_types ${charsetTypes.join(" ")};`,
    "server_tokens off;",
    "sendfile on;",
    "tcp_nopush on;",
    ...temporary,
    "# One JSON line per request, like the service's logs. URLs carry no answers (those are only in POST bodies).",
    `log_format front_counter escape=json '{"time":"$time_iso8601","remote":"$remote_addr","method":"$request_method","uri":"$request_uri","status":$status,"bytes":$body_bytes_sent,"seconds":$request_time,"upstream":"$upstream_addr","upstream_status":"$upstream_status","upstream_seconds":"$upstream_response_time"}';`,
    `access_log ${prefix ? under("access.log") : "/var/log/nginx/access.log"} front_counter;`,
    "",
    "# The build writes a .br and a .gz beside every text file: send those as they are, and compress only what",
    "# has none (the service's own pages). gzip_vary adds Vary: Accept-Encoding to all of them.",
    ...(brotliModule ? ["brotli_static on;"] : []),
    "gzip_static on;",
    "gzip on;",
    "gzip_vary on;",
    "# A CDN in front sends Via; compress for it too.",
    "gzip_proxied any;",
    "gzip_min_length 256;",
    `gzip_types ${gzipTypes.join(" ")};`,
    "",
    "upstream front_counter_service {",
    ...options.upstreams.map((upstream) => `    server ${upstream};`),
    "    # Idle connections kept open to the instances, so a post does not pay for a new connection; closed by nginx",
    "    # before the instances' KEEP_ALIVE_TIMEOUT_SECONDS (75) would close them, so none is used as it closes.",
    "    keepalive 32;",
    "    keepalive_timeout 60s;",
    "}",
    "",
    "# Requests only the service can answer, whatever their URL: every method but GET and HEAD (a step is posted to",
    "# its own page's URL), and anything carrying the draft cookie. The cookie is signed and its Path is the service's",
    "# folder, so the browser sends it only there; nginx need only see it is present, the service checks it.",
    "map $request_method:$cookie_fc_draft $front_counter_service_only {",
    "    ~^(GET|HEAD):$  0;",
    "    default         1;",
    "}",
    "",
    "# Fingerprinted files never change under the same name; every other file is revalidated (as the service does).",
    "map $uri $front_counter_cache_control {",
    '    ~^/(assets|themes)/  "public, max-age=31536000, immutable";',
    '    default              "public, max-age=0, must-revalidate";',
    "}",
    "",
    "# nginx's own 503 (no instance answered) tells clients when to come back; other answers carry no Retry-After.",
    "map $status $front_counter_retry_after {",
    "    503      5;",
    '    default  "";',
    "}",
    "",
    "# A coarse edge limit on posts per address, well above the service's own (RATE_LIMIT_PER_MINUTE per instance),",
    "# which gives the precise 429: this one only stops a flood before it reaches the instances. Requests with an",
    "# empty key (every GET and HEAD) are not counted.",
    "map $request_method $front_counter_post_client {",
    "    POST     $binary_remote_addr;",
    '    default  "";',
    "}",
    `limit_req_zone $front_counter_post_client zone=front_counter_posts:10m rate=${options.postsPerSecond ?? 10}r/s;`,
    "",
    "server {",
    ...indent(server(options, securityHeaders)),
    "}",
  ];

  return [...main, "", "events {", "    worker_connections 1024;", "}", "", "http {", ...indent(http), "}", ""].join("\n");
}

function server(options: NginxOptions, securityHeaders: string[]): string[] {
  return [
    `listen ${options.listen};`,
    `server_name ${options.serverName};`,
    "# TLS: end it here (listen 443 ssl; ssl_certificate …) or at a load balancer in front, which then must send",
    "# X-Forwarded-Proto itself; browsers honour Strict-Transport-Security only over https.",
    `root ${quoted(options.siteDir, "site folder")};`,
    "",
    `client_max_body_size ${clientMaxBody};`,
    "# Bodies are read whole into memory before an instance sees them: a slow client holds nginx, not the service.",
    `client_body_buffer_size ${clientMaxBody};`,
    "limit_req zone=front_counter_posts burst=50 nodelay;",
    "limit_req_status 429;",
    "",
    "# To every instance, the client's request as it came: the service checks a form's Origin against Host",
    "# (so $http_host, port included), and with TRUST_PROXY=true reads the client's address from X-Forwarded-For.",
    "# That is set, not appended to, so a client cannot choose the address its rate limit is counted against.",
    "# Behind a CDN, restore the visitor's address first with set_real_ip_from and real_ip_header.",
    "proxy_http_version 1.1;",
    'proxy_set_header Connection "";',
    "proxy_set_header Host $http_host;",
    "proxy_set_header X-Forwarded-For $remote_addr;",
    "proxy_set_header X-Forwarded-Proto $scheme;",
    "# A dead or unreachable instance is skipped for the next. nginx never re-sends a POST that has reached an",
    "# instance (that needs non_idempotent, which is not given): a report is never sent twice by the proxy,",
    "# and the person who sees an error can send again safely (the service gives the same reference).",
    "proxy_next_upstream error timeout;",
    "proxy_connect_timeout 2s;",
    "proxy_read_timeout 30s;",
    "proxy_send_timeout 30s;",
    "",
    "# nginx's own refusals, in the service's words and with its headers. An error page changes the method to GET.",
    "# A page that does not exist: the service answers with the force's own branded 404 page, in its language.",
    ...refusalPages(),
    "# (`return 418` below hands a request to @service; nothing else uses 418.) A request handed over so has been",
    "# through one error page already: recursive_error_pages lets it have the 503 page too if no instance answers.",
    "error_page 418 = @service;",
    "recursive_error_pages on;",
    "",
    "location / {",
    "    # The security headers go on everything nginx sends itself, errors too (always). A location with an",
    "    # add_header of its own drops every inherited one, so they are all here, and the answers below are nested",
    "    # in this location to inherit them. Proxied locations add none: the service sends its own.",
    ...securityHeaders.map((line) => `    ${line}`),
    "    # Cache-Control without always: on a file sent (200, 206, 304), never on an error, as the service.",
    "    add_header Cache-Control $front_counter_cache_control;",
    "    add_header Retry-After $front_counter_retry_after always;",
    "",
    "    if ($front_counter_service_only) {",
    "        return 418;",
    "    }",
    "    # The build's own records (its manifest) are not pages.",
    "    location ^~ /.front-counter/ {",
    "        return 404;",
    "    }",
    "    # /<force>/…/ is the folder's index.html; a folder without one is not a page (404, as the service says).",
    "    rewrite ^(.*/)$ $1index.html break;",
    "    try_files $uri $uri/index.html =404;",
    "",
    `    location ^~ ${answers} {`,
    "        internal;",
    "        default_type text/plain;",
    `        location = ${answers}too-large { return 413 "What you sent is too large."; }`,
    `        location = ${answers}too-many { return 429 "Too many requests from your connection. Please wait a minute and try again."; }`,
    `        location = ${answers}unavailable { return 503 "The service is unavailable. Please try again in a moment. If you were shown a reference, your report was received."; }`,
    "        # The same refusals under /api, as the API's own errors are: application/problem+json.",
    ...apiAnswers.map(
      (answer) => `        location = ${answers}api-${answer.name} { default_type application/problem+json; return ${answer.status} ${problemText(answer)}; }`,
    ),
    "    }",
    "}",
    "",
    "# Only the service knows a report in progress: check-answers and confirmation (with or without the cookie,",
    "# it sends a visitor without a report back to the start), Exit this page (which deletes the draft), the",
    "# timed-out page, save and come back later (the link asked for, and followed), the JSON API, and the health checks.",
    "location ~ /(check-answers|confirmation|exit|timed-out|save|resume)/$ {",
    "    proxy_pass http://front_counter_service;",
    "}",
    "# Track my report: each force's page (and its Welsh twin) is the service's, which fills in ?reference=.",
    "location ~ ^/[a-z-]+/(track|cy/dilyn)/$ {",
    "    proxy_pass http://front_counter_service;",
    "}",
    "location /api/ {",
    "    proxy_pass http://front_counter_service;",
    "    # nginx's own errors here are problems, like every error the API gives (the service's own pass as they are).",
    `    error_page 413 ${answers}api-too-large;`,
    `    error_page 429 ${answers}api-too-many;`,
    `    error_page 502 503 504 =503 ${answers}api-unavailable;`,
    "}",
    "location = /healthz {",
    "    proxy_pass http://front_counter_service;",
    "}",
    "location = /readyz {",
    "    proxy_pass http://front_counter_service;",
    "}",
    "location @service {",
    "    proxy_pass http://front_counter_service;",
    "}",
    ...uploadLocations(options, securityHeaders),
  ];
}

/**
 * Pages that take files (evidence upload): the same static page for a visitor without a report, but a post may
 * carry the page's largest file, passed to the service as it arrives (not buffered here: the service streams it
 * to its scanner), with time for a phone on a slow connection. The service gives the precise 413 within it.
 */
function uploadLocations(options: NginxOptions, securityHeaders: string[]): string[] {
  const steps = options.uploadSteps ?? [];
  if (!steps.length) return [];
  // The largest post any of these pages takes, and room for its form, rounded up to a whole megabyte.
  const megabytes = Math.ceil(Math.max(...steps.map((s) => s.maxBytes)) / (1024 * 1024)) + 1;
  const body = [`client_max_body_size ${megabytes}m;`, "client_body_timeout 120s;"];
  const streamed = [...body, "proxy_request_buffering off;", "proxy_send_timeout 600s;", "proxy_read_timeout 600s;", "proxy_pass http://front_counter_service;"];
  return [
    "",
    "# Pages that take files: their own body limit, and the body streamed to the service as it comes.",
    `location ~ ^/[a-z-]+/(?:cy/)?report/(?:${steps.map((s) => s.path).join("|")})$ {`,
    ...securityHeaders.map((line) => `    ${line}`),
    "    add_header Cache-Control $front_counter_cache_control;",
    "    add_header Retry-After $front_counter_retry_after always;",
    ...body.map((line) => `    ${line}`),
    "    # error_page given here replaces every inherited one, so all are given again, and posts go to @upload.",
    ...refusalPages().map((line) => `    ${line}`),
    "    error_page 418 = @upload;",
    "    if ($front_counter_service_only) {",
    "        return 418;",
    "    }",
    "    rewrite ^(.*/)$ $1index.html break;",
    "    try_files $uri $uri/index.html =404;",
    "}",
    "location @upload {",
    ...streamed.map((line) => `    ${line}`),
    "}",
    "# Their resumable uploads with JavaScript (tus: POST to begin, HEAD to ask how much arrived, PATCH to send the rest),",
    "# always the service's: each piece streamed to it as it comes, up to the largest file (a client may send it whole).",
    // Quoted: nginx would read the braces of {32} as a block.
    `location ~ "^/[a-z-]+/(?:cy/)?report/(?:${steps.map((s) => s.path).join("|")})uploads/[a-z0-9-]+/(?:[0-9a-f]{32})?$" {`,
    "    limit_except POST PATCH HEAD {",
    "        deny all;",
    "    }",
    ...refusalPages().map((line) => `    ${line}`),
    ...streamed.map((line) => `    ${line}`),
    "}",
  ];
}
