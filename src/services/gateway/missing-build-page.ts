/** What `/` answers while the web app is not built: the API works, and this is the one command that fixes it. */
export const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Civitas: the web app is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The web app is not built yet</h1>
<p>Civitas is running and its API answers (see <a href="/docs">/docs</a>), but the web app's files are missing.
Build them once, in the folder of Civitas:</p>
<pre style="background: #f3f3f3; padding: 0.75rem">npm run build:web</pre>
<p>Then reload this page; no restart is needed.</p>
</body>
</html>
`;
