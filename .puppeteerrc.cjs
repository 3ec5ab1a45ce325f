// pa11y-ci drives Chromium through puppeteer: use Debian's chromium, never download one (there is no network for it).
module.exports = { skipDownload: true, executablePath: "/usr/bin/chromium" };
